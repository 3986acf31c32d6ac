package io.jenkins.plugins.routetolive.engine.approval;

/** An approval or rejection that the policy does not accept; the message says who, why, and what is needed. */
public final class ApprovalRefusedException extends RuntimeException {
    public ApprovalRefusedException(String message) {
        super(message);
    }
}
