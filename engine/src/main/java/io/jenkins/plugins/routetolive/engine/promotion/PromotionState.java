package io.jenkins.plugins.routetolive.engine.promotion;

/** Where a promotion stands. The legal moves between states are in {@link PromotionStateMachine}. */
public enum PromotionState {
    REQUESTED,
    AWAITING_APPROVAL,
    DEPLOYING,
    VERIFYING,
    VERIFIED,
    /** Deployment or gates failed. Ends the promotion unless a rollback starts right away. */
    FAILED,
    ROLLING_BACK,
    ROLLED_BACK,
    ROLLBACK_FAILED,
    /** An approver said no. */
    REJECTED;

    /** Whether the promotion has ended (FAILED counts as ended; a rollback may still follow it). */
    public boolean isFinal() {
        return this == VERIFIED || this == FAILED || this == ROLLED_BACK || this == ROLLBACK_FAILED || this == REJECTED;
    }

    /** "awaiting approval" */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
}
