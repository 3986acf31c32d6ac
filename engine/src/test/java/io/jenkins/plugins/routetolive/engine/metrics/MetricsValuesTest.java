package io.jenkins.plugins.routetolive.engine.metrics;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The metrics values refuse what cannot be, naming the field, the rule and the value. */
class MetricsValuesTest {

    private static final Instant NOW = Instant.parse("2026-11-18T10:00:00Z");

    @Test
    void aWindowEndsAtTheClocksNowAndReachesBackItsLength() {
        MetricsWindow w = MetricsWindow.endingNow(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofDays(7));

        assertThat(w.end()).isEqualTo(NOW);
        assertThat(w.start()).isEqualTo(NOW.minus(Duration.ofDays(7)));
        assertThat(w.previous()).isEqualTo(new MetricsWindow(w.start(), Duration.ofDays(7)));
        assertThat(w.contains(w.start())).as("the start belongs to the window before").isFalse();
        assertThat(w.contains(w.start().plusNanos(1))).isTrue();
        assertThat(w.contains(NOW)).isTrue();
        assertThat(w.contains(NOW.plusNanos(1))).isFalse();
    }

    @Test
    void aWindowMustHaveALengthBetweenZeroAndAHundredYears() {
        assertThatThrownBy(() -> new MetricsWindow(NOW, Duration.ZERO))
                .hasMessage("length must be more than zero and at most 36525 days, but was PT0S");
        assertThatThrownBy(() -> new MetricsWindow(NOW, Duration.ofDays(-1)))
                .hasMessage("length must be more than zero and at most 36525 days, but was PT-24H");
        assertThatThrownBy(() -> new MetricsWindow(NOW, Duration.ofDays(40_000)))
                .hasMessage("length must be more than zero and at most 36525 days, but was PT960000H");
        assertThatThrownBy(() -> new MetricsWindow(Instant.MIN.plusSeconds(10), Duration.ofDays(1)))
                .hasMessageStartingWith("end must leave room for this window and the previous one");
        assertThatThrownBy(() -> new MetricsWindow(null, Duration.ofDays(1))).hasMessage("end must not be null");
    }

    @Test
    void countsAndRatesRefuseImpossibleValues() {
        assertThatThrownBy(() -> new DeploymentFrequency(-1, Duration.ofDays(1)))
                .hasMessage("deployments must be 0 or more, but was -1");
        assertThatThrownBy(() -> new ChangeFailureRate(3, 2))
                .hasMessage("failed must be between 0 and changes (2), but was 3");
        assertThatThrownBy(() -> new ChangeFailureRate(0, -1)).hasMessage("changes must be 0 or more, but was -1");
        assertThatThrownBy(() -> new DurationSummary(1, Duration.ofMinutes(2), Duration.ofMinutes(1), Duration.ofMinutes(3)))
                .hasMessage("p90 must be at least p50 (PT2M), but was PT1M");
        assertThatThrownBy(() -> new DurationSummary(0, Duration.ZERO, Duration.ZERO, Duration.ZERO))
                .hasMessage("count must be 1 or more, but was 0");
    }

    @Test
    void percentilesAreNearestRankSoTheyAreAlwaysOneOfTheValues() {
        DurationSummary one = DurationSummary.ofSortedNanos(new long[] {7}, 1);
        DurationSummary ten = DurationSummary.ofSortedNanos(new long[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 10);

        assertThat(one).isEqualTo(new DurationSummary(1, Duration.ofNanos(7), Duration.ofNanos(7), Duration.ofNanos(7)));
        assertThat(ten.p50()).isEqualTo(Duration.ofNanos(5));
        assertThat(ten.p90()).isEqualTo(Duration.ofNanos(9));
        assertThat(ten.max()).isEqualTo(Duration.ofNanos(10));
    }

    @Test
    void theMeasuresOfBothWindowsMustFitTogether() {
        MetricsWindow w = new MetricsWindow(NOW, Duration.ofDays(7));
        WindowMeasures current = empty(w);

        assertThatThrownBy(() -> new DeliveryMetrics("shop", "production", current, current))
                .hasMessageStartingWith("previous must cover the window before the current one");
        assertThatThrownBy(() -> new WindowMeasures(w, new DeploymentFrequency(0, Duration.ofDays(1)), Optional.empty(),
                new ChangeFailureRate(0, 0), Optional.empty(), Optional.empty()))
                .hasMessage("deploymentFrequency must be over the window's length (PT168H), but was over PT24H");
        assertThat(new DeliveryMetrics("shop", "production", current, empty(w.previous())).current().empty()).isTrue();
    }

    private static WindowMeasures empty(MetricsWindow w) {
        return new WindowMeasures(w, new DeploymentFrequency(0, w.length()), Optional.empty(), new ChangeFailureRate(0, 0),
                Optional.empty(), Optional.empty());
    }
}
