package io.jenkins.plugins.routetolive.engine.rehearsal;

import java.util.Locale;
import java.util.Optional;

/** How a rollback rehearsal ended, as recorded in the ledger's {@code rehearsal} attribute. */
public enum RehearsalResult {
    /** New release, rollback and redeploy all passed their gates. */
    PASSED,
    /** A step failed; the rehearsal does not count. */
    FAILED,
    /** No earlier release ran verified in the environment; counts as rehearsed. */
    NOTHING_TO_ROLL_BACK_TO;

    /** "nothing-to-roll-back-to" */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether a release with this result counts as rehearsed. */
    public boolean counts() {
        return this != FAILED;
    }

    public static Optional<RehearsalResult> fromLabel(String label) {
        for (RehearsalResult r : values()) {
            if (r.label().equals(label)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
