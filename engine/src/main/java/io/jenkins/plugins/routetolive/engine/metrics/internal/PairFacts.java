package io.jenkins.plugins.routetolive.engine.metrics.internal;

import io.jenkins.plugins.routetolive.engine.metrics.ChangeFailureRate;
import io.jenkins.plugins.routetolive.engine.metrics.DeploymentFrequency;
import io.jenkins.plugins.routetolive.engine.metrics.DurationSummary;
import io.jenkins.plugins.routetolive.engine.metrics.MetricsWindow;
import io.jenkins.plugins.routetolive.engine.metrics.WindowMeasures;

import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * What the metrics of one application in one environment are computed from, kept up to date as entries are
 * indexed: when changes were verified (with their lead times), when changes failed, and each failure's restore
 * (when, and how long it had lasted). A window is measured with binary searches over these arrays; only the
 * durations inside it are copied and sorted for their percentiles.
 */
final class PairFacts {

    private static final long HEALTHY = Long.MIN_VALUE;
    /** The lead time of a deployment that is not a first verification, or whose registration is unknown. */
    static final long NO_LEAD_TIME = -1;

    private final TimeSeries deployments = new TimeSeries();
    private final TimeSeries failedChanges = new TimeSeries();
    private final TimeSeries restores = new TimeSeries();
    private long failingSince = HEALTHY;

    /** A change was verified; {@code leadTime} in nanoseconds or {@link #NO_LEAD_TIME}. */
    void deployed(long at, long leadTime) {
        deployments.add(at, leadTime);
    }

    /** A change that reached deploying failed. */
    void changeFailed(long at) {
        failedChanges.add(at, 0);
    }

    /** The environment stopped being healthy, unless it already was failing. */
    void failed(long at) {
        if (failingSince == HEALTHY) {
            failingSince = at;
        }
    }

    /** The environment was shown healthy: a failure still open is restored now. */
    void healthy(long at) {
        if (failingSince != HEALTHY) {
            restores.add(at, Math.max(0, at - failingSince));
            failingSince = HEALTHY;
        }
    }

    WindowMeasures measure(MetricsWindow window) {
        long start = TimeSeries.nanos(window.start());
        long end = TimeSeries.nanos(window.end());
        int firstDeployment = deployments.after(start);
        int deployed = deployments.after(end) - firstDeployment;
        int failed = failedChanges.after(end) - failedChanges.after(start);
        int firstRestore = restores.after(start);
        return new WindowMeasures(window, new DeploymentFrequency(deployed, window.length()),
                summary(deployments, firstDeployment, deployments.after(end)),
                new ChangeFailureRate(failed, deployed + failed),
                summary(restores, firstRestore, restores.after(end)), failingAt(end));
    }

    /** Percentiles of the known (not negative) values from {@code from} (inclusive) to {@code to} (exclusive). */
    private static Optional<DurationSummary> summary(TimeSeries series, int from, int to) {
        long[] values = new long[to - from];
        int count = 0;
        for (int i = from; i < to; i++) {
            long value = series.value(i);
            if (value >= 0) {
                values[count++] = value;
            }
        }
        if (count == 0) {
            return Optional.empty();
        }
        Arrays.sort(values, 0, count);
        return Optional.of(DurationSummary.ofSortedNanos(values, count));
    }

    /**
     * When the failure open at {@code end} began. Failures follow one another, so only the first restore after
     * the end can belong to a failure open then; after the last restore only the failure still open can.
     */
    private Optional<Instant> failingAt(long end) {
        int next = restores.after(end);
        if (next < restores.size()) {
            long began = restores.time(next) - restores.value(next);
            return began <= end ? Optional.of(TimeSeries.instant(began)) : Optional.empty();
        }
        return failingSince != HEALTHY && failingSince <= end ? Optional.of(TimeSeries.instant(failingSince)) : Optional.empty();
    }
}
