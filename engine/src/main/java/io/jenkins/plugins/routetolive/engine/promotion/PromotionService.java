package io.jenkins.plugins.routetolive.engine.promotion;

import io.jenkins.plugins.routetolive.engine.approval.Actor;
import io.jenkins.plugins.routetolive.engine.approval.ApprovalPolicy;
import io.jenkins.plugins.routetolive.engine.approval.ApprovalTally;
import io.jenkins.plugins.routetolive.engine.approval.Privilege;
import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.artifact.RegisteredArtifact;
import io.jenkins.plugins.routetolive.engine.artifact.SourceRevision;
import io.jenkins.plugins.routetolive.engine.event.EventKind;
import io.jenkins.plugins.routetolive.engine.event.PromotionEvent;
import io.jenkins.plugins.routetolive.engine.event.PromotionListener;
import io.jenkins.plugins.routetolive.engine.ledger.EntryType;
import io.jenkins.plugins.routetolive.engine.ledger.Ledger;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.ledger.PromotionRecord;
import io.jenkins.plugins.routetolive.engine.policy.EnvironmentLock;
import io.jenkins.plugins.routetolive.engine.policy.EnvironmentLocks;
import io.jenkins.plugins.routetolive.engine.policy.FreezeWindow;
import io.jenkins.plugins.routetolive.engine.route.Environment;
import io.jenkins.plugins.routetolive.engine.route.Route;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Decides what may move where and records it. Registration, admission, approvals and state changes all
 * go through here; deploying and gating are done by a {@link Rollout}. Nothing here blocks a thread:
 * waiting for a single-version environment is a future.
 */
public final class PromotionService {

    private final Route route;
    private final Ledger ledger;
    private final EnvironmentLocks locks;
    private final Clock clock;
    private final PromotionListener listener;
    private final Supplier<String> ids;
    private final AdmissionRules rules;
    private final ArtifactResolver resolver;
    private final PromotionReader reader;
    private final Object decisions = new Object();

    public PromotionService(Route route, Ledger ledger, EnvironmentLocks locks, Clock clock, PromotionListener listener,
                            Supplier<String> ids, AdmissionRules rules) {
        this.route = Objects.requireNonNull(route, "route");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.locks = Objects.requireNonNull(locks, "locks");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.ids = Objects.requireNonNull(ids, "ids");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.resolver = new ArtifactResolver(ledger);
        this.reader = new PromotionReader(route, ledger);
    }

    public Route route() {
        return route;
    }

    public Ledger ledger() {
        return ledger;
    }

    public Clock clock() {
        return clock;
    }

    public PromotionListener listener() {
        return listener;
    }

    /**
     * Registers an artifact as it enters the route. Registering the same digest again is harmless; a
     * different digest under a registered name and version is refused as a rebuild.
     */
    public RegisteredArtifact register(Artifact artifact, String sourceRevision, Actor actor, String buildReference) {
        SourceRevision.require(sourceRevision);
        synchronized (decisions) {
            Optional<RegisteredArtifact> existing = resolver.checkRegistration(artifact);
            if (existing.isPresent()) {
                return existing.get();
            }
            String entry = route.entry().map(Environment::name).orElse("");
            ledger.append(new LedgerEntry(0, clock.instant(), EntryType.ARTIFACT_REGISTERED, "", artifact.application(),
                    artifact.version(), artifact.digest(), entry, null, actor.id(), "",
                    Map.of(LedgerEntry.Attributes.SOURCE_REVISION, sourceRevision,
                            LedgerEntry.Attributes.BUILD, Objects.requireNonNullElse(buildReference, ""))));
            publish(EventKind.REGISTERED, "", artifact.application(), entry, "Registered " + artifact.describe()
                    + " built from " + sourceRevision + (entry.isEmpty() ? "" : "; it has entered " + entry) + ".");
            return ledger.registration(artifact.application(), artifact.version()).orElseThrow();
        }
    }

