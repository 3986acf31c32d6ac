package io.jenkins.plugins.routetolive.engine.kubernetes;

/** A deployment step whose gate failed: the message says what was undone and what serves now. */
public final class RolloutAbortedException extends RuntimeException {
    public RolloutAbortedException(String message) {
        super(message);
    }
}
