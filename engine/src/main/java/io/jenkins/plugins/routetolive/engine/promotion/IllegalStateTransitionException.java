package io.jenkins.plugins.routetolive.engine.promotion;

/** A promotion was asked to move between two states the state machine does not connect. */
public final class IllegalStateTransitionException extends IllegalStateException {
    public IllegalStateTransitionException(String message) {
        super(message);
    }
}
