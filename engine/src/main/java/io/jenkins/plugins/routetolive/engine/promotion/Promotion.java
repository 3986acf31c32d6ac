package io.jenkins.plugins.routetolive.engine.promotion;

import io.jenkins.plugins.routetolive.engine.approval.ApprovalTally;
import io.jenkins.plugins.routetolive.engine.artifact.Artifact;

import java.util.Objects;

/** A snapshot of one promotion: what moves where, its state, and its approvals. */
public record Promotion(String id, Artifact artifact, String environment, PromotionState state, String requester,
                        ApprovalTally approvals) {

    public Promotion {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(artifact, "artifact");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(approvals, "approvals");
    }

    /** Whether deployment may start: requested with no approval needed, or approved. */
    public boolean readyToDeploy() {
        return state == PromotionState.REQUESTED
                || state == PromotionState.AWAITING_APPROVAL && approvals.status() == ApprovalTally.Status.APPROVED;
    }

    /** "shop 1.1.0 (sha256:ab12…) to production" */
    public String describe() {
        return artifact.describe() + " to " + environment;
    }
}
