package io.jenkins.plugins.routetolive.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.routetolive.actions.PromotionAction;
import io.jenkins.plugins.routetolive.engine.promotion.PipelineDeployment;
import io.jenkins.plugins.routetolive.engine.promotion.Promotion;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionOutcome;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionRequest;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionService;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;
import io.jenkins.plugins.routetolive.runtime.Actors;
import io.jenkins.plugins.routetolive.runtime.DeploymentSpec;
import io.jenkins.plugins.routetolive.runtime.RolloutPlan;
import io.jenkins.plugins.routetolive.runtime.RouteToLive;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jenkinsci.plugins.workflow.steps.BodyExecution;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * Runs one promotion of {@code promote} or {@code withPromotion} without holding a thread: every wait
 * (the single-version line, approvals, the deployment, the block, the gates) ends in a callback. Keeps
 * only the order, the deployment spec, the promotion id and the absolute approval deadline; after a
 * restart {@link #onResume()} re-reads the promotion from the ledger and re-arms the wait it was in. A
 * promotion that was deploying or verifying is deployed again and its gates evaluated from scratch
 * (see {@code Rollout.resume}); a block that was running resumes as Pipeline resumes it.
 */
final class PromoteExecution extends StepExecution {

    private static final long serialVersionUID = 1L;

    private final PromotionOrder order;
    private final DeploymentSpec spec;
    private volatile String promotionId;
    private volatile long approvalDeadline;
    private volatile boolean blockStarted;
    private volatile boolean blockDone;
    private volatile BodyExecution block;

    private transient boolean moving;
    private transient boolean finished;
    private transient ApprovalWait approvals;
    private transient PlannedRollout rollout;
    private transient volatile CompletableFuture<Promotion> waitingInLine;

    PromoteExecution(StepContext context, PromotionOrder order, DeploymentSpec spec) {
        super(context);
        this.order = order;
        this.spec = spec;
    }

    /** Checks everything it can before asking the engine, so a bad parameter records nothing. */
    @Override
    public boolean start() throws Exception {
        Run<?, ?> run = getContext().get(Run.class);
        TaskListener listener = getContext().get(TaskListener.class);
        PromotionService service = service();
        PromotionRequest request = order.request(service, Actors.requester(run), run.getExternalizableId());
        rollout().plan(run);
        CompletableFuture<Promotion> requested;
        try {
            requested = RouteToLive.get().events().on(listener, () -> service.request(request));
        } catch (RuntimeException e) {
            rollout().close();
            throw StepSupport.refusal(e);
        }
        waitingInLine = requested;
        requested.whenComplete((promotion, error) -> {
            if (error != null) {
                fail(StepSupport.refusal(error));
            } else {
                admitted(promotion);
            }
        });
        return false;
    }

    private synchronized PlannedRollout rollout() {
        if (rollout == null) {
            rollout = new PlannedRollout(order.routeName, order.environment, spec);
        }
        return rollout;
    }

    private PromotionService service() {
        return RouteToLive.get().service(order.routeName);
    }

    private void admitted(Promotion p) {
        promotionId = p.id();
        if (isFinished()) {
            // stopped while it waited for its turn in a single-version environment: give the turn back
            endPromotion("the build was stopped while the promotion waited for its turn");
            return;
        }
        try {
            Run<?, ?> run = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
            RouteToLive.get().events().follow(p.id(), listener);
            PromotionAction.record(run, order.routeName, p.id());
            if (p.state() == PromotionState.AWAITING_APPROVAL) {
                approvalDeadline = RouteToLive.get().clock().millis() + TimeUnit.HOURS.toMillis(order.approvalTimeoutHours);
                ApprovalWait.announce(listener, run, p.id());
                awaitApproval();
            } else {
                proceed();
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            fail(e);
        }
    }

    private void awaitApproval() {
        approvals = new ApprovalWait(promotionId, service(), order.approvalTimeoutHours);
        approvals.arm(approvalDeadline, this::decisionRecorded);
    }

    private void decisionRecorded() {
        try {
            Promotion p = service().promotion(promotionId);
            if (p.state().isFinal()) {
                stopWaiting();
                fail(new AbortException(PromotionEnd.message(service(), p)));
            } else if (p.readyToDeploy()) {
                stopWaiting();
                proceed();
            }
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    private synchronized boolean isFinished() {
        return finished;
    }

    private synchronized boolean claim() {
        if (moving || finished) {
            return false;
        }
        moving = true;
        return true;
    }

    /** Deploys: by the plugin, or by running the block once the engine has recorded the deployment. */
    private void proceed() {
        if (!claim()) {
            return;
        }
        try {
            if (spec.byPipeline()) {
                startBlock(new PipelineDeployment(service()).begin(promotionId));
            } else {
                complete(plan().deployAndVerify(service(), promotionId));
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            endPromotion("the deployment could not start: " + StepSupport.refusal(e).getMessage());
            fail(e);
        }
    }

    private void startBlock(Promotion deploying) throws IOException, InterruptedException {
        blockStarted = true;
        block = DeploymentBlock.start(getContext(), deploying, this);
    }

    private RolloutPlan plan() throws IOException, InterruptedException {
        return rollout().plan(getContext().get(Run.class));
    }

    void blockSucceeded() {
        blockDone = true;
        try {
            complete(plan().verifyExternal(service(), promotionId));
        } catch (IOException | InterruptedException | RuntimeException e) {
            fail(e);
        }
    }

    void blockFailed(Throwable t) {
        blockDone = true;
        fail(PromotionEnd.blockFailed(service(), promotionId, t));
    }

    private void complete(CompletableFuture<PromotionOutcome> outcome) {
        rollout().track(outcome).whenComplete((o, error) -> {
            if (error != null) {
                fail(error);
            } else if (o.succeeded()) {
                if (finish()) {
                    getContext().onSuccess(StepSupport.result(o));
                }
            } else {
                fail(new AbortException(o.message()));
            }
        });
    }

    @Override
    public void onResume() {
        if (promotionId == null) {
            fail(new AbortException("Jenkins restarted before the promotion of " + order.describe()
                    + " was recorded; nothing was promoted. Run the build again."));
            return;
        }
        try {
            RouteToLive.get().events().follow(promotionId, getContext().get(TaskListener.class));
            Promotion p = service().promotion(promotionId);
            if (blockStarted && !blockDone) {
                return; // the block resumes by itself and calls back
            } else if (p.state().isFinal()) {
                endedBeforeResume(p);
            } else if (spec.byPipeline() && !blockStarted && p.state() == PromotionState.DEPLOYING) {
                moving = true;
                startBlock(p); // recorded as deploying, but the block had not started when Jenkins stopped
            } else if (p.state() == PromotionState.DEPLOYING || p.state() == PromotionState.VERIFYING) {
                moving = true;
                complete(plan().resume(service(), promotionId));
            } else if (p.state() == PromotionState.AWAITING_APPROVAL) {
                awaitApproval();
            } else {
                proceed();
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            fail(e);
        }
    }

    private void endedBeforeResume(Promotion p) {
        if (p.state() == PromotionState.VERIFIED) {
            if (finish()) {
                getContext().onSuccess(PromotionEnd.verified(p));
            }
        } else {
            fail(new AbortException(PromotionEnd.message(service(), p)));
        }
    }

    @Override
    public void stop(@NonNull Throwable cause) throws Exception {
        BodyExecution b = block;
        if (b != null) {
            b.cancel(cause);
        }
        endPromotion("the build was stopped");
        if (rollout().isRunning()) {
            getContext().get(TaskListener.class).getLogger().println("The build was stopped while promotion " + promotionId
                    + " of " + order.describe() + " was deploying or verifying; the rollout goes on to its end (or its "
                    + "rollback) and the ledger records the outcome.");
        }
        fail(cause);
        CompletableFuture<Promotion> queued = waitingInLine;
        if (queued != null && promotionId == null) {
            queued.cancel(false); // withdraws the request from the single-version line (after fail: the stop cause wins)
        }
    }

    @Override
    public String getStatus() {
        return promotionId == null ? "requesting promotion of " + order.describe()
                : "promotion " + promotionId + " of " + order.describe()
                + (approvalDeadline > 0 && !moving ? ", awaiting approval" : "");
    }

    private void endPromotion(String reason) {
        PromotionEnd.withdraw(service(), promotionId, reason);
    }

    private void fail(Throwable error) {
        if (finish()) {
            getContext().onFailure(StepSupport.failure(error));
        }
    }

    private synchronized boolean finish() {
        if (finished) {
            return false;
        }
        finished = true;
        stopWaiting();
        rollout().release();
        if (promotionId != null) {
            RouteToLive.get().events().unfollow(promotionId);
        }
        return true;
    }

    private void stopWaiting() {
        ApprovalWait wait = approvals;
        if (wait != null) {
            wait.disarm();
        }
    }
}