    /**
     * Checks the rules and starts a promotion. The future completes once the promotion is recorded (after
     * waiting in line for a single-version environment if the request says so), or fails with
     * {@link PromotionRefusedException} or {@link io.jenkins.plugins.routetolive.engine.policy.EnvironmentBusyException}.
     */
    public CompletableFuture<Promotion> request(PromotionRequest request) {
        Admission admission;
        try {
            admission = admission(request);
            rules.check(admission);
        } catch (PromotionRefusedException e) {
            return CompletableFuture.failedFuture(e);
        }
        String id = ids.get();
        Environment target = admission.target();
        if (!target.singleVersion()) {
            try {
                return CompletableFuture.completedFuture(start(id, request));
            } catch (PromotionRefusedException e) {
                // the rules are checked again under the decisions monitor; a refusal there is still a failed future
                return CompletableFuture.failedFuture(e);
            }
        }
        var acquired = locks.acquire(request.application(), target.name(), id, request.waitMode());
        if (!acquired.isDone()) {
            publish(EventKind.WAITING, id, request.application(), target.name(), "Promotion " + id + " of "
                    + admission.artifact().artifact().describe() + " waits: " + target.name()
                    + " holds one version at a time and another promotion is in flight there.");
        }
        return admitWhenFree(id, request, acquired);
    }

    /**
     * Starts the promotion once the environment is free. Cancelling the returned future withdraws a request
     * still waiting in line (an aborted build), so it never starts later and holds the environment for nobody.
     */
    private CompletableFuture<Promotion> admitWhenFree(String id, PromotionRequest request,
                                                       CompletableFuture<EnvironmentLock> acquired) {
        CompletableFuture<Promotion> admitted = new CompletableFuture<>();
        acquired.whenComplete((lock, error) -> {
            if (error != null) {
                admitted.completeExceptionally(error);
                return;
            }
            if (admitted.isDone()) {
                lock.close();
                return;
            }
            Promotion started;
            try {
                started = start(id, request);
            } catch (RuntimeException e) {
                lock.close();
                admitted.completeExceptionally(e);
                return;
            }
            if (!admitted.complete(started)) {
                transition(id, PromotionState.FAILED, "system", "withdrawn: the request was cancelled as its turn came");
            }
        });
        admitted.whenComplete((p, error) -> {
            if (admitted.isCancelled()) {
                locks.releaseHeldBy(id);
            }
        });
        return admitted;
    }

    /**
     * Applies every admission rule to a request without starting anything, so that several promotions
     * (a release manifest) can be checked before any of them starts. Throws {@link PromotionRefusedException}.
     */
    public void check(PromotionRequest request) {
        rules.check(admission(request));
    }

    private Admission admission(PromotionRequest request) {
        Environment target;
        try {
            target = route.environment(request.environment());
            route.requiredBefore(target.name());
        } catch (IllegalArgumentException e) {
            throw new PromotionRefusedException(e.getMessage());
        }
        RegisteredArtifact artifact = resolver.resolve(request);
        return new Admission(route, target, artifact, request, ledger, clock.instant());
    }

    private Promotion start(String id, PromotionRequest request) {
        synchronized (decisions) {
            Admission admission = admission(request);
            rules.check(admission);
            Artifact artifact = admission.artifact().artifact();
            Environment target = admission.target();
            Instant now = admission.now();
            append(id, artifact, target.name(), EntryType.STATE_CHANGED, PromotionState.REQUESTED, request.requester().id(),
                    "", Map.of(LedgerEntry.Attributes.BUILD, request.buildReference()));
            publish(EventKind.REQUESTED, id, artifact.application(), target.name(), request.requester().id()
                    + " requested promotion " + id + " of " + artifact.describe() + " to " + target.name() + ".");
            Optional<FreezeWindow> window = FreezeWindowRule.activeWindow(target, admission);
            if (window.isPresent()) {
                String reason = request.override().orElseThrow().reason();
                append(id, artifact, target.name(), EntryType.FREEZE_OVERRIDDEN, null, request.requester().id(), reason,
                        Map.of(LedgerEntry.Attributes.FREEZE_WINDOW, window.get().describe()));
                publish(EventKind.OVERRIDE, id, artifact.application(), target.name(), request.requester().id()
                        + " overrode freeze window " + window.get().describe() + " for " + target.name() + " at " + now
                        + ": " + reason);
            }
            if (target.approval().isRequired()) {
                transition(id, PromotionState.AWAITING_APPROVAL, "system", "");
                ApprovalPolicy policy = target.approval();
                publish(EventKind.AWAITING_APPROVAL, id, artifact.application(), target.name(), "Promotion " + id + " of "
                        + artifact.describe() + " to " + target.name() + " awaits " + policy.describe()
                        + " (not " + request.requester().id() + ", who requested it).");
            }
            return promotion(id);
        }
    }

