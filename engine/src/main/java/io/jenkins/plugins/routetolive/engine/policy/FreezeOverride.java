package io.jenkins.plugins.routetolive.engine.policy;

import java.util.Objects;

/** An emergency override of a freeze window: who asked and why. It is recorded in the ledger. */
public record FreezeOverride(String reason) {

    public FreezeOverride {
        Objects.requireNonNull(reason, "an override needs a reason");
        if (reason.isBlank()) {
            throw new IllegalArgumentException("an override of a freeze window needs a reason (the incident or "
                    + "change ticket), but the reason was empty");
        }
    }
}
