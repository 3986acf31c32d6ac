package io.jenkins.plugins.routetolive.actions;

import hudson.model.Api;
import hudson.model.Run;
import jenkins.management.Badge;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerQueries;
import io.jenkins.plugins.routetolive.engine.ledger.PromotionRecord;
import io.jenkins.plugins.routetolive.engine.promotion.Promotion;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;
import io.jenkins.plugins.routetolive.runtime.RouteToLive;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;
import org.kohsuke.stapler.interceptor.RequirePOST;

/**
 * {@code JENKINS_URL/route-to-live/approvals/}: every promotion awaiting approval on a build the user may read,
 * the longest waiting first, with Approve and Reject where the user may decide. Its endpoints find the build
 * that requested the promotion and take the build page's own decision path, so the rules and the answers are
 * the same. One instance per request.
 */
@ExportedBean
public final class ApprovalInbox {

    private static final Logger LOGGER = Logger.getLogger(ApprovalInbox.class.getName());

    private final LedgerQueries ledger;
    private List<PendingApproval> pending;

    ApprovalInbox(LedgerQueries ledger) {
        this.ledger = ledger;
    }

    /** Promotions awaiting approval that the user may see, the longest waiting first. */
    @Exported
    public synchronized List<PendingApproval> getPending() {
        if (pending == null) {
            pending = collect();
        }
        return pending;
    }

    /** How many of them the user may decide on now. */
    public int getDecidable() {
        return (int) getPending().stream().filter(PendingApproval::isMayDecide).count();
    }

    /** "2" when the user may decide on two promotions now; null when on none. */
    public Badge getBadge() {
        int n = getDecidable();
        return n == 0 ? null : new Badge(String.valueOf(n), n + (n == 1 ? " promotion awaits" : " promotions await")
                + " your approval", Badge.Severity.WARNING);
    }

    public Api getApi() {
        return new Api(this);
    }

    private List<PendingApproval> collect() {
        ReadableBuilds builds = new ReadableBuilds(ledger);
        List<PendingApproval> items = new ArrayList<>();
        for (PromotionRecord record : ledger.activePromotions()) {
            if (record.state() != PromotionState.AWAITING_APPROVAL) {
                continue;
            }
            Run<?, ?> run = builds.run(builds.buildOf(record.id()));
            PromotionAction action = run == null ? null : run.getAction(PromotionAction.class);
            String route = action == null ? null : action.routeOf(record.id());
            if (route == null) {
                continue; // not on a build this user may read
            }
            try {
                Promotion promotion = RouteToLive.get().service(route).promotion(record.id());
                items.add(new PendingApproval(run, promotion, record.requestedAt(),
                        DecisionDesk.refusal(run.getParent(), promotion)));
            } catch (RuntimeException e) {
                // e.g. its route is no longer configured: the build page cannot show it either
                LOGGER.log(Level.FINE, "Leaving promotion " + record.id() + " out of the approval inbox", e);
            }
        }
        items.sort(Comparator.comparing(PendingApproval::requestedAt));
        return items;
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
     * The build page's decision path, on the build that requested the promotion. A promotion on a build the
     * user may not read is answered as one that does not exist.
     */
    private HttpResponse decide(String promotionId, String comment, boolean approve) {
        if (promotionId == null || promotionId.isBlank()) {
            return PlainAnswer.badRequest("Give promotionId=<id>: the promotionId of an item of "
                    + "route-to-live/approvals/api/json.");
        }
        ReadableBuilds builds = new ReadableBuilds(ledger);
        Run<?, ?> run = ledger.promotion(promotionId).isPresent() ? builds.run(builds.buildOf(promotionId)) : null;
        PromotionAction action = run == null ? null : run.getAction(PromotionAction.class);
        if (action == null || action.routeOf(promotionId) == null) {
            return PlainAnswer.notFound("No promotion '" + promotionId + "' on a build you may see.");
        }
        return action.decide(promotionId, comment, approve);
    }
}
