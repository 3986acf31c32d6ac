package io.jenkins.plugins.routetolive.actions;

import hudson.model.Api;
import hudson.model.Run;
import io.jenkins.plugins.routetolive.runtime.RouteToLive;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import jenkins.model.RunAction2;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;
import org.kohsuke.stapler.interceptor.RequirePOST;

/**
 * The build's promotions: the route as a row of environments for its artifact, gate evidence, and
 * approvals with Approve/Reject buttons. Stores only route names and promotion ids; everything shown is
 * read from the ledger. The endpoints are POST only, check the Approve permission first, and work the
 * same from a script ({@code POST …/route-to-live/approve?promotionId=…&comment=…} with a crumb or API token).
 * {@code …/route-to-live/api/json} gives what the page shows.
 */
@ExportedBean
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
        return "symbol-paper-plane-outline";
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
    @Exported
    public List<PromotionView> getPromotions() {
        List<PromotionView> views = new ArrayList<>();
        RouteToLive rtl = RouteToLive.get();
        ReadableBuilds builds = new ReadableBuilds(rtl.ledger());
        for (int i = promotions.size() - 1; i >= 0; i--) {
            Tracked t = promotions.get(i);
            views.add(PromotionView.of(rtl.service(t.route), t.promotionId, run, builds));
        }
        return views;
    }

    /** The route a promotion of this build belongs to, or null when the build has no such promotion. */
    String routeOf(String promotionId) {
        synchronized (run) {
            return promotions.stream().filter(t -> t.promotionId.equals(promotionId)).map(t -> t.route).findFirst()
                    .orElse(null);
        }
    }

    public Api getApi() {
        return new Api(this);
    }

    @RequirePOST
    public HttpResponse doApprove(@QueryParameter String promotionId, @QueryParameter String comment) {
        return decide(promotionId, comment, true);
    }

    @RequirePOST
    public HttpResponse doReject(@QueryParameter String promotionId, @QueryParameter String comment) {
        return decide(promotionId, comment, false);
    }

    /** The decision path both this page and the approval inbox take ({@link DecisionDesk}). */
    HttpResponse decide(String promotionId, String comment, boolean approve) {
        String route = promotionId == null ? null : routeOf(promotionId);
        return DecisionDesk.decide(run, route == null ? null : RouteToLive.get().service(route), promotionId, comment,
                approve);
    }
}
