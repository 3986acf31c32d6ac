package io.jenkins.plugins.routetolive.actions;

import hudson.model.Job;
import hudson.model.Run;
import io.jenkins.plugins.routetolive.RouteToLivePermissions;
import io.jenkins.plugins.routetolive.engine.approval.ApprovalRefusedException;
import io.jenkins.plugins.routetolive.engine.promotion.IllegalStateTransitionException;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionRefusedException;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionService;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;
import io.jenkins.plugins.routetolive.runtime.Actors;
import io.jenkins.plugins.routetolive.runtime.RouteToLive;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import jenkins.model.Jenkins;
import jenkins.model.RunAction2;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.HttpResponses;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.interceptor.RequirePOST;

/**
 * The build's promotions: the route as a row of environments for its artifact, gate evidence, and
 * approvals with Approve/Reject buttons. Stores only route names and promotion ids; everything shown is
 * read from the ledger. The endpoints are POST only, check the Approve permission first, and work the
 * same from a script ({@code POST …/route-to-live/approve?promotionId=…&comment=…} with a crumb or API token).
 */
public final class PromotionAction implements RunAction2 {

    public static final String URL_NAME = "route-to-live";

    private final List<Tracked> promotions = new ArrayList<>();
    private transient Run<?, ?> run;

    /** A promotion this build started, and the route it belongs to. */
    public static final class Tracked {
        private final String route;
        private final String promotionId;

        Tracked(String route, String promotionId) {
            this.route = route;
            this.promotionId = promotionId;
        }

        public String getRoute() {
            return route;
        }

        public String getPromotionId() {
            return promotionId;
        }
    }

    /** Adds a promotion to the build's action, creating the action on first use, and saves the build. */
    public static void record(Run<?, ?> run, String route, String promotionId) throws IOException {
        synchronized (run) {
            PromotionAction action = run.getAction(PromotionAction.class);
            if (action == null) {
                action = new PromotionAction();
                run.addAction(action);
            }
            action.promotions.add(new Tracked(route, promotionId));
        }
        run.save();
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        this.run = r;
    }

    public Run<?, ?> getRun() {
        return run;
    }

    @Override
    public String getIconFileName() {
        return "clipboard.png";
    }

    @Override
    public String getDisplayName() {
        return "Route to Live";
    }

    @Override
    public String getUrlName() {
        return URL_NAME;
    }

    /** One view per promotion of this build, newest first. */
    public List<PromotionView> getPromotions() {
        List<PromotionView> views = new ArrayList<>();
        RouteToLive rtl = RouteToLive.get();
        boolean mayApprove = run.getParent().hasPermission(RouteToLivePermissions.APPROVE);
        for (int i = promotions.size() - 1; i >= 0; i--) {
            Tracked t = promotions.get(i);
            views.add(PromotionView.of(rtl.service(t.route), t.promotionId, mayApprove));
        }
        return views;
    }

    @RequirePOST
    public HttpResponse doApprove(@QueryParameter String promotionId, @QueryParameter String comment) {
        return decide(promotionId, comment, true);
    }

    @RequirePOST
    public HttpResponse doReject(@QueryParameter String promotionId, @QueryParameter String comment) {
        return decide(promotionId, comment, false);
    }

    /**
     * Permission first, then the promotion, then the engine's policy. Every refusal is a status and one
     * sentence (403 not allowed, 404 no such promotion on this build, 409 no longer awaiting approval).
     */
    private HttpResponse decide(String promotionId, String comment, boolean approve) {
        Job<?, ?> job = run.getParent();
        if (!job.hasPermission(RouteToLivePermissions.APPROVE)) {
            return PlainAnswer.forbidden(Jenkins.getAuthentication2().getName() + " may not approve or reject promotions of "
                    + job.getFullDisplayName() + ": that needs the " + RouteToLivePermissions.APPROVE.group.title + "/"
                    + RouteToLivePermissions.APPROVE.name + " permission.");
        }
        if (promotionId == null || promotionId.isBlank()) {
            return PlainAnswer.badRequest("Give promotionId=<id>: the id the build log prints after \"Approve or reject "
                    + "promotion\" and the build page shows.");
        }
        Tracked tracked = promotions.stream().filter(t -> t.promotionId.equals(promotionId)).findFirst().orElse(null);
        if (tracked == null) {
            return PlainAnswer.notFound("Build " + run.getFullDisplayName() + " has no promotion '" + promotionId + "'.");
        }
        RouteToLive rtl = RouteToLive.get();
        PromotionService service = rtl.service(tracked.route);
        PromotionState state = service.promotion(promotionId).state();
        if (state != PromotionState.AWAITING_APPROVAL) {
            return PlainAnswer.conflict("Promotion " + promotionId + " is " + state.label() + ", not awaiting approval.");
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
        rtl.decided(promotionId);
        return HttpResponses.redirectToDot();
    }
}
