package io.jenkins.plugins.routetolive.engine.rollback;

/**
 * What to do when the first deployment of an application into an environment fails, so there is no
 * last known good to roll back to. The choice is declared per route or pipeline, never guessed; the
 * outcome records the environment's state in {@code LedgerEntry.Attributes.ENVIRONMENT_STATE}.
 */
public enum NoLastKnownGood {
    /** Leave the failed artifact running; the message says it still runs. */
    LEAVE_AS_IS("left-as-is"),
    /** Scale the application to zero so the failed artifact serves nothing. */
    SCALE_TO_ZERO("scaled-to-zero");

    private final String environmentState;

    NoLastKnownGood(String environmentState) {
        this.environmentState = environmentState;
    }

    /** The value recorded under {@code ENVIRONMENT_STATE}: "left-as-is" or "scaled-to-zero". */
    public String environmentState() {
        return environmentState;
    }
}
