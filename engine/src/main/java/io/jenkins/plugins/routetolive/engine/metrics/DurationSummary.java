package io.jenkins.plugins.routetolive.engine.metrics;

import java.time.Duration;
import java.util.Objects;

/**
 * Percentiles of a set of durations (lead times, times to restore), by the nearest-rank method: the p-th
 * percentile of n sorted values is the value at rank ⌈p/100 × n⌉, so it is always one of the values.
 *
 * @param count how many durations; at least 1 (an empty set is "no data" and has no summary)
 * @param p50   the median; not negative
 * @param p90   the 90th percentile; at least {@code p50}
 * @param max   the longest; at least {@code p90}
 */
public record DurationSummary(int count, Duration p50, Duration p90, Duration max) {

    public DurationSummary {
        if (count < 1) {
            throw new IllegalArgumentException("count must be 1 or more, but was " + count);
        }
        Objects.requireNonNull(p50, "p50 must not be null");
        Objects.requireNonNull(p90, "p90 must not be null");
        Objects.requireNonNull(max, "max must not be null");
        if (p50.isNegative()) {
            throw new IllegalArgumentException("p50 must not be negative, but was " + p50);
        }
        if (p90.compareTo(p50) < 0) {
            throw new IllegalArgumentException("p90 must be at least p50 (" + p50 + "), but was " + p90);
        }
        if (max.compareTo(p90) < 0) {
            throw new IllegalArgumentException("max must be at least p90 (" + p90 + "), but was " + max);
        }
    }

    /** The summary of durations in nanoseconds, sorted ascending; at least one. */
    public static DurationSummary ofSortedNanos(long[] sorted, int count) {
        if (count < 1 || count > sorted.length) {
            throw new IllegalArgumentException("count must be between 1 and " + sorted.length + ", but was " + count);
        }
        return new DurationSummary(count, Duration.ofNanos(rank(sorted, count, 50)), Duration.ofNanos(rank(sorted, count, 90)),
                Duration.ofNanos(sorted[count - 1]));
    }

    private static long rank(long[] sorted, int count, int percentile) {
        int rank = (int) Math.ceil(percentile / 100.0 * count);
        return sorted[Math.max(rank, 1) - 1];
    }
}
