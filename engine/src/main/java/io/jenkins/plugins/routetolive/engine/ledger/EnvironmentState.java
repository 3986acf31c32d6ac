package io.jenkins.plugins.routetolive.engine.ledger;

import java.util.Objects;
import java.util.Optional;

/**
 * What the ledger knows of one application in one environment.
 *
 * @param current       what runs there now (empty when nothing does, e.g. never deployed or scaled to zero)
 * @param lastKnownGood the last artifact verified there, the target of any rollback
 * @param broken        whether a rollback failed there and nobody has recorded a resolution yet
 * @param brokenReason  why it is broken ("" when it is not)
 */
public record EnvironmentState(String application, String environment, Optional<Deployed> current,
                               Optional<Deployed> lastKnownGood, boolean broken, String brokenReason) {

    public EnvironmentState {
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(environment, "environment");
        current = Objects.requireNonNullElse(current, Optional.empty());
        lastKnownGood = Objects.requireNonNullElse(lastKnownGood, Optional.empty());
        brokenReason = Objects.requireNonNullElse(brokenReason, "");
    }

    public static EnvironmentState empty(String application, String environment) {
        return new EnvironmentState(application, environment, Optional.empty(), Optional.empty(), false, "");
    }

    EnvironmentState withCurrent(Optional<Deployed> now) {
        return new EnvironmentState(application, environment, now, lastKnownGood, broken, brokenReason);
    }

    EnvironmentState withVerified(Deployed verified) {
        return new EnvironmentState(application, environment, Optional.of(verified), Optional.of(verified), broken, brokenReason);
    }

    EnvironmentState withBroken(boolean isBroken, String reason) {
        return new EnvironmentState(application, environment, current, lastKnownGood, isBroken, isBroken ? reason : "");
    }
}
