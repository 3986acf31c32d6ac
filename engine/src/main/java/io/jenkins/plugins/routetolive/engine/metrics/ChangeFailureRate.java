package io.jenkins.plugins.routetolive.engine.metrics;

import java.util.Optional;

/**
 * The share of changes that failed: promotions that reached deploying and then failed (gate or deployment
 * failed, rolled back, or left the environment broken), over all promotions that reached deploying and ended
 * in the window (see docs/metrics.md).
 *
 * @param failed  changes that failed; 0 or more and at most {@code changes}
 * @param changes changes that ended in the window, verified or failed; 0 or more
 */
public record ChangeFailureRate(int failed, int changes) {

    public ChangeFailureRate {
        if (changes < 0) {
            throw new IllegalArgumentException("changes must be 0 or more, but was " + changes);
        }
        if (failed < 0 || failed > changes) {
            throw new IllegalArgumentException("failed must be between 0 and changes (" + changes + "), but was " + failed);
        }
    }

    /** {@code failed / changes} between 0 and 1; empty ("no data") when no change ended in the window. */
    public Optional<Double> rate() {
        return changes == 0 ? Optional.empty() : Optional.of((double) failed / changes);
    }
}
