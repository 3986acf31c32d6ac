package io.jenkins.plugins.routetolive.engine.policy;

/** A single-version environment is taken by another promotion and the caller chose not to wait. */
public final class EnvironmentBusyException extends RuntimeException {
    public EnvironmentBusyException(String message) {
        super(message);
    }
}
