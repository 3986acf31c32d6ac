package io.jenkins.plugins.routetolive.engine.event;

/** The kinds of things the engine reports. */
public enum EventKind {
    REGISTERED, REQUESTED, WAITING, AWAITING_APPROVAL, APPROVAL, REJECTED, OVERRIDE, DEPLOYING, VERIFYING, GATE,
    VERIFIED, FAILED, ROLLING_BACK, ROLLED_BACK, ROLLBACK_FAILED, RESOLVED, INFO
}
