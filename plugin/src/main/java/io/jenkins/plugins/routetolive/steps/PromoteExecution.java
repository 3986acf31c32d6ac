package io.jenkins.plugins.routetolive.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.routetolive.actions.PromotionAction;
import io.jenkins.plugins.routetolive.config.RouteToLiveConfiguration;
import io.jenkins.plugins.routetolive.engine.artifact.Digest;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.policy.FreezeOverride;
import io.jenkins.plugins.routetolive.engine.policy.WaitMode;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jenkinsci.plugins.workflow.steps.BodyExecution;
import org.jenkinsci.plugins.workflow.steps.BodyExecutionCallback;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * Runs one promotion without holding a thread: every wait (the single-version line, approvals, the
 * deployment, the gates) ends in a callback. Keeps only ids, the deployment spec and the absolute
 * approval deadline; after a restart {@link #onResume()} re-reads the promotion from the ledger and
 * re-arms the wait it was in. A promotion that was deploying or verifying is deployed again and its
 * gates evaluated from scratch (see {@code Rollout.resume}).
 */
final class PromoteExecution extends StepExecution {

    private static final long serialVersionUID = 1L;

    private final String routeName;
    private final String application;
    private final String environment;
    private final String digest;
    private final String version;
    private final String freezeOverrideReason;
    private final int approvalTimeoutHours;
    private final boolean refuseIfBusy;
    private final DeploymentSpec spec;
    private volatile String promotionId;
    private volatile long approvalDeadline;
    private volatile boolean bodyStarted;
    private volatile boolean bodyDone;
    private volatile BodyExecution body;

    private transient boolean moving;
    private transient boolean finished;
    private transient ScheduledFuture<?> timeout;
    private transient RolloutPlan plan;
    private transient volatile CompletableFuture<PromotionOutcome> rollout;
    private transient volatile CompletableFuture<Promotion> waitingInLine;

    PromoteExecution(StepContext context, PromoteStep step, DeploymentSpec spec) throws IOException, InterruptedException {
        super(context);
        Run<?, ?> run = context.get(Run.class);
        this.routeName = RouteToLiveConfiguration.get().routeNameFor(run.getParent().getFullName());
        this.application = step.getApplication();
        this.environment = step.getEnvironment();
        this.digest = step.getDigest();
        this.version = step.getVersion();
        this.freezeOverrideReason = step.getFreezeOverrideReason();
        this.approvalTimeoutHours = Math.max(1, step.getApprovalTimeoutHours());
        this.refuseIfBusy = step.isRefuseIfBusy();
        this.spec = spec;
    }

    @Override
    public boolean start() throws Exception {
        Run<?, ?> run = getContext().get(Run.class);
        TaskListener listener = getContext().get(TaskListener.class);
        RouteToLive rtl = RouteToLive.get();
        PromotionService service = service();
        PromotionRequest request;
        try {
            request = new PromotionRequest(application, version.isEmpty() ? null : version,
                    digest.isEmpty() ? null : Digest.parse(digest), environment, Actors.requester(run),
                    freezeOverrideReason.isEmpty() ? Optional.empty() : Optional.of(new FreezeOverride(freezeOverrideReason)),
                    refuseIfBusy ? WaitMode.REFUSE : WaitMode.WAIT, run.getExternalizableId());
            service.route().environment(environment);
        } catch (RuntimeException e) {
            throw StepSupport.refusal(e);
        }
        plan = RolloutPlan.build(spec, routeName, service.route().environment(environment), run);
        CompletableFuture<Promotion> requested;
        try {
            requested = rtl.events().on(listener, () -> service.request(request));
        } catch (RuntimeException e) {
            closePlan();
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

    private PromotionService service() {
        return RouteToLive.get().service(routeName);
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
            RouteToLive.get().events().follow(p.id(), getContext().get(TaskListener.class));
            PromotionAction.record(run, routeName, p.id());
            if (p.state() == PromotionState.AWAITING_APPROVAL) {
                approvalDeadline = RouteToLive.get().clock().millis() + TimeUnit.HOURS.toMillis(approvalTimeoutHours);
                getContext().get(TaskListener.class).getLogger().println("Approve or reject promotion " + p.id()
                        + " on the build page, " + run.getUrl() + PromotionAction.URL_NAME + "/ (no executor is held while it waits).");
                awaitApproval();
            } else {
                proceed();
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            fail(e);
        }
    }

    private void awaitApproval() {
        RouteToLive rtl = RouteToLive.get();
        rtl.awaitDecision(promotionId, this::decisionRecorded);
        long delay = Math.max(0, approvalDeadline - rtl.clock().millis());
        timeout = rtl.scheduler().schedule(this::approvalTimedOut, delay, TimeUnit.MILLISECONDS);
        decisionRecorded();
    }

    private void decisionRecorded() {
        try {
            Promotion p = service().promotion(promotionId);
            if (p.state() == PromotionState.REJECTED) {
                stopWaiting();
                fail(new AbortException(ended(p)));
            } else if (p.readyToDeploy()) {
                stopWaiting();
                proceed();
            }
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    private void approvalTimedOut() {
        try {
            Promotion p = service().promotion(promotionId);
            if (p.state() == PromotionState.AWAITING_APPROVAL && !p.readyToDeploy()) {
                service().transition(promotionId, PromotionState.REJECTED, "system", "no decision within "
                        + approvalTimeoutHours + " h (" + p.approvals().approvers().size() + " of "
                        + p.approvals().policy().required() + " approvals from "
                        + p.approvals().policy().describeApprovers() + "); promote again to ask anew");
            }
        } catch (RuntimeException raced) {
            // a decision was recorded at the deadline; the ledger says which one won
        }
        decisionRecorded();
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

    private void proceed() {
        if (!claim()) {
            return;
        }
        try {
            RolloutPlan p = plan();
            if (spec.byPipeline()) {
                bodyStarted = true;
                body = getContext().newBodyInvoker().withCallback(new BodyDone(this)).start();
            } else {
                complete(p.deployAndVerify(service(), promotionId));
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            endPromotion("the deployment could not start: " + StepSupport.refusal(e).getMessage());
            fail(e);
        }
    }

    private RolloutPlan plan() throws IOException, InterruptedException {
        if (plan == null) {
            plan = RolloutPlan.build(spec, routeName, service().route().environment(environment),
                    getContext().get(Run.class));
        }
        return plan;
    }

    void bodySucceeded() {
        bodyDone = true;
        try {
            complete(plan().verifyExternal(service(), promotionId));
        } catch (IOException | InterruptedException | RuntimeException e) {
            fail(e);
        }
    }

    void bodyFailed(Throwable t) {
        bodyDone = true;
        endPromotion("the pipeline's deployment block failed: " + StepSupport.refusal(t).getMessage()
                + "; nothing was recorded as running in " + environment + " (check what the block changed)");
        if (finish()) {
            getContext().onFailure(t);
        }
    }

    private void complete(CompletableFuture<PromotionOutcome> outcome) {
        synchronized (this) {
            rollout = outcome;
        }
        outcome.whenComplete((o, error) -> {
            closePlan();
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
            fail(new AbortException("Jenkins restarted before the promotion of " + application + " to " + environment
                    + " was recorded; nothing was promoted. Run the build again."));
            return;
        }
        try {
            RouteToLive.get().events().follow(promotionId, getContext().get(TaskListener.class));
            Promotion p = service().promotion(promotionId);
            if (p.state().isFinal()) {
                endedBeforeResume(p);
            } else if (bodyStarted && !bodyDone) {
                return; // the body resumes by itself and calls back
            } else if (bodyDone || p.state() == PromotionState.DEPLOYING || p.state() == PromotionState.VERIFYING) {
                moving = true;
                boolean notYetVerifying = p.state() == PromotionState.REQUESTED || p.state() == PromotionState.AWAITING_APPROVAL;
                complete(notYetVerifying ? plan().verifyExternal(service(), promotionId) : plan().resume(service(), promotionId));
            } else if (p.state() == PromotionState.AWAITING_APPROVAL) {
                awaitApproval();
            } else if (p.state() == PromotionState.REQUESTED) {
                proceed();
            } else {
                fail(new AbortException("Jenkins restarted while promotion " + promotionId + " of " + p.describe() + " was "
                        + p.state().label() + ", which cannot be resumed. Check " + environment + " and, if needed, "
                        + "use rollbackEnvironment to restore its last known good."));
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            fail(e);
        }
    }

    private void endedBeforeResume(Promotion p) {
        if (p.state() == PromotionState.VERIFIED) {
            Map<String, String> result = new LinkedHashMap<>();
            result.put("promotionId", p.id());
            result.put("state", p.state().name());
            result.put("message", p.artifact().describe() + " is verified in " + p.environment() + ".");
            if (finish()) {
                getContext().onSuccess(result);
            }
        } else {
            fail(new AbortException(ended(p)));
        }
    }

    /** "Promotion 1f… of shop 1.0 (sha256:…) to production was rejected by bob: not today." */
    private String ended(Promotion p) {
        List<LedgerEntry> history = service().ledger().promotionHistory(p.id());
        LedgerEntry last = history.isEmpty() ? null : history.get(history.size() - 1);
        String by = last == null ? "" : " by " + last.actor();
        String why = last == null || last.reason().isEmpty() ? "." : ": " + last.reason();
        return "Promotion " + p.id() + " of " + p.describe() + " was " + p.state().label() + by + why;
    }

    @Override
    public void stop(@NonNull Throwable cause) throws Exception {
        BodyExecution b = body;
        if (b != null) {
            b.cancel(cause);
        }
        endPromotion("the build was stopped");
        CompletableFuture<PromotionOutcome> r = rollout;
        if (r != null && !r.isDone()) {
            getContext().get(TaskListener.class).getLogger().println("The build was stopped while promotion " + promotionId
                    + " of " + application + " was deploying or verifying in " + environment + "; the rollout goes on "
                    + "to its end (or its rollback) and the ledger records the outcome.");
        }
        fail(cause);
        CompletableFuture<Promotion> queued = waitingInLine;
        if (queued != null && promotionId == null) {
            queued.cancel(false); // withdraws the request from the single-version line (after fail: the stop cause wins)
        }
    }

    @Override
    public String getStatus() {
        return promotionId == null ? "requesting promotion of " + application + " to " + environment
                : "promotion " + promotionId + " of " + application + " to " + environment
                + (approvalDeadline > 0 && !moving ? ", awaiting approval" : "");
    }

    /** Ends a promotion that has not started deploying, so a single-version environment is free again. */
    private void endPromotion(String reason) {
        if (promotionId == null) {
            return;
        }
        try {
            Promotion p = service().promotion(promotionId);
            if (p.state() == PromotionState.REQUESTED || p.state() == PromotionState.AWAITING_APPROVAL) {
                service().transition(promotionId, PromotionState.FAILED, "system", reason);
            }
        } catch (RuntimeException alreadyMoved) {
            // the promotion moved on meanwhile; the ledger holds its true state
        }
    }

    private void fail(Throwable error) {
        if (finish()) {
            getContext().onFailure(error instanceof AbortException || error instanceof InterruptedException
                    || error instanceof org.jenkinsci.plugins.workflow.steps.FlowInterruptedException
                    ? error : StepSupport.refusal(error));
        }
    }

    private synchronized boolean finish() {
        if (finished) {
            return false;
        }
        finished = true;
        stopWaiting();
        if (rollout == null || rollout.isDone()) {
            closePlan(); // a rollout still running keeps its Kubernetes client; its completion closes it
        }
        if (promotionId != null) {
            RouteToLive.get().events().unfollow(promotionId);
        }
        return true;
    }

    private void stopWaiting() {
        ScheduledFuture<?> t = timeout;
        if (t != null) {
            t.cancel(false);
        }
        if (promotionId != null) {
            RouteToLive.get().stopWaiting(promotionId);
        }
    }

    private synchronized void closePlan() {
        RolloutPlan p = plan;
        plan = null;
        if (p != null) {
            p.close();
        }
    }

    private static final class BodyDone extends BodyExecutionCallback {
        private static final long serialVersionUID = 1L;
        private final PromoteExecution execution;

        BodyDone(PromoteExecution execution) {
            this.execution = execution;
        }

        @Override
        public void onSuccess(StepContext context, Object result) {
            execution.bodySucceeded();
        }

        @Override
        public void onFailure(StepContext context, Throwable t) {
            execution.bodyFailed(t);
        }
    }
}
