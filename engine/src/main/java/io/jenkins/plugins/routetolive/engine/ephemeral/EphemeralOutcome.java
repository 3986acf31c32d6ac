package io.jenkins.plugins.routetolive.engine.ephemeral;

import java.util.Objects;
import java.util.Optional;

/**
 * How a deployment into an ephemeral environment ended.
 *
 * @param passed  whether it was deployed and passed its gate
 * @param message what happened, and what to do if it failed
 * @param record  the environment as recorded in the ledger; empty when it failed before its namespace existed
 */
public record EphemeralOutcome(boolean passed, String message, Optional<EphemeralRecord> record) {
    public EphemeralOutcome {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(record, "record");
    }
}
