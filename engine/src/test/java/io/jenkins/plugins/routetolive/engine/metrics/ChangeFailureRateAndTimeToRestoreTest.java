package io.jenkins.plugins.routetolive.engine.metrics;

import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.ledger.InMemoryLedger;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;
import io.jenkins.plugins.routetolive.engine.rollback.ManualRollback;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static io.jenkins.plugins.routetolive.engine.metrics.LedgerScript.PRODUCTION;
import static org.assertj.core.api.Assertions.assertThat;

/** Change failure rate and time to restore on hand-built ledgers with known answers. */
class ChangeFailureRateAndTimeToRestoreTest {

    private final LedgerScript script = new LedgerScript(new InMemoryLedger());

    @Test
    void failedGatesRollbacksAndBrokenEnvironmentsFailChangesThatReachedDeploying() {
        Artifact v1 = script.register("1.0");
        script.verified(v1, PRODUCTION);
        script.verified(script.register("1.1"), PRODUCTION);
        script.rolledBack(script.register("2.0"), PRODUCTION, v1, Duration.ofMinutes(3));
        script.rollbackFailed(script.register("2.1"), PRODUCTION, v1, Duration.ofMinutes(3));
        script.resolved(v1, PRODUCTION);
        script.failedLeftAsIs(script.register("2.2"), PRODUCTION);

        ChangeFailureRate rate = script.production(30).current().changeFailureRate();

        assertThat(rate).isEqualTo(new ChangeFailureRate(3, 5));
        assertThat(rate.rate()).contains(0.6);
    }

    @Test
    void rejectedApprovalsAndRequestsRefusedBeforeDeployingAreNoChanges() {
        Artifact v1 = script.register("1.0");
        script.rejected(v1, PRODUCTION);
        script.refusedBeforeDeploying(v1, PRODUCTION);

        WindowMeasures m = script.production(30).current();

        assertThat(m.changeFailureRate()).isEqualTo(new ChangeFailureRate(0, 0));
        assertThat(m.changeFailureRate().rate()).as("no data, not 0 %").isEmpty();
        assertThat(m.timeToRestore()).isEmpty();
        assertThat(m.failingSince()).isEmpty();
    }

    @Test
    void timeToRestoreRunsFromTheFailureToTheRollbackTheResolutionOrTheNextVerifiedPromotion() {
        Artifact v1 = script.register("1.0");
        script.verified(v1, PRODUCTION);
        script.advance(Duration.ofHours(1));
        script.rolledBack(script.register("2.0"), PRODUCTION, v1, Duration.ofMinutes(5));
        script.advance(Duration.ofHours(1));
        script.rollbackFailed(script.register("2.1"), PRODUCTION, v1, Duration.ofMinutes(2));
        script.advance(Duration.ofMinutes(58));
        script.resolved(v1, PRODUCTION);
        script.advance(Duration.ofHours(1));
        script.failedLeftAsIs(script.register("2.2"), PRODUCTION);
        script.advance(Duration.ofMinutes(30));
        script.verified(script.register("2.3"), PRODUCTION);

        DurationSummary restore = script.production(30).current().timeToRestore().orElseThrow();

        // 5 min (rolled back), 60 min (rollback failed, resolution recorded), 30 min (next verified promotion)
        assertThat(restore.count()).isEqualTo(3);
        assertThat(restore.p50()).isEqualTo(Duration.ofMinutes(30));
        assertThat(restore.max()).isEqualTo(Duration.ofMinutes(60));
    }

    @Test
    void aManualRollbackRestoresAFailedEnvironment() {
        Artifact v1 = script.register("1.0");
        script.verified(v1, PRODUCTION);
        script.failedLeftAsIs(script.register("2.0"), PRODUCTION);
        script.advance(Duration.ofMinutes(20));
        script.manualRollback(v1, PRODUCTION);

        WindowMeasures m = script.production(30).current();

        assertThat(m.timeToRestore()).map(DurationSummary::max).contains(Duration.ofMinutes(20));
        assertThat(m.deploymentFrequency().deployments()).isEqualTo(1);
        assertThat(m.changeFailureRate()).isEqualTo(new ChangeFailureRate(1, 2));
        assertThat(m.failingSince()).isEmpty();
    }

