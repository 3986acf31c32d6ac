package io.jenkins.plugins.routetolive.engine.metrics;

import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.ledger.EntryType;
import io.jenkins.plugins.routetolive.engine.ledger.InMemoryLedger;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.jenkins.plugins.routetolive.engine.metrics.LedgerScript.APP;
import static io.jenkins.plugins.routetolive.engine.metrics.LedgerScript.PRODUCTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Deployment frequency and lead time for changes on hand-built ledgers with known answers. */
class DeploymentFrequencyAndLeadTimeTest {

    private final LedgerScript script = new LedgerScript(new InMemoryLedger());

    @Test
    void countsVerifiedPromotionsPerDayAndPerWeek() {
        for (int i = 1; i <= 6; i++) {
            Artifact a = script.register("1." + i);
            script.advance(Duration.ofHours(1));
            script.verified(a, "test");
            script.verified(a, PRODUCTION);
            script.advance(Duration.ofDays(2));
        }

        DeploymentFrequency f = script.production(30).current().deploymentFrequency();

        assertThat(f.deployments()).isEqualTo(6);
        assertThat(f.perDay()).hasValueSatisfying(d -> assertThat(d).isCloseTo(0.2, within(1e-9)));
        assertThat(f.perWeek()).hasValueSatisfying(w -> assertThat(w).isCloseTo(1.4, within(1e-9)));
        assertThat(script.ledger.metrics(APP, "test", MetricsWindow.endingNow(script.clock)).current()
                .deploymentFrequency().deployments()).as("test counts its own promotions").isEqualTo(6);
    }

    @Test
    void leadTimeRunsFromRegistrationToVerificationWithNearestRankPercentiles() {
        long[] leadHours = {3, 1, 10, 4, 2};
        for (int i = 0; i < leadHours.length; i++) {
            Artifact a = script.register("2." + i);
            script.advance(Duration.ofHours(leadHours[i]));
            script.verified(a, PRODUCTION);
            script.advance(Duration.ofDays(1));
        }

        DurationSummary lead = script.production(30).current().leadTime().orElseThrow();

        // sorted 1 2 3 4 10: p50 is rank ceil(2.5) = 3, p90 is rank ceil(4.5) = 5
        assertThat(lead.count()).isEqualTo(5);
        assertThat(lead.p50()).isEqualTo(Duration.ofHours(3));
        assertThat(lead.p90()).isEqualTo(Duration.ofHours(10));
        assertThat(lead.max()).isEqualTo(Duration.ofHours(10));
    }

    @Test
    void leadTimeCountsOnlyTheFirstVerificationOfADigestInTheEnvironment() {
        Artifact v1 = script.register("1.0");
        script.advance(Duration.ofHours(1));
        script.verified(v1, PRODUCTION);
        Artifact v2 = script.register("2.0");
        script.advance(Duration.ofHours(2));
        script.verified(v2, PRODUCTION);
        script.advance(Duration.ofDays(3));
        script.verified(v1, PRODUCTION);

        WindowMeasures m = script.production(30).current();

        assertThat(m.deploymentFrequency().deployments()).as("promoting 1.0 again is a deployment").isEqualTo(3);
        assertThat(m.leadTime()).map(DurationSummary::count).as("but not a new change").contains(2);
        assertThat(m.leadTime()).map(DurationSummary::max).contains(Duration.ofHours(2));
    }

    @Test
    void rehearsalsAreNotDeployments() {
        Artifact v1 = script.register("1.0");
        script.verified(v1, PRODUCTION);
        Artifact v2 = script.register("2.0");
        script.advance(Duration.ofMinutes(30));
        script.verifiedWithRehearsal(v2, PRODUCTION, v1);

        WindowMeasures m = script.production(30).current();

        assertThat(m.deploymentFrequency().deployments()).as("the rehearsed rollback and redeploy are no deployments").isEqualTo(2);
        assertThat(m.changeFailureRate()).isEqualTo(new ChangeFailureRate(0, 2));
        assertThat(m.timeToRestore()).as("nor a failure and a restore").isEmpty();
        assertThat(m.leadTime()).map(DurationSummary::max).contains(Duration.ofMinutes(30));
    }

    @Test
    void manualRollbackIsNoDeploymentAndNoChange() {
        Artifact v1 = script.register("1.0");
        script.verified(v1, PRODUCTION);
        Artifact v2 = script.register("2.0");
        script.verified(v2, PRODUCTION);
        script.advance(Duration.ofHours(1));
        script.manualRollback(v1, PRODUCTION);

        WindowMeasures m = script.production(30).current();

        assertThat(m.deploymentFrequency().deployments()).isEqualTo(2);
        assertThat(m.changeFailureRate()).isEqualTo(new ChangeFailureRate(0, 2));
        assertThat(m.timeToRestore()).as("nothing had failed, so there was nothing to restore").isEmpty();
    }

    @Test
    void promotionsInFlightCountOnlyOnceTheyEnd() {
        Artifact v1 = script.register("1.0");
        String id = script.started(v1, PRODUCTION);

        assertThat(script.production(30).current().empty()).isTrue();

        script.advance(Duration.ofMinutes(5));
        script.finishVerified(id, v1, PRODUCTION);

        WindowMeasures m = script.production(30).current();
        assertThat(m.deploymentFrequency().deployments()).isEqualTo(1);
        assertThat(m.changeFailureRate()).isEqualTo(new ChangeFailureRate(0, 1));
    }

    @Test
    void otherApplicationsAndEnvironmentsDoNotCount() {
        Artifact v1 = script.register("1.0");
        script.verified(v1, "stage");
        script.append(new LedgerEntry(0, script.clock.instant(), EntryType.STATE_CHANGED, "cart-1", "cart", "1.0", v1.digest(),
                PRODUCTION, PromotionState.VERIFIED, "system", "", Map.of()));

        assertThat(script.production(30).current().deploymentFrequency().deployments()).isZero();
        assertThat(script.ledger.metrics("cart", PRODUCTION, MetricsWindow.endingNow(script.clock)).current()
                .deploymentFrequency().deployments()).isEqualTo(1);
        assertThat(script.ledger.metrics("cart", PRODUCTION, MetricsWindow.endingNow(script.clock)).current().leadTime())
                .as("cart never registered that digest").isEmpty();
    }

    @Test
    void metricsDefaultToProductionOverThirtyDays() {
        Artifact v1 = script.register("1.0");
        script.verified(v1, PRODUCTION);
        MetricsWindow window = MetricsWindow.endingNow(script.clock);

        assertThat(window.length()).isEqualTo(Duration.ofDays(30));
        assertThat(script.ledger.metrics(APP, window)).isEqualTo(script.ledger.metrics(APP, PRODUCTION, window));
        assertThat(script.ledger.metrics(APP, window).environment()).isEqualTo("production");
    }
}
