package io.jenkins.plugins.routetolive.engine.route;

import java.time.Duration;
import java.util.Objects;

/**
 * How an environment's health gates behave unless a promotion says otherwise.
 *
 * @param interval          time between two probes
 * @param timeout           time one probe may take
 * @param successThreshold  consecutive successes needed to pass
 * @param failureThreshold  consecutive failures that fail the gate
 * @param deadline          overall time the gate may take before it fails
 * @param soak              time the gate must stay green after passing
 */
public record GateDefaults(Duration interval, Duration timeout, int successThreshold, int failureThreshold,
                           Duration deadline, Duration soak) {

    public static final GateDefaults STANDARD = new GateDefaults(Duration.ofSeconds(5), Duration.ofSeconds(2), 3, 3,
            Duration.ofMinutes(5), Duration.ZERO);

    public GateDefaults {
        positive("interval", interval);
        positive("timeout", timeout);
        positive("deadline", deadline);
        Objects.requireNonNull(soak, "gate soak must not be null");
        if (soak.isNegative()) {
            throw new IllegalArgumentException("gate soak must be zero or more, but was " + soak);
        }
        if (successThreshold < 1) {
            throw new IllegalArgumentException("gate successThreshold must be at least 1, but was " + successThreshold);
        }
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("gate failureThreshold must be at least 1, but was " + failureThreshold);
        }
    }

    private static void positive(String field, Duration value) {
        Objects.requireNonNull(value, "gate " + field + " must not be null");
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException("gate " + field + " must be positive, but was " + value);
        }
    }
}
