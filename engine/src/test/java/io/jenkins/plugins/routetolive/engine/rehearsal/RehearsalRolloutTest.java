package io.jenkins.plugins.routetolive.engine.rehearsal;

import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.deploy.DeploymentRequest;
import io.jenkins.plugins.routetolive.engine.ledger.EntryType;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerReport;
import io.jenkins.plugins.routetolive.engine.promotion.Promotion;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionOutcome;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionRefusedException;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionRequest;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;
import io.jenkins.plugins.routetolive.engine.promotion.Rollout;
import io.jenkins.plugins.routetolive.engine.testing.RouteBench;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RehearsalRolloutTest {

    private RouteBench bench;

    @BeforeEach
    void start() throws Exception {
        bench = new RouteBench();
    }

    @AfterEach
    void stop() {
        bench.close();
    }

    private List<LedgerEntry> rehearsals(String version) {
        return bench.ledger.history("shop").stream()
                .filter(e -> e.type() == EntryType.REHEARSAL && e.version().equals(version)).toList();
    }

    @Test
    void productionRefusesAReleaseWhoseStageVerificationHasNoRehearsal() {
        Artifact shop = bench.register("shop", "1.0.0");
        bench.promote(shop, "development");
        bench.promote(shop, "test");
        Promotion stage = bench.request(shop, "stage");
        PromotionOutcome unrehearsed = new Rollout(bench.service)
                .deployAndVerify(stage.id(), bench.deployer, bench.gate("shop", "stage")).join();
        assertThat(unrehearsed.state()).isEqualTo(PromotionState.VERIFIED);

        assertThatThrownBy(() -> bench.service.request(PromotionRequest.of("shop", shop.digest(), "production",
                bench.developer)).join())
                .isInstanceOf(CompletionException.class).cause()
                .isInstanceOf(PromotionRefusedException.class)
                .hasMessageStartingWith("Cannot promote shop 1.0.0 (" + shop.digest().shortForm() + ") to production: its "
                        + "verification in stage has no successful rollback rehearsal")
                .hasMessageContaining("Promote it to stage again with a rollout that rehearses");

        assertThat(bench.promote(shop, "stage").state()).isEqualTo(PromotionState.VERIFIED);
        assertThat(bench.promote(shop, "production").state()).isEqualTo(PromotionState.VERIFIED);
    }

    @Test
    void aFirstReleaseHasNothingToRollBackToAndThatCountsAsRehearsed() {
        Artifact shop = bench.register("shop", "1.0.0");
        for (String env : bench.deployEnvironments()) {
            assertThat(bench.promote(shop, env).state()).as(env).isEqualTo(PromotionState.VERIFIED);
        }
        assertThat(rehearsals("1.0.0")).singleElement()
                .satisfies(e -> assertThat(e.attribute(LedgerEntry.Attributes.REHEARSAL)).isEqualTo("nothing-to-roll-back-to"));
    }

    @Test
    void rehearsesOnlyWhereTheRouteAsksAndRecordsItInTheHistory() {
        Artifact old = bench.register("shop", "1.0.0");
        Artifact next = bench.register("shop", "1.1.0");
        for (Artifact a : List.of(old, next)) {
            for (String env : List.of("development", "test", "stage")) {
                assertThat(bench.promote(a, env).state()).isEqualTo(PromotionState.VERIFIED);
            }
        }
        List<String> stageDeployments = bench.deployer.history().stream().filter(r -> r.environment().equals("stage"))
                .map(DeploymentRequest::artifact).map(Artifact::version).toList();
        List<String> testDeployments = bench.deployer.history().stream().filter(r -> r.environment().equals("test"))
                .map(DeploymentRequest::artifact).map(Artifact::version).toList();

        assertThat(stageDeployments).containsExactly("1.0.0", "1.1.0", "1.0.0", "1.1.0");
        assertThat(testDeployments).containsExactly("1.0.0", "1.1.0");
        assertThat(rehearsals("1.1.0")).singleElement()
                .satisfies(e -> assertThat(e.attribute(LedgerEntry.Attributes.REHEARSAL)).isEqualTo("passed"));
        assertThat(new LedgerReport(bench.ledger).history("shop")).contains("rehearsal passed");
    }

    @Test
    void aReleaseThatFailsItsGateIsRolledBackWithoutARehearsal() {
        Artifact old = bench.register("shop", "1.0.0");
        Artifact next = bench.register("shop", "1.1.0");
        for (Artifact a : List.of(old, next)) {
            for (String env : List.of("development", "test")) {
                bench.promote(a, env);
            }
        }
        bench.promote(old, "stage");
        bench.sick("stage", "shop", "1.1.0");

        PromotionOutcome outcome = bench.promote(next, "stage");

        assertThat(outcome.state()).isEqualTo(PromotionState.ROLLED_BACK);
        assertThat(rehearsals("1.1.0")).isEmpty();
        assertThat(bench.ledger.environment("shop", "stage").current()).get().extracting(d -> d.version()).isEqualTo("1.0.0");
    }
}
