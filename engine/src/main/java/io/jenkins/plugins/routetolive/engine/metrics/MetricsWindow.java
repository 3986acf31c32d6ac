package io.jenkins.plugins.routetolive.engine.metrics;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The stretch of time delivery metrics are computed over: after {@link #start()} and up to and including
 * {@link #end()}. An instant exactly on the edge between two adjacent windows therefore belongs to the earlier
 * one, and every instant belongs to exactly one window of a series.
 *
 * @param end    the last instant in the window, usually the injected clock's now ({@link #endingNow})
 * @param length how far back the window reaches; more than zero and at most {@link #MAX_LENGTH}
 */
public record MetricsWindow(Instant end, Duration length) {

    /** Thirty days, the window a page shows unless asked otherwise. */
    public static final Duration DEFAULT_LENGTH = Duration.ofDays(30);

    /** About a hundred years: long enough for "everything", short enough for the arithmetic. */
    public static final Duration MAX_LENGTH = Duration.ofDays(36_525);

    public MetricsWindow {
        Objects.requireNonNull(end, "end must not be null");
        Objects.requireNonNull(length, "length must not be null");
        if (length.isNegative() || length.isZero() || length.compareTo(MAX_LENGTH) > 0) {
            throw new IllegalArgumentException("length must be more than zero and at most " + MAX_LENGTH.toDays()
                    + " days, but was " + length);
        }
        try {
            end.minus(length.multipliedBy(2));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("end must leave room for this window and the previous one (2 x " + length
                    + ") after the earliest instant, but was " + end, e);
        }
    }

    /** The window of this length that ends at the clock's now. */
    public static MetricsWindow endingNow(Clock clock, Duration length) {
        return new MetricsWindow(Objects.requireNonNull(clock, "clock must not be null").instant(), length);
    }

    /** The {@link #DEFAULT_LENGTH thirty days} that end at the clock's now. */
    public static MetricsWindow endingNow(Clock clock) {
        return endingNow(clock, DEFAULT_LENGTH);
    }

    /** The instant before the window: {@link #end()} minus {@link #length()}, itself not in the window. */
    public Instant start() {
        return end.minus(length);
    }

    /** The window of the same length that ends where this one starts. */
    public MetricsWindow previous() {
        return new MetricsWindow(start(), length);
    }

    /** Whether the instant is after the start and not after the end. */
    public boolean contains(Instant instant) {
        return instant.isAfter(start()) && !instant.isAfter(end);
    }
}
