package io.jenkins.plugins.routetolive.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.routetolive.actions.PromotionAction;
import io.jenkins.plugins.routetolive.engine.manifest.ManifestOutcome;
import io.jenkins.plugins.routetolive.engine.manifest.ManifestPromotion;
import io.jenkins.plugins.routetolive.engine.manifest.ManifestRollout;
import io.jenkins.plugins.routetolive.engine.promotion.Promotion;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionService;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;
import io.jenkins.plugins.routetolive.runtime.Actors;
import io.jenkins.plugins.routetolive.runtime.RouteToLive;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * Runs {@code promoteRelease} without holding a thread or an executor: the component promotions are requested
 * (each shows on the build's Route to Live page as it is recorded), approvals are awaited with one
 * {@link ApprovalWait} per component promotion, and the engine's manifest deployment runs on futures. Keeps only
 * the order (the manifest as canonical JSON, the environment, the options), the component promotion ids and the
 * absolute approval deadline; after a restart {@link #onResume()} reopens the manifest promotion from the ledger and
 * re-arms the wait it was in, or lets the engine go on with the deployment.
 */
final class PromoteReleaseExecution extends StepExecution {

    private static final long serialVersionUID = 1L;

    private final ReleaseOrder order;
    private final List<String> promotionIds = new CopyOnWriteArrayList<>();
    private volatile boolean allRequested;
    private volatile long approvalDeadline;

    private transient boolean moving;
    private transient boolean finished;
    private transient List<ApprovalWait> approvals;
    private transient ReleasePlans plans;
    private transient volatile CompletableFuture<ManifestPromotion> requesting;

    PromoteReleaseExecution(StepContext context, ReleaseOrder order) {
        super(context);
        this.order = order;
    }

    /** Builds every component's deployer and gate first, so a bad target or credential records nothing. */
    @Override
    public boolean start() throws Exception {
        Run<?, ?> run = getContext().get(Run.class);
        TaskListener listener = getContext().get(TaskListener.class);
        try {
            service().route().environment(order.environment);
            plans().buildAll(run);
            requesting = RouteToLive.get().events().on(listener, () -> rollout().request(order.manifest(),
                    order.environment, Actors.requester(run), order.override(), run.getExternalizableId(), this::admitted));
        } catch (RuntimeException e) {
            plans().close();
            throw StepSupport.refusal(e);
        }
        requesting.whenComplete((promotion, error) -> {
            if (error != null) {
                fail(StepSupport.refusal(error));
            } else {
                allRequested = true;
                requested(promotion);
            }
        });
        return false;
    }

    private PromotionService service() {
        return RouteToLive.get().service(order.routeName);
    }

    private ManifestRollout rollout() {
        return new ManifestRollout(service());
    }

    private synchronized ReleasePlans plans() {
        if (plans == null) {
            plans = new ReleasePlans(order);
        }
        return plans;
    }

    private ManifestPromotion promotion() {
        return rollout().reopen(order.manifest(), order.environment, List.copyOf(promotionIds));
    }

    /**
     * A component promotion is recorded: keep its id, show it on the build page (where it is approved or rejected
     * like any promotion), send its events to the log. Runs inside the engine's request chain, so it never throws.
     */
    private void admitted(Promotion p) {
        promotionIds.add(p.id());
        try {
            RouteToLive.get().events().follow(p.id(), getContext().get(TaskListener.class));
            PromotionAction.record(getContext().get(Run.class), order.routeName, p.id());
        } catch (IOException | InterruptedException | RuntimeException e) {
            log("Could not show promotion " + p.id() + " on the build page (" + e.getMessage() + "); decide on it with "
                    + "POST …/route-to-live/approve?promotionId=" + p.id() + " once the page lists it, or stop the build.");
        }
    }

    private void requested(ManifestPromotion promotion) {
        if (isFinished()) {
            rollout().end(promotion, "the build was stopped while the component promotions were requested");
            return;
        }
        try {
            if (rollout().readyToDeploy(promotion)) {
                proceed();
                return;
            }
            approvalDeadline = RouteToLive.get().clock().millis() + TimeUnit.HOURS.toMillis(order.approvalTimeoutHours);
            announce(promotion);
            awaitApprovals(promotion);
        } catch (IOException | InterruptedException | RuntimeException e) {
            fail(e);
        }
    }

    private void announce(ManifestPromotion promotion) throws IOException, InterruptedException {
        ApprovalWait.announce(getContext().get(TaskListener.class), getContext().get(Run.class), "Release "
                + order.manifest().describe(), order.environment, rollout().components(promotion));
    }

    /** One wait per component promotion still awaiting approval, all with the same absolute deadline. */
    private void awaitApprovals(ManifestPromotion promotion) {
        List<ApprovalWait> waits = new ArrayList<>();
        for (Promotion p : rollout().components(promotion)) {
            if (p.state() == PromotionState.AWAITING_APPROVAL) {
                waits.add(new ApprovalWait(p.id(), service(), order.approvalTimeoutHours));
            }
        }
        synchronized (this) {
            approvals = waits;
        }
        waits.forEach(w -> w.arm(approvalDeadline, this::decisionRecorded));
        if (isMoving()) {
            stopWaiting(); // a decision recorded while the waits were armed already settled it
        }
    }

    /** Somebody decided on a component promotion, or the deadline passed: deploy, end, or go on waiting. */
    private void decisionRecorded() {
        try {
            ManifestPromotion promotion = promotion();
            if (rollout().endedBeforeDeployment(promotion).isPresent()) {
                if (claim()) {
                    stopWaiting();
                    fail(new AbortException(rollout().end(promotion, "a component promotion ended").message()));
                }
            } else if (rollout().readyToDeploy(promotion)) {
                proceed();
            }
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    private void proceed() {
        if (!claim()) {
            return;
        }
        stopWaiting();
        try {
            Run<?, ?> run = getContext().get(Run.class);
            complete(rollout().deploy(promotion(), plans().deployers(run), plans().gates(run)));
        } catch (IOException | InterruptedException | RuntimeException e) {
            fail(e);
        }
    }

    private void complete(CompletableFuture<ManifestOutcome> deployment) {
        plans().track(deployment).whenComplete((outcome, error) -> {
            if (error != null) {
                fail(error);
            } else if (outcome.succeeded()) {
                if (finish()) {
                    log(outcome.message());
                    getContext().onSuccess(StepSupport.result(outcome, promotionIds));
                }
            } else {
                fail(new AbortException(outcome.message()));
            }
        });
    }

    @Override
    public void onResume() {
        try {
            if (!allRequested) {
                interruptedWhileRequesting();
                return;
            }
            TaskListener listener = getContext().get(TaskListener.class);
            promotionIds.forEach(id -> RouteToLive.get().events().follow(id, listener));
            ManifestPromotion promotion = promotion();
            ManifestRollout rollout = rollout();
            if (rollout.startedDeploying(promotion) || rollout.endedBeforeDeployment(promotion).isPresent()) {
                claim();
                Run<?, ?> run = getContext().get(Run.class);
                complete(rollout.resume(promotion, plans().deployers(run), plans().gates(run)));
            } else if (rollout.readyToDeploy(promotion)) {
                proceed();
            } else {
                log("Jenkins restarted; " + order.describe() + " waits again for approval of its component promotions, "
                        + "until the same deadline. Approvals given before the restart count.");
                awaitApprovals(promotion);
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            fail(e);
        }
    }

    /** The restart came while components waited in line: those recorded are withdrawn, and the build is told why. */
    private void interruptedWhileRequesting() {
        if (!promotionIds.isEmpty()) {
            rollout().end(promotion(), "Jenkins restarted before every component promotion was recorded");
        }
        fail(new AbortException("Jenkins restarted while the component promotions of " + order.describe()
                + " were being requested; those already recorded were withdrawn. Run the build again."));
    }

    /**
     * Ends the release's component promotions that have not started deploying (recorded as withdrawn). A deployment
     * already under way is not cut off half way: it goes on to its end, or its reverse-order restore, and the ledger
     * records how it ended.
     */
    @Override
    public void stop(@NonNull Throwable cause) throws Exception {
        CompletableFuture<ManifestPromotion> requested = requesting;
        if (allRequested && claim()) {
            stopWaiting();
            rollout().end(promotion(), "the build was stopped");
        } else if (plans().isRunning()) {
            log("The build was stopped while " + order.describe() + " was deploying; the deployment goes on to its end "
                    + "(or its reverse-order restore) and the ledger records the outcome.");
        }
        fail(cause);
        if (!allRequested && requested != null) {
            requested.cancel(false); // withdraws the component waiting in line (after fail: the stop cause wins)
        }
    }

    @Override
    public String getStatus() {
        return order.describe() + (!allRequested ? ": requesting component promotions"
                : isMoving() ? ": deploying" : ": awaiting approval of its component promotions");
    }

    private void log(String line) {
        try {
            getContext().get(TaskListener.class).getLogger().println(line);
        } catch (IOException | InterruptedException e) {
            // the build log is gone; the ledger has the facts
        }
    }

    private synchronized boolean isFinished() {
        return finished;
    }

    private synchronized boolean isMoving() {
        return moving;
    }

    /** True for the one caller that may move the release on from waiting: a deployment, an end, or a stop. */
    private synchronized boolean claim() {
        if (moving || finished) {
            return false;
        }
        moving = true;
        return true;
    }

    private void fail(Throwable error) {
        if (finish()) {
            getContext().onFailure(StepSupport.failure(error));
        }
    }

    private boolean finish() {
        synchronized (this) {
            if (finished) {
                return false;
            }
            finished = true;
        }
        stopWaiting();
        plans().release();
        promotionIds.forEach(RouteToLive.get().events()::unfollow);
        return true;
    }

    private void stopWaiting() {
        List<ApprovalWait> waits;
        synchronized (this) {
            waits = approvals;
        }
        if (waits != null) {
            waits.forEach(ApprovalWait::disarm);
        }
    }
}
