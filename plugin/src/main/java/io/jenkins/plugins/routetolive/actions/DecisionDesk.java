package io.jenkins.plugins.routetolive.actions;

import hudson.model.Job;
import hudson.model.Run;
import io.jenkins.plugins.routetolive.RouteToLivePermissions;
import io.jenkins.plugins.routetolive.engine.approval.ApprovalRefusedException;
import io.jenkins.plugins.routetolive.engine.promotion.IllegalStateTransitionException;
import io.jenkins.plugins.routetolive.engine.promotion.Promotion;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionRefusedException;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionService;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;
import io.jenkins.plugins.routetolive.runtime.Actors;
import io.jenkins.plugins.routetolive.runtime.RouteToLive;
import jenkins.model.Jenkins;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.HttpResponses;

/**
 * Approve and reject as the user of this request: the one code path behind the build page's endpoints, the
 * approval inbox's endpoints, and both pages' "may decide" answer. The Approve permission on the job first,
 * then the promotion, then the engine's policy ({@link io.jenkins.plugins.routetolive.engine.approval.ApprovalTally#check}),
 * which says who may decide and why not. Every refusal is a status and one plain sentence.
 */
final class DecisionDesk {

    private DecisionDesk() {
    }

    /** Why the user of this request may not decide on the promotion now; "" when they may. */
    static String refusal(Job<?, ?> job, Promotion promotion) {
        if (!job.hasPermission(RouteToLivePermissions.APPROVE)) {
            return lacksPermission(job);
        }
        if (promotion.state() != PromotionState.AWAITING_APPROVAL) {
            return notAwaiting(promotion.id(), promotion.state());
        }
        if (promotion.readyToDeploy()) {
            return approved(promotion);
        }
        try {
            promotion.approvals().check(Actors.current(job));
            return "";
        } catch (ApprovalRefusedException e) {
            return e.getMessage();
        }
    }

    /**
     * Records the decision and wakes the build waiting for it: 302 to the page ("."), else 403 not allowed,
     * 400 without an id, 404 when the build has no such promotion ({@code service} null), 409 when the
     * promotion no longer awaits approval.
     */
    static HttpResponse decide(Run<?, ?> run, PromotionService service, String promotionId, String comment,
                               boolean approve) {
        Job<?, ?> job = run.getParent();
        if (!job.hasPermission(RouteToLivePermissions.APPROVE)) {
            return PlainAnswer.forbidden(lacksPermission(job));
        }
        if (promotionId == null || promotionId.isBlank()) {
            return PlainAnswer.badRequest("Give promotionId=<id>: the id the build log prints after \"Approve or reject "
                    + "promotion\" and the build page shows.");
        }
        if (service == null) {
            return PlainAnswer.notFound("Build " + run.getFullDisplayName() + " has no promotion '" + promotionId + "'.");
        }
        Promotion promotion = service.promotion(promotionId);
        if (promotion.state() != PromotionState.AWAITING_APPROVAL) {
            return PlainAnswer.conflict(notAwaiting(promotionId, promotion.state()));
        }
        if (promotion.readyToDeploy()) {
            return PlainAnswer.conflict(approved(promotion));
        }
        try {
            if (approve) {
                service.approve(promotionId, Actors.current(job), comment);
            } else {
                service.reject(promotionId, Actors.current(job), comment);
            }
        } catch (ApprovalRefusedException | PromotionRefusedException e) {
            return PlainAnswer.forbidden(e.getMessage());
        } catch (IllegalStateTransitionException e) {
            return PlainAnswer.conflict(e.getMessage()); // decided or timed out a moment ago
        }
        RouteToLive.get().decided(promotionId);
        return HttpResponses.redirectToDot();
    }

    private static String lacksPermission(Job<?, ?> job) {
        return Jenkins.getAuthentication2().getName() + " may not approve or reject promotions of "
                + job.getFullDisplayName() + ": that needs the " + RouteToLivePermissions.APPROVE.group.title + "/"
                + RouteToLivePermissions.APPROVE.name + " permission.";
    }

    /** A component of a release keeps waiting for the other components once its own approvals are complete. */
    private static String approved(Promotion promotion) {
        return "Promotion " + promotion.id() + " already has the " + promotion.approvals().policy().required()
                + " approval(s) it needs and waits for the rest of its release; nothing is left to decide.";
    }

    private static String notAwaiting(String promotionId, PromotionState state) {
        return "Promotion " + promotionId + " is " + state.label() + ", not awaiting approval.";
    }
}
