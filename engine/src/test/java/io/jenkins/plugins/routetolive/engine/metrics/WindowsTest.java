package io.jenkins.plugins.routetolive.engine.metrics;

import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.ledger.EntryType;
import io.jenkins.plugins.routetolive.engine.ledger.InMemoryLedger;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static io.jenkins.plugins.routetolive.engine.metrics.LedgerScript.APP;
import static io.jenkins.plugins.routetolive.engine.metrics.LedgerScript.PRODUCTION;
import static io.jenkins.plugins.routetolive.engine.metrics.LedgerScript.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** Which window an event falls in, what an empty window says, and the previous window next to the current one. */
class WindowsTest {

    private final LedgerScript script = new LedgerScript(new InMemoryLedger());

    @Test
    void anEmptyWindowSaysNoDataNotZero() {
        DeliveryMetrics m = script.production(30);

        for (WindowMeasures w : new WindowMeasures[] {m.current(), m.previous()}) {
            assertThat(w.empty()).isTrue();
            assertThat(w.deploymentFrequency().deployments()).isZero();
            assertThat(w.deploymentFrequency().perDay()).isEmpty();
            assertThat(w.deploymentFrequency().perWeek()).isEmpty();
            assertThat(w.leadTime()).isEmpty();
            assertThat(w.changeFailureRate().rate()).isEmpty();
            assertThat(w.timeToRestore()).isEmpty();
            assertThat(w.failingSince()).isEmpty();
        }
        assertThat(m.deploymentFrequencyTrend()).isEqualTo(Trend.NO_DATA);
        assertThat(m.leadTimeTrend()).isEqualTo(Trend.NO_DATA);
        assertThat(m.changeFailureRateTrend()).isEqualTo(Trend.NO_DATA);
        assertThat(m.timeToRestoreTrend()).isEqualTo(Trend.NO_DATA);
    }

    @Test
    void anEventExactlyAtTheStartBelongsToThePreviousWindowAndOneExactlyAtTheEndToTheCurrent() {
        Artifact v1 = script.register("1.0");
        script.verified(v1, PRODUCTION);
        script.at(T0.plus(Duration.ofDays(7)));
        script.verified(script.register("2.0"), PRODUCTION);

        DeliveryMetrics m = script.production(7);

        assertThat(m.current().window().start()).isEqualTo(T0);
        assertThat(m.current().window().end()).isEqualTo(script.clock.instant());
        assertThat(m.current().deploymentFrequency().deployments()).isEqualTo(1);
        assertThat(m.previous().deploymentFrequency().deployments()).isEqualTo(1);
        assertThat(m.previous().window().end()).isEqualTo(T0);
    }

    @Test
    void eventsAfterTheEndAreNotCounted() {
        script.at(T0.plus(Duration.ofDays(2)));
        script.verified(script.register("1.0"), PRODUCTION);

        MetricsWindow endedBefore = new MetricsWindow(T0.plus(Duration.ofDays(2)).minusNanos(1), Duration.ofDays(7));

        assertThat(script.ledger.metrics(APP, PRODUCTION, endedBefore).current().empty()).isTrue();
    }

    @Test
    void thePreviousWindowIsMeasuredAlikeAndTheTrendsCompareTheTwo() {
        Artifact v1 = script.register("1.0");
        script.advance(Duration.ofHours(1));
        script.verified(v1, PRODUCTION);
        script.rolledBack(script.register("1.1"), PRODUCTION, v1, Duration.ofMinutes(10));
        script.advance(Duration.ofDays(7));
        for (int i = 0; i < 3; i++) {
            Artifact a = script.register("2." + i);
            script.advance(Duration.ofHours(2));
            script.verified(a, PRODUCTION);
        }
        script.rolledBack(script.register("2.9"), PRODUCTION, v1, Duration.ofMinutes(5));
        script.advance(Duration.ofDays(1));

        DeliveryMetrics m = script.production(7);

        assertThat(m.previous().deploymentFrequency().deployments()).isEqualTo(1);
        assertThat(m.current().deploymentFrequency().deployments()).isEqualTo(3);
        assertThat(m.deploymentFrequencyTrend()).isEqualTo(Trend.UP);
        assertThat(m.previous().leadTime()).map(DurationSummary::p50).contains(Duration.ofHours(1));
        assertThat(m.current().leadTime()).map(DurationSummary::p50).contains(Duration.ofHours(2));
        assertThat(m.leadTimeTrend()).isEqualTo(Trend.UP);
        assertThat(m.previous().changeFailureRate()).isEqualTo(new ChangeFailureRate(1, 2));
        assertThat(m.current().changeFailureRate()).isEqualTo(new ChangeFailureRate(1, 4));
        assertThat(m.changeFailureRateTrend()).isEqualTo(Trend.DOWN);
        assertThat(m.previous().timeToRestore()).map(DurationSummary::p50).contains(Duration.ofMinutes(10));
        assertThat(m.current().timeToRestore()).map(DurationSummary::p50).contains(Duration.ofMinutes(5));
        assertThat(m.timeToRestoreTrend()).isEqualTo(Trend.DOWN);
    }

    @Test
    void fewerDeploymentsThanBeforeTrendDownEvenToNone() {
        script.verified(script.register("1.0"), PRODUCTION);
        script.advance(Duration.ofDays(10));

        DeliveryMetrics m = script.production(7);

        assertThat(m.current().deploymentFrequency().deployments()).isZero();
        assertThat(m.deploymentFrequencyTrend()).isEqualTo(Trend.DOWN);
    }

    @Test
    void entriesRecordedOutOfTimeOrderStillLandInTheirWindows() {
        Artifact v1 = script.register("1.0");
        script.at(T0.plus(Duration.ofDays(9)));
        script.verified(v1, PRODUCTION);
        // a second controller whose clock is behind records a verification two days earlier, after the first
        Instant behind = T0.plus(Duration.ofDays(6));
        script.append(new LedgerEntry(0, behind, EntryType.STATE_CHANGED, "other-1", APP, "1.0", v1.digest(), PRODUCTION,
                PromotionState.VERIFIED, "system", "", Map.of()));
        script.at(T0.plus(Duration.ofDays(14)));

        DeliveryMetrics m = script.production(7);

        assertThat(m.current().deploymentFrequency().deployments()).isEqualTo(1);
        assertThat(m.previous().deploymentFrequency().deployments()).isEqualTo(1);
    }
}