    /** Records an approval; throws {@link io.jenkins.plugins.routetolive.engine.approval.ApprovalRefusedException} when the policy refuses this actor. */
    public Promotion approve(String promotionId, Actor actor, String comment) {
        return decide(promotionId, actor, comment, true);
    }

    /** Records a rejection, which ends the promotion. */
    public Promotion reject(String promotionId, Actor actor, String comment) {
        return decide(promotionId, actor, comment, false);
    }

    private Promotion decide(String promotionId, Actor actor, String comment, boolean approve) {
        synchronized (decisions) {
            Promotion promotion = promotion(promotionId);
            if (promotion.state() != PromotionState.AWAITING_APPROVAL) {
                throw new io.jenkins.plugins.routetolive.engine.approval.ApprovalRefusedException("Promotion " + promotionId
                        + " of " + promotion.describe() + " is " + promotion.state().label() + ", not awaiting approval; "
                        + actor.id() + "'s decision was not recorded.");
            }
            if (!actor.has(Privilege.APPROVE) && !actor.has(Privilege.ADMINISTER)) {
                throw new io.jenkins.plugins.routetolive.engine.approval.ApprovalRefusedException(actor.id()
                        + " does not have the Approve permission, which is needed to approve or reject " + promotion.describe() + ".");
            }
            ApprovalTally before = promotion.approvals();
            Instant now = clock.instant();
            ApprovalTally after = approve ? before.approve(actor, comment, now) : before.reject(actor, comment, now);
            var decision = after.decisions().get(after.decisions().size() - 1);
            append(promotionId, promotion.artifact(), promotion.environment(),
                    approve ? EntryType.APPROVAL_GIVEN : EntryType.APPROVAL_REJECTED, null, actor.id(), decision.comment(),
                    decision.bypass() ? Map.of(LedgerEntry.Attributes.BYPASS, "true") : Map.of());
            String who = actor.id() + (decision.bypass() ? " (administrator, bypassing separation of duties)" : "");
            if (approve) {
                publish(EventKind.APPROVAL, promotionId, promotion.artifact().application(), promotion.environment(), who
                        + " approved " + promotion.describe() + " (" + after.approvers().size() + " of "
                        + after.policy().required() + ")" + (comment == null || comment.isBlank() ? "." : ": " + comment));
            } else {
                publish(EventKind.REJECTED, promotionId, promotion.artifact().application(), promotion.environment(), who
                        + " rejected " + promotion.describe() + (comment == null || comment.isBlank() ? "." : ": " + comment));
                transition(promotionId, PromotionState.REJECTED, actor.id(), Objects.requireNonNullElse(comment, ""));
            }
            return promotion(promotionId);
        }
    }

    /** Moves a promotion to a new state, as the state machine allows, and records it. */
    public Promotion transition(String promotionId, PromotionState to, String actor, String reason) {
        return transition(promotionId, to, actor, reason, Map.of());
    }

    /** Moves a promotion to a new state with further facts for the ledger. */
    public Promotion transition(String promotionId, PromotionState to, String actor, String reason,
                                Map<String, String> attributes) {
        synchronized (decisions) {
            return move(promotionId, to, actor, reason, attributes, true);
        }
    }

