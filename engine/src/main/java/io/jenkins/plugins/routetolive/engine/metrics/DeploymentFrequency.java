package io.jenkins.plugins.routetolive.engine.metrics;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How often changes reached the environment: verified promotions in a window (see docs/metrics.md).
 *
 * @param deployments verified promotions in the window; 0 or more
 * @param over        the window's length
 */
public record DeploymentFrequency(int deployments, Duration over) {

    private static final double NANOS_PER_DAY = Duration.ofDays(1).toNanos();

    public DeploymentFrequency {
        if (deployments < 0) {
            throw new IllegalArgumentException("deployments must be 0 or more, but was " + deployments);
        }
        Objects.requireNonNull(over, "over must not be null");
        if (over.isNegative() || over.isZero()) {
            throw new IllegalArgumentException("over must be more than zero, but was " + over);
        }
    }

    /** Deployments per day; empty ("no data") when the window holds none. */
    public Optional<Double> perDay() {
        return deployments == 0 ? Optional.empty() : Optional.of(deployments * NANOS_PER_DAY / over.toNanos());
    }

    /** Deployments per week; empty ("no data") when the window holds none. */
    public Optional<Double> perWeek() {
        return perDay().map(d -> d * 7);
    }
}
