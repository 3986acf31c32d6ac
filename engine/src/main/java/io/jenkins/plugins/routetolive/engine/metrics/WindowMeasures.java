package io.jenkins.plugins.routetolive.engine.metrics;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The four delivery measures of one application in one environment over one window. Every measure that
 * needs at least one event says "no data" (empty) when the window has none, never zero or NaN; the counts
 * are always there. Definitions in docs/metrics.md.
 *
 * @param window              the window measured
 * @param deploymentFrequency verified promotions in the window
 * @param leadTime            registration to first verification in the environment, of changes verified in the
 *                            window; empty when there were none
 * @param changeFailureRate   failed over all changes that ended in the window
 * @param timeToRestore       failure to healthy again, of failures restored in the window; empty when none was
 * @param failingSince        when the failure still open at the window's end began; empty when the environment
 *                            was healthy at the end (or never failed)
 */
public record WindowMeasures(MetricsWindow window, DeploymentFrequency deploymentFrequency,
                             Optional<DurationSummary> leadTime, ChangeFailureRate changeFailureRate,
                             Optional<DurationSummary> timeToRestore, Optional<Instant> failingSince) {

    public WindowMeasures {
        Objects.requireNonNull(window, "window must not be null");
        Objects.requireNonNull(deploymentFrequency, "deploymentFrequency must not be null");
        Objects.requireNonNull(leadTime, "leadTime must not be null (use Optional.empty() for no data)");
        Objects.requireNonNull(changeFailureRate, "changeFailureRate must not be null");
        Objects.requireNonNull(timeToRestore, "timeToRestore must not be null (use Optional.empty() for no data)");
        Objects.requireNonNull(failingSince, "failingSince must not be null (use Optional.empty() when healthy)");
        if (!deploymentFrequency.over().equals(window.length())) {
            throw new IllegalArgumentException("deploymentFrequency must be over the window's length (" + window.length()
                    + "), but was over " + deploymentFrequency.over());
        }
        if (failingSince.isPresent() && failingSince.get().isAfter(window.end())) {
            throw new IllegalArgumentException("failingSince must not be after the window's end (" + window.end()
                    + "), but was " + failingSince.get());
        }
    }

    /** Whether nothing at all happened in the window: no deployment, no ended change, no restore, no open failure. */
    public boolean empty() {
        return deploymentFrequency.deployments() == 0 && changeFailureRate.changes() == 0 && timeToRestore.isEmpty()
                && failingSince.isEmpty();
    }
}
