package io.jenkins.plugins.routetolive.engine.metrics;

import java.util.Optional;

/**
 * Which way a measure moved from the previous window to the current one. Only the direction: whether up is
 * better depends on the measure (more deployments is good, a longer lead time is not), which the page decides.
 */
public enum Trend {
    UP,
    DOWN,
    SAME,
    /** One of the two windows has no data for the measure, so there is nothing to compare. */
    NO_DATA;

    /** The direction from the previous value to the current one. */
    public static <T extends Comparable<? super T>> Trend between(Optional<T> previous, Optional<T> current) {
        if (previous.isEmpty() || current.isEmpty()) {
            return NO_DATA;
        }
        int c = current.get().compareTo(previous.get());
        return c > 0 ? UP : c < 0 ? DOWN : SAME;
    }
}
