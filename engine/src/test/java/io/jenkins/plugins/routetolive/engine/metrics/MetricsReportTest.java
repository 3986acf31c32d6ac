package io.jenkins.plugins.routetolive.engine.metrics;

import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.ledger.InMemoryLedger;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.jenkins.plugins.routetolive.engine.metrics.LedgerScript.PRODUCTION;
import static org.assertj.core.api.Assertions.assertThat;

/** The four measures in words, one sentence each. */
class MetricsReportTest {

    private final LedgerScript script = new LedgerScript(new InMemoryLedger());

    @Test
    void saysNoDataForAnEmptyWindow() {
        assertThat(MetricsReport.sentences(script.production(30))).containsExactly(
                "Deployment frequency of shop in production in the 30 days to 2026-11-02 00:00 UTC: no verified promotion,"
                        + " no data (previous 30 days: no verified promotion, no data).",
                "Lead time for changes of shop in production (registration to verified there): no change was verified there for the first"
                        + " time (previous 30 days: no data).",
                "Change failure rate of shop in production: no data, no change that reached deploying ended (previous 30 days:"
                        + " no data).",
                "Time to restore of shop in production: no failure was restored (previous 30 days: no data).");
    }

    @Test
    void givesEachMeasureWithThePreviousWindowAndTheTrend() {
        Artifact v1 = script.register("1.0");
        script.advance(Duration.ofHours(2));
        script.verified(v1, PRODUCTION);
        script.advance(Duration.ofDays(8));
        Artifact v2 = script.register("2.0");
        script.advance(Duration.ofMinutes(90));
        script.verified(v2, PRODUCTION);
        script.rolledBack(script.register("2.1"), PRODUCTION, v2, Duration.ofSeconds(42));
        script.failedLeftAsIs(script.register("2.2"), PRODUCTION);

        assertThat(MetricsReport.sentences(script.production(7))).containsExactly(
                "Deployment frequency of shop in production in the 7 days to 2026-11-10 03:30 UTC: 1 verified promotion,"
                        + " 0.14 per day or 1.00 per week (previous 7 days: 1 verified promotion, 0.14 per day or 1.00 per week;"
                        + " now the same).",
                "Lead time for changes of shop in production (registration to verified there): median 1 h 30 min, p90 1 h 30 min, longest"
                        + " 1 h 30 min over 1 change (previous 7 days: median 2 h 0 min, p90 2 h 0 min, longest 2 h 0 min over"
                        + " 1 change; now down).",
                "Change failure rate of shop in production: 67 % (2 of 3 changes that reached deploying failed) (previous 7 days: 0 % (0 of 1 change"
                        + " that reached deploying failed); now up).",
                "Time to restore of shop in production: median 42.0 s, p90 42.0 s, longest 42.0 s over 1 failure (previous 7 days: no data)."
                        + " production has been failing since 2026-11-10 03:30 UTC and is not restored yet.");
    }

    @Test
    void writesDurationsInTheLargestUnitsThatFit() {
        assertThat(MetricsReport.duration(Duration.ofMillis(420))).isEqualTo("0.4 s");
        assertThat(MetricsReport.duration(Duration.ofSeconds(192))).isEqualTo("3 min 12 s");
        assertThat(MetricsReport.duration(Duration.ofMinutes(125))).isEqualTo("2 h 5 min");
        assertThat(MetricsReport.duration(Duration.ofHours(76))).isEqualTo("3 d 4 h");
    }
}