    @Test
    void aFailureDuringAnotherIsPartOfOneOutageThatIsRestoredOnce() {
        Artifact v1 = script.register("1.0");
        script.verified(v1, PRODUCTION);
        script.failedLeftAsIs(script.register("2.0"), PRODUCTION);
        script.advance(Duration.ofMinutes(10));
        script.failedLeftAsIs(script.register("2.1"), PRODUCTION);
        script.advance(Duration.ofMinutes(10));
        script.verified(script.register("2.2"), PRODUCTION);

        WindowMeasures m = script.production(30).current();

        assertThat(m.changeFailureRate()).isEqualTo(new ChangeFailureRate(2, 4));
        assertThat(m.timeToRestore()).map(DurationSummary::count).contains(1);
        assertThat(m.timeToRestore()).map(DurationSummary::max).contains(Duration.ofMinutes(20));
    }

    @Test
    void aFailedManualRollbackIsAnOutageButNoFailedChange() {
        Artifact v1 = script.register("1.0");
        script.verified(v1, PRODUCTION);
        Artifact v2 = script.register("2.0");
        script.verified(v2, PRODUCTION);
        String id = "rollback-9";
        script.state(id, v1, PRODUCTION, PromotionState.REQUESTED,
                Map.of(ManualRollback.KIND_ATTRIBUTE, ManualRollback.KIND_ROLLBACK));
        script.state(id, v1, PRODUCTION, PromotionState.DEPLOYING, Map.of());
        script.state(id, v1, PRODUCTION, PromotionState.FAILED, Map.of());
        script.advance(Duration.ofMinutes(4));
        script.state(id, v1, PRODUCTION, PromotionState.ROLLING_BACK, Map.of());
        script.state(id, v1, PRODUCTION, PromotionState.ROLLED_BACK, Map.of());

        WindowMeasures m = script.production(30).current();

        assertThat(m.changeFailureRate()).isEqualTo(new ChangeFailureRate(0, 2));
        assertThat(m.timeToRestore()).map(DurationSummary::max).contains(Duration.ofMinutes(4));
    }

    @Test
    void aFailureNotYetRestoredIsReportedAsFailingSinceAndCountsWhereItIsRestored() {
        Artifact v1 = script.register("1.0");
        script.verified(v1, PRODUCTION);
        script.advance(Duration.ofDays(3));
        Instant failed = script.clock.instant();
        script.failedLeftAsIs(script.register("2.0"), PRODUCTION);
        script.advance(Duration.ofDays(1));

        WindowMeasures open = script.production(7).current();
        assertThat(open.failingSince()).contains(failed);
        assertThat(open.timeToRestore()).as("not restored yet: no duration to count").isEmpty();
        assertThat(open.changeFailureRate()).isEqualTo(new ChangeFailureRate(1, 2));

        script.advance(Duration.ofDays(6));
        script.manualRollback(v1, PRODUCTION);
        DeliveryMetrics later = script.production(7);

        assertThat(later.current().window().start()).as("the failure is exactly on the edge").isEqualTo(failed);
        assertThat(later.current().timeToRestore()).map(DurationSummary::max).as("counted in the window it was restored in")
                .contains(Duration.ofDays(7));
        assertThat(later.current().changeFailureRate().changes()).as("the failure itself fell in the previous window").isZero();
        assertThat(later.previous().changeFailureRate()).isEqualTo(new ChangeFailureRate(1, 2));
        assertThat(later.previous().failingSince()).as("it was still failing when the previous window ended").contains(failed);
        assertThat(later.previous().timeToRestore()).isEmpty();
        assertThat(later.current().failingSince()).isEmpty();
    }
}
