package io.jenkins.plugins.routetolive.engine.ephemeral;

/** Where an ephemeral environment is in its life. */
public enum EphemeralState {
    /** Its namespace exists (what runs there passed or failed its gate). */
    ACTIVE("active"),
    /** A teardown was due and failed; it stays due, and the next sweep retries it. */
    TEARDOWN_FAILED("teardown failed"),
    /** Its namespace was deleted, or found gone. */
    TORN_DOWN("torn down");

    private final String label;

    EphemeralState(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
