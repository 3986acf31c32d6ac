package io.jenkins.plugins.routetolive.engine.promotion;

import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;

import static io.jenkins.plugins.routetolive.engine.promotion.PromotionFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

/** A build aborted while its promotion waits in line for a single-version environment leaves no promotion behind. */
class WithdrawnRequestTest {

    private final PromotionFixture f = new PromotionFixture();

    @Test
    void cancelledWaitingRequestNeverStartsAndDoesNotHoldTheEnvironment() {
        Artifact first = f.registered("1.0.0");
        Artifact aborted = f.registered("1.1.0");
        Artifact later = f.registered("1.2.0");
        for (Artifact a : new Artifact[] {first, aborted, later}) {
            f.promoteThrough(a, "development");
        }
        Promotion holder = f.request(first, "test");
        CompletableFuture<Promotion> waiting = f.service.request(f.requestOf(aborted, "test", PromotionFixture.DEVELOPER));
        assertThat(waiting).isNotDone();

        waiting.cancel(false);
        PromotionOutcome outcome = f.deployAndVerify(f.approveAsNeeded(holder), PromotionFixture.passing());
        assertThat(outcome.state()).isEqualTo(PromotionState.VERIFIED);

        assertThat(f.ledger.history("shop")).noneMatch(e -> e.digest().equals(aborted.digest()) && e.environment().equals("test"));
        assertThat(f.ledger.activePromotions()).isEmpty();
        CompletableFuture<Promotion> next = f.service.request(f.requestOf(later, "test", PromotionFixture.DEVELOPER));
        assertThat(next).as("test is free again").isDone();
        assertThat(await(next).state()).isEqualTo(PromotionState.AWAITING_APPROVAL);
    }
}
