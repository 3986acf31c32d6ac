package io.jenkins.plugins.routetolive.actions;

import io.jenkins.plugins.routetolive.engine.approval.ApprovalDecision;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/** One person's approval or rejection of a promotion, with the comment as they wrote it. */
@ExportedBean(defaultVisibility = 3)
public final class DecisionView {

    private final ApprovalDecision decision;

    DecisionView(ApprovalDecision decision) {
        this.decision = decision;
    }

    @Exported
    public String getApprover() {
        return decision.actor();
    }

    /** "approved" or "rejected". */
    @Exported
    public String getDecision() {
        return decision.approved() ? "approved" : "rejected";
    }

    @Exported
    public String getComment() {
        return decision.comment();
    }

    @Exported(name = "at")
    public String getAtIso() {
        return Moment.iso(decision.at());
    }

    /** True when an administrator approved despite separation of duties (the route allows it; it is recorded). */
    @Exported
    public boolean isBypass() {
        return decision.bypass();
    }

    public Moment getAt() {
        return Moment.of(decision.at());
    }

    public StateBadge getBadge() {
        return decision.approved() ? StateBadge.APPROVED : StateBadge.REJECTED;
    }
}
