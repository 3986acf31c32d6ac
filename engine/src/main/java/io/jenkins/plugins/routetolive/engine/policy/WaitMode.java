package io.jenkins.plugins.routetolive.engine.policy;

/** What to do when a single-version environment already has a promotion in flight. */
public enum WaitMode {
    /** Queue behind it, first come first served. */
    WAIT,
    /** Refuse at once, naming the promotion in flight. */
    REFUSE
}
