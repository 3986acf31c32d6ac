package io.jenkins.plugins.routetolive.steps;

import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.routetolive.actions.PromotionAction;
import io.jenkins.plugins.routetolive.engine.promotion.Promotion;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionService;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;
import io.jenkins.plugins.routetolive.runtime.RouteToLive;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import jenkins.model.Jenkins;

/**
 * A promotion's wait for approvals, without a thread: a callback when somebody decides on the build page,
 * and a timer for the absolute deadline, after which the promotion is rejected by {@code system}. Nothing
 * here is saved; after a restart the execution arms a new wait with the deadline it kept.
 */
final class ApprovalWait {

    private final String promotionId;
    private final PromotionService service;
    private final int timeoutHours;
    private volatile ScheduledFuture<?> timeout;

    ApprovalWait(String promotionId, PromotionService service, int timeoutHours) {
        this.promotionId = promotionId;
        this.service = service;
        this.timeoutHours = timeoutHours;
    }

    /**
     * Calls {@code decided} whenever a decision is recorded and once the deadline passes, and once now: a
     * decision recorded before the wait was armed (or while the controller was down) counts.
     */
    void arm(long deadlineMillis, Runnable decided) {
        RouteToLive rtl = RouteToLive.get();
        rtl.awaitDecision(promotionId, decided);
        long delay = Math.max(0, deadlineMillis - rtl.clock().millis());
        timeout = rtl.scheduler().schedule(() -> {
            expire();
            decided.run();
        }, delay, TimeUnit.MILLISECONDS);
        decided.run();
    }

    /** Tells the build log where to decide: "Approve or reject promotion <id> on the build page, <url>". */
    static void announce(TaskListener listener, Run<?, ?> run, String promotionId) {
        String root = Jenkins.get().getRootUrl();
        listener.getLogger().println("Approve or reject promotion " + promotionId + " on the build page, "
                + (root == null ? "" : root) + run.getUrl() + PromotionAction.URL_NAME
                + "/ (no executor is held while it waits).");
    }

    /**
     * Tells the build log where to decide on each component promotion of a release that awaits approval, and that
     * the release deploys once all are approved and is rejected as a whole when one is rejected.
     */
    static void announce(TaskListener listener, Run<?, ?> run, String release, String environment,
                         List<Promotion> components) {
        List<String> waiting = new ArrayList<>();
        for (Promotion p : components) {
            if (p.state() == PromotionState.AWAITING_APPROVAL) {
                waiting.add(p.artifact().application() + " (" + p.id() + ")");
                announce(listener, run, p.id());
            }
        }
        listener.getLogger().println(release + " waits for approval of " + waiting.size() + " component promotion(s) to "
                + environment + ": " + String.join(", ", waiting) + ". Each is approved on its own; the release deploys "
                + "once all are approved, and rejecting one rejects the whole release.");
    }

    void disarm() {
        ScheduledFuture<?> t = timeout;
        if (t != null) {
            t.cancel(false);
        }
        RouteToLive.get().stopWaiting(promotionId);
    }

    private void expire() {
        try {
            Promotion p = service.promotion(promotionId);
            if (p.state() == PromotionState.AWAITING_APPROVAL && !p.readyToDeploy()) {
                service.transition(promotionId, PromotionState.REJECTED, "system", "no decision within " + timeoutHours
                        + " h (" + p.approvals().approvers().size() + " of " + p.approvals().policy().describe()
                        + "); promote again to ask anew");
            }
        } catch (RuntimeException raced) {
            // a decision was recorded at the deadline; the ledger says which one won
        }
    }
}
