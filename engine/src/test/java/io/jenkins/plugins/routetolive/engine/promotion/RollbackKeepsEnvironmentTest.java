package io.jenkins.plugins.routetolive.engine.promotion;

import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.gate.Gate;
import io.jenkins.plugins.routetolive.engine.gate.GateSubject;
import io.jenkins.plugins.routetolive.engine.gate.GateVerdict;
import io.jenkins.plugins.routetolive.engine.ledger.EntryType;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.jenkins.plugins.routetolive.engine.promotion.PromotionFixture.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A single-version environment stays taken while it is being restored, and freezes are checked again at deploy time. */
class RollbackKeepsEnvironmentTest {

    private final PromotionFixture f = new PromotionFixture();

    @Test
    void nextPromotionWaitsUntilTheRollbackHasEnded() {
        Artifact good = f.registered("1.0.0");
        Artifact bad = f.registered("1.1.0");
        Artifact next = f.registered("1.2.0");
        f.promoteThrough(good, "test");
        f.promoteThrough(bad, "development");
        f.promoteThrough(next, "development");

        CompletableFuture<GateVerdict> rollbackVerdict = new CompletableFuture<>();
        Gate gate = new Gate() {
            @Override
            public CompletableFuture<GateVerdict> evaluate(GateSubject subject) {
                if (subject.artifact().equals(bad)) {
                    return CompletableFuture.completedFuture(new GateVerdict("test gate", false, "unhealthy", List.of(),
                            Duration.ZERO));
                }
                return rollbackVerdict;
            }

            @Override
            public String describe() {
                return "test gate";
            }
        };
        Promotion failing = f.approveAsNeeded(f.request(bad, "test"));
        CompletableFuture<PromotionOutcome> outcome = f.rollout.deployAndVerify(failing.id(), f.deployer, gate);
        assertThat(f.service.promotion(failing.id()).state()).isEqualTo(PromotionState.ROLLING_BACK);

        CompletableFuture<Promotion> queued = f.service.request(f.requestOf(next, "test", PromotionFixture.DEVELOPER));
        assertThat(queued).as("test holds one version: the rollback of 1.1.0 is still in flight").isNotDone();

        rollbackVerdict.complete(new GateVerdict("test gate", true, "healthy", List.of(), Duration.ZERO));
        assertThat(await(outcome).state()).isEqualTo(PromotionState.ROLLED_BACK);
        assertThat(await(queued).state()).isEqualTo(PromotionState.AWAITING_APPROVAL);
    }

    @Test
    void approvalThatArrivesInsideAFreezeDoesNotDeploy() {
        Artifact artifact = f.registered("1.0.0");
        f.promoteThrough(artifact, "stage");
        Promotion requested = f.request(artifact, "production");
        f.clock.set(Instant.parse("2026-11-20T13:00:00Z")); // Friday afternoon: the weekend freeze has begun
        Promotion approved = f.approveAsNeeded(requested);

        assertThatThrownBy(() -> f.rollout.deployAndVerify(approved.id(), f.deployer, PromotionFixture.passing()))
                .isInstanceOf(PromotionRefusedException.class)
                .hasMessageContaining("has been frozen by weekend-freeze")
                .hasMessageContaining("emergency override");
        assertThat(f.service.promotion(approved.id()).state()).isEqualTo(PromotionState.FAILED);
        assertThat(f.deployer.running("shop", "production")).isEmpty();
        assertThat(f.ledger.promotionHistory(approved.id())).extracting(LedgerEntry::type)
                .doesNotContain(EntryType.FREEZE_OVERRIDDEN);
    }
}