    /**
     * Records that the promotion failed and that its rollback starts, as one step: the environment's
     * single-version lock stays with this promotion until the rollback ends, so nothing else deploys there
     * while it is being restored.
     */
    public Promotion failAndRollBack(String promotionId, String actor, String failure, String rollbackReason) {
        synchronized (decisions) {
            move(promotionId, PromotionState.FAILED, actor, failure, Map.of(), false);
            return move(promotionId, PromotionState.ROLLING_BACK, actor, rollbackReason, Map.of(), true);
        }
    }

    private Promotion move(String promotionId, PromotionState to, String actor, String reason,
                           Map<String, String> attributes, boolean releaseWhenFinal) {
        PromotionRecord record = reader.record(promotionId);
        PromotionStateMachine.check(promotionId, record.state(), to);
        Promotion promotion = promotion(promotionId);
        if (to == PromotionState.DEPLOYING) {
            checkDeployable(promotion);
        }
        append(promotionId, promotion.artifact(), promotion.environment(), EntryType.STATE_CHANGED, to, actor, reason,
                attributes);
        if (to.isFinal() && releaseWhenFinal) {
            locks.releaseHeldBy(promotionId);
        }
        return promotion(promotionId);
    }

    /**
     * Deployment needs every approval, and must not start inside a freeze window that began after the
     * request (approvals can take days) unless the request carried an override. A promotion refused here
     * is recorded as failed, so its environment is free again.
     */
    private void checkDeployable(Promotion promotion) {
        if (!promotion.readyToDeploy()) {
            throw new PromotionRefusedException("Cannot deploy " + promotion.describe() + ": it still needs "
                    + promotion.approvals().missing() + " approval(s) from "
                    + promotion.approvals().policy().describeWhoMayApprove() + ".");
        }
        Optional<String> frozen = FreezeWindowRule.frozenSinceRequest(route.environment(promotion.environment()), promotion,
                ledger, clock.instant());
        if (frozen.isPresent()) {
            move(promotion.id(), PromotionState.FAILED, "system", frozen.get(), Map.of(), true);
            publish(EventKind.FAILED, promotion.id(), promotion.artifact().application(), promotion.environment(), frozen.get());
            throw new PromotionRefusedException(frozen.get());
        }
    }

    /** The promotion as the ledger knows it now. */
    public Promotion promotion(String promotionId) {
        return reader.promotion(promotionId);
    }

    /**
     * Records that a broken environment has been repaired, so promotions into it are allowed again.
     * Needs the rollback privilege and a reason.
     */
    public void resolve(String application, String environment, Actor actor, String reason) {
        if (!actor.has(Privilege.ROLLBACK)) {
            throw new PromotionRefusedException(actor.id() + " may not record a resolution for " + application + " in "
                    + environment + ": that needs the Rollback permission.");
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a resolution of a broken environment needs a reason (what was repaired)");
        }
        synchronized (decisions) {
            var state = ledger.environment(application, environment);
            if (!state.broken()) {
                throw new PromotionRefusedException(environment + " is not broken for " + application + "; nothing to resolve.");
            }
            var deployed = state.current().or(state::lastKnownGood).orElseThrow(() -> new PromotionRefusedException(
                    environment + " has no recorded artifact for " + application + "; nothing to resolve."));
            ledger.append(new LedgerEntry(0, clock.instant(), EntryType.ENVIRONMENT_RESOLVED, "", application,
                    deployed.version(), deployed.digest(), environment, null, actor.id(), reason, Map.of()));
            publish(EventKind.RESOLVED, "", application, environment, actor.id() + " recorded that " + environment
                    + " is repaired for " + application + ": " + reason);
        }
    }

    /** Appends an entry for a promotion. */
    public void append(String promotionId, Artifact artifact, String environment, EntryType type, PromotionState state,
                       String actor, String reason, Map<String, String> attributes) {
        ledger.append(new LedgerEntry(0, clock.instant(), type, promotionId, artifact.application(), artifact.version(),
                artifact.digest(), environment, state, actor, reason, attributes));
    }

    /** Tells the listener one sentence. */
    public void publish(EventKind kind, String promotionId, String application, String environment, String message) {
        listener.onEvent(new PromotionEvent(clock.instant(), kind, promotionId, application, environment, message));
    }
}
