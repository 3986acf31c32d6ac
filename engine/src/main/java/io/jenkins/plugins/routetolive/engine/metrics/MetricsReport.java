package io.jenkins.plugins.routetolive.engine.metrics;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Delivery metrics in words, one plain sentence per measure, for consoles, logs and the demo. */
public final class MetricsReport {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private MetricsReport() {
    }

    /** Four sentences: deployment frequency, lead time, change failure rate, time to restore; each with the previous window. */
    public static List<String> sentences(DeliveryMetrics m) {
        WindowMeasures now = m.current();
        WindowMeasures before = m.previous();
        String previously = " (previous " + length(before.window().length()) + ": ";
        String of = " of " + m.application() + " in " + m.environment();
        return List.of(
                "Deployment frequency" + of + " in the " + length(now.window().length())
                        + " to " + TIME.format(now.window().end()) + ": " + frequency(now.deploymentFrequency())
                        + previously + frequency(before.deploymentFrequency()) + trend(m.deploymentFrequencyTrend()) + ").",
                "Lead time for changes" + of + " (registration to verified there): "
                        + durations(now.leadTime(), "change", "no change was verified there for the first time")
                        + previously + durations(before.leadTime(), "change", "no data") + trend(m.leadTimeTrend()) + ").",
                "Change failure rate" + of + ": " + failureRate(now.changeFailureRate(), "no data, no change that reached deploying ended")
                        + previously + failureRate(before.changeFailureRate(), "no data") + trend(m.changeFailureRateTrend()) + ").",
                "Time to restore" + of + ": " + durations(now.timeToRestore(), "failure", "no failure was restored")
                        + previously + durations(before.timeToRestore(), "failure", "no data") + trend(m.timeToRestoreTrend())
                        + ")." + now.failingSince().map(t -> " " + m.environment() + " has been failing since " + TIME.format(t)
                        + " and is not restored yet.").orElse(""));
    }

    private static String frequency(DeploymentFrequency f) {
        if (f.deployments() == 0) {
            return "no verified promotion, no data";
        }
        return f.deployments() + " verified promotion" + (f.deployments() == 1 ? "" : "s") + ", "
                + String.format(Locale.ROOT, "%.2f per day or %.2f per week", f.perDay().orElseThrow(), f.perWeek().orElseThrow());
    }

    private static String durations(Optional<DurationSummary> summary, String noun, String none) {
        return summary.map(s -> "median " + duration(s.p50()) + ", p90 " + duration(s.p90()) + ", longest " + duration(s.max())
                + " over " + s.count() + " " + noun + (s.count() == 1 ? "" : "s")).orElse(none);
    }

    private static String failureRate(ChangeFailureRate r, String none) {
        return r.rate().map(rate -> String.format(Locale.ROOT, "%.0f %% (%d of %d change%s that reached deploying failed)",
                rate * 100, r.failed(), r.changes(), r.changes() == 1 ? "" : "s"))
                .orElse(none);
    }

    private static String trend(Trend trend) {
        return switch (trend) {
            case UP -> "; now up";
            case DOWN -> "; now down";
            case SAME -> "; now the same";
            case NO_DATA -> "";
        };
    }

    private static String length(Duration length) {
        return length.toSeconds() % 86_400 == 0 && length.toNanosPart() == 0
                ? length.toDays() + (length.toDays() == 1 ? " day" : " days") : duration(length);
    }

    /** "0.4 s", "3 min 12 s", "2 h 5 min", "3 d 4 h". */
    static String duration(Duration d) {
        long seconds = d.toSeconds();
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
        }
        if (seconds < 3600) {
            return seconds / 60 + " min " + seconds % 60 + " s";
        }
        if (seconds < 86_400) {
            return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
        }
        return seconds / 86_400 + " d " + seconds % 86_400 / 3600 + " h";
    }
}
