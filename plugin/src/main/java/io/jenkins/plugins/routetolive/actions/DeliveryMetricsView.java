package io.jenkins.plugins.routetolive.actions;

import io.jenkins.plugins.routetolive.engine.metrics.DeliveryMetrics;
import io.jenkins.plugins.routetolive.engine.metrics.DurationSummary;
import io.jenkins.plugins.routetolive.engine.metrics.Trend;
import io.jenkins.plugins.routetolive.engine.metrics.WindowMeasures;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/**
 * The four delivery measures of one application in one environment over a window, as the pages and
 * {@code api/json} show them: numbers (absent when the window has no data, never 0 for "nothing happened")
 * with their trend against the previous window of the same length, and short texts for the pages.
 */
@ExportedBean(defaultVisibility = 4)
public final class DeliveryMetricsView {

    private final DeliveryMetrics metrics;

    public DeliveryMetricsView(DeliveryMetrics metrics) {
        this.metrics = metrics;
    }

    private WindowMeasures now() {
        return metrics.current();
    }

    /** The window as an ISO-8601 period: "P30D". */
    @Exported
    public String getWindow() {
        Duration length = now().window().length();
        return length.toSeconds() % 86_400 == 0 ? "P" + length.toDays() + "D" : length.toString();
    }

    @Exported
    public String getEnvironment() {
        return metrics.environment();
    }

    @Exported
    public int getDeployments() {
        return now().deploymentFrequency().deployments();
    }

    @Exported
    public Double getDeploymentsPerDay() {
        return now().deploymentFrequency().perDay().orElse(null);
    }

    @Exported
    public Long getLeadTimeP50Seconds() {
        return seconds(now().leadTime(), DurationSummary::p50);
    }

    @Exported
    public Long getLeadTimeP90Seconds() {
        return seconds(now().leadTime(), DurationSummary::p90);
    }

    @Exported
    public Double getChangeFailureRate() {
        return now().changeFailureRate().rate().orElse(null);
    }

    @Exported
    public Long getTimeToRestoreP50Seconds() {
        return seconds(now().timeToRestore(), DurationSummary::p50);
    }

    /** UP, DOWN, SAME or NO_DATA, for each measure against the previous window. */
    @Exported
    public String getDeploymentFrequencyTrend() {
        return metrics.deploymentFrequencyTrend().name();
    }

    @Exported
    public String getLeadTimeTrend() {
        return metrics.leadTimeTrend().name();
    }

    @Exported
    public String getChangeFailureRateTrend() {
        return metrics.changeFailureRateTrend().name();
    }

    @Exported
    public String getTimeToRestoreTrend() {
        return metrics.timeToRestoreTrend().name();
    }

    public long getWindowDays() {
        return now().window().length().toDays();
    }

    /** Whether there is anything to show: something happened in this window or the one before. */
    public boolean isShown() {
        return !(now().empty() && metrics.previous().empty());
    }

    public String getDeploymentFrequencyText() {
        return now().deploymentFrequency().perDay().map(d -> String.format(Locale.ROOT, "%.2f / day", d)).orElse("none")
                + arrow(metrics.deploymentFrequencyTrend());
    }

    public String getLeadTimeText() {
        return now().leadTime().map(s -> DeliveryMetricsView.duration(s.p50()) + " (p90 " + duration(s.p90()) + ")")
                .orElse("no data") + arrow(metrics.leadTimeTrend());
    }

    public String getChangeFailureRateText() {
        var rate = now().changeFailureRate();
        return rate.rate().map(r -> String.format(Locale.ROOT, "%.0f %% (%d of %d)", r * 100, rate.failed(), rate.changes()))
                .orElse("no data") + arrow(metrics.changeFailureRateTrend());
    }

    public String getTimeToRestoreText() {
        return now().timeToRestore().map(s -> duration(s.p50())).orElse("no data") + arrow(metrics.timeToRestoreTrend());
    }

    /** Whether the measure got better: more deployments, or less of the other three. */
    public String quality(String measure) {
        Trend trend = switch (measure) {
            case "deploymentFrequency" -> metrics.deploymentFrequencyTrend();
            case "leadTime" -> metrics.leadTimeTrend();
            case "changeFailureRate" -> metrics.changeFailureRateTrend();
            default -> metrics.timeToRestoreTrend();
        };
        boolean upIsGood = measure.equals("deploymentFrequency");
        if (trend == Trend.UP) {
            return upIsGood ? "better" : "worse";
        }
        return trend == Trend.DOWN ? (upIsGood ? "worse" : "better") : "same";
    }

    private static String arrow(Trend trend) {
        return trend == Trend.UP ? " ↑" : trend == Trend.DOWN ? " ↓" : "";
    }

    private static Long seconds(Optional<DurationSummary> summary, Function<DurationSummary, Duration> pick) {
        return summary.map(pick).map(Duration::toSeconds).orElse(null);
    }

    /** "45 s", "12 min", "3 h 20 min", "2 d 4 h". */
    static String duration(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return s + " s";
        } else if (s < 3600) {
            return (s / 60) + " min";
        } else if (s < 86_400) {
            return (s / 3600) + " h" + (s % 3600 >= 60 ? " " + (s % 3600 / 60) + " min" : "");
        }
        return (s / 86_400) + " d" + (s % 86_400 >= 3600 ? " " + (s % 86_400 / 3600) + " h" : "");
    }
}
