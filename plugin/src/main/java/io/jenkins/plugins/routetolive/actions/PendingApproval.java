package io.jenkins.plugins.routetolive.actions;

import hudson.model.Run;
import io.jenkins.plugins.routetolive.engine.approval.ApprovalDecision;
import io.jenkins.plugins.routetolive.engine.promotion.Promotion;
import java.time.Instant;
import java.util.List;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/** One promotion awaiting approval, as the inbox shows it to the user asking. */
@ExportedBean(defaultVisibility = 2)
public final class PendingApproval extends PromotionSummary {

    private final Run<?, ?> run;
    private final String refusal;

    PendingApproval(Run<?, ?> run, Promotion promotion, Instant requestedAt, String refusal) {
        super(promotion, requestedAt);
        this.run = run;
        this.refusal = refusal;
    }

    @Exported
    public String getPromotionId() {
        return promotion.id();
    }

    /** The job's full name ("payments/shop"). */
    @Exported
    public String getJob() {
        return run.getParent().getFullName();
    }

    public String getJobDisplayName() {
        return run.getParent().getFullDisplayName();
    }

    public String getJobUrl() {
        return run.getParent().getUrl();
    }

    /** The build number. */
    @Exported
    public int getBuild() {
        return run.getNumber();
    }

    public String getBuildDisplayName() {
        return run.getDisplayName();
    }

    /** The build's Route to Live page (relative to the Jenkins root), at this promotion. */
    public String getPageUrl() {
        return run.getUrl() + PromotionAction.URL_NAME + "/#promotion-" + promotion.id();
    }

    /** The build's Route to Live page, absolute: its approve and reject endpoints are there too. */
    @Exported
    public String getUrl() {
        return ReadableBuilds.absolute(run.getUrl() + PromotionAction.URL_NAME + "/");
    }

    @Exported(name = "requestedAt")
    public String getRequestedAtIso() {
        return Moment.iso(requestedAt);
    }

    Instant requestedAt() {
        return requestedAt == null ? Instant.EPOCH : requestedAt;
    }

    @Exported
    public int getRequired() {
        return promotion.approvals().policy().required();
    }

    /** The approvals given so far, in the order they came. */
    @Exported
    public List<DecisionView> getGiven() {
        return promotion.approvals().decisions().stream().filter(ApprovalDecision::approved).map(DecisionView::new)
                .toList();
    }

    /** Who may approve, as the route says it: "members of release-managers", "rita or ravi". */
    @Exported
    public String getApprovers() {
        return promotion.approvals().policy().describeWhoMayApprove();
    }

    /** Whether the user asking may approve or reject it now (the Approve permission and the engine's policy). */
    @Exported
    public boolean isMayDecide() {
        return refusal.isEmpty();
    }

    /** Why the user asking may not decide, in the engine's words ("" when they may). */
    @Exported
    public String getRefusal() {
        return refusal;
    }
}
