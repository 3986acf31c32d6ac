package io.jenkins.plugins.routetolive.engine.manifest;

import io.jenkins.plugins.routetolive.engine.approval.Actor;
import io.jenkins.plugins.routetolive.engine.approval.ApprovalRefusedException;
import io.jenkins.plugins.routetolive.engine.approval.ApprovalTally;
import io.jenkins.plugins.routetolive.engine.deploy.Deployer;
import io.jenkins.plugins.routetolive.engine.event.EventKind;
import io.jenkins.plugins.routetolive.engine.gate.Gate;
import io.jenkins.plugins.routetolive.engine.manifest.internal.ManifestDeployment;
import io.jenkins.plugins.routetolive.engine.manifest.internal.ManifestLedger;
import io.jenkins.plugins.routetolive.engine.manifest.internal.ManifestPlan;
import io.jenkins.plugins.routetolive.engine.policy.FreezeOverride;
import io.jenkins.plugins.routetolive.engine.promotion.Promotion;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionRefusedException;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionRequest;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionService;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Promotes a release manifest into an environment. Every rule is applied to every component before
 * anything starts; components that are pinned or already run their digest there are checked, not
 * redeployed; the others are deployed and gated one by one, dependencies first (with the rollback
 * rehearsal where the environment requires one). When a component fails, the components this manifest
 * already changed there are restored to their earlier last known good, in reverse order.
 *
 * <p>Approvals: each changed component is an ordinary promotion through {@link PromotionService#request},
 * so the environment's approval policy applies to each. {@link #approve} approves every component promotion
 * of a waiting manifest at once (one decision per person per manifest); approving component promotions
 * one by one through the service also counts, followed by {@link #approve} or {@link #resume}. Deployment
 * starts once every component promotion is approved. Waiting manifests are held by this instance.
 */
public final class ManifestRollout {

    private final PromotionService service;
    private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();

    private record Waiting(ManifestPlan plan, List<Promotion> promotions, Function<String, Deployer> deployers,
                           Function<String, Gate> gates, String requester, CompletableFuture<ManifestOutcome> result) {
    }

    public ManifestRollout(PromotionService service) {
        this.service = Objects.requireNonNull(service, "service");
    }

    /**
     * Starts the promotion of a manifest. The future completes with the outcome once every changed component
     * is verified or the manifest has been rolled back; it fails with {@link PromotionRefusedException}, naming
     * every refused component, when any rule refuses any component (then nothing was started).
     */
    public CompletableFuture<ManifestOutcome> promote(ReleaseManifest manifest, String environment, Actor requester,
                                                      Optional<FreezeOverride> override, Function<String, Deployer> deployers,
                                                      Function<String, Gate> gates) {
        ManifestLedger ledger = new ManifestLedger(service, manifest, environment);
        ManifestPlan plan;
        try {
            plan = ManifestPlan.of(service, manifest, environment, requester, override);
        } catch (PromotionRefusedException | IllegalArgumentException e) {
            ledger.outcome("refused", null, requester.id(), e.getMessage());
            service.publish(EventKind.FAILED, "", manifest.name(), environment, e.getMessage());
            return CompletableFuture.failedFuture(e);
        }
        service.publish(EventKind.REQUESTED, "", manifest.name(), environment, requester.id() + " requested promotion of "
                + "manifest " + manifest.describe() + " to " + environment + ": " + plan.changes().size() + " of "
                + manifest.components().size() + " components change.");
        return requestAll(plan.changes()).thenCompose(promotions -> {
            promotions.forEach(p -> ledger.component(p.id(), manifest.component(p.artifact().application()).orElseThrow(),
                    "deployed", requester.id()));
            plan.unchanged().forEach(c -> ledger.component("", c, c.pinned() ? "pinned" : "unchanged", requester.id()));
            Waiting w = new Waiting(plan, promotions, deployers, gates, requester.id(), new CompletableFuture<>());
            if (!ready(w)) {
                waiting.put(key(manifest, environment), w);
                service.publish(EventKind.AWAITING_APPROVAL, "", manifest.name(), environment, "Manifest "
                        + manifest.describe() + " awaits approval of its component promotions to " + environment + ".");
                return w.result();
            }
            return deploy(w);
        });
    }

    /**
     * Approves every component promotion of a manifest waiting in an environment, as the environment's policy
     * allows this actor, and starts deploying when none needs more. Returns the component promotions as they are now.
     */
    public List<Promotion> approve(ReleaseManifest manifest, String environment, Actor approver, String comment) {
        Waiting w = waitingFor(manifest, environment, approver);
        for (Promotion p : w.promotions()) {
            Promotion now = service.promotion(p.id());
            if (now.state() == PromotionState.AWAITING_APPROVAL && now.approvals().status() == ApprovalTally.Status.PENDING
                    && !now.approvals().approvers().contains(approver.id())) {
                service.approve(p.id(), approver, comment);
            }
        }
        resume(manifest, environment);
        return w.promotions().stream().map(p -> service.promotion(p.id())).toList();
    }

    /** Rejects a waiting manifest: every component promotion ends, nothing is deployed. */
    public ManifestOutcome reject(ReleaseManifest manifest, String environment, Actor approver, String comment) {
        Waiting w = waitingFor(manifest, environment, approver);
        for (Promotion p : w.promotions()) {
            PromotionState state = service.promotion(p.id()).state();
            if (state == PromotionState.AWAITING_APPROVAL) {
                service.reject(p.id(), approver, comment);
            } else if (state == PromotionState.REQUESTED) {
                service.transition(p.id(), PromotionState.FAILED, approver.id(), "manifest " + manifest.name() + " rejected");
            }
        }
        waiting.remove(key(manifest, environment));
        String message = approver.id() + " rejected manifest " + manifest.describe() + " for " + environment
                + (comment == null || comment.isBlank() ? "." : ": " + comment);
        new ManifestLedger(service, manifest, environment).outcome("rejected", null, approver.id(), message);
        service.publish(EventKind.REJECTED, "", manifest.name(), environment, message);
        ManifestOutcome outcome = new ManifestOutcome(manifest, environment, PromotionState.REJECTED, message, Optional.empty(),
                List.of(), List.of(), List.of(), List.of());
        w.result().complete(outcome);
        return outcome;
    }

    /** Starts deploying a waiting manifest if every component promotion is now approved; returns whether it started. */
    public boolean resume(ReleaseManifest manifest, String environment) {
        Waiting w = waiting.get(key(manifest, environment));
        if (w == null || !ready(w) || !waiting.remove(key(manifest, environment), w)) {
            return false;
        }
        deploy(w).whenComplete((outcome, error) -> {
            if (error != null) {
                w.result().completeExceptionally(error);
            } else {
                w.result().complete(outcome);
            }
        });
        return true;
    }

    /** The component promotions of a manifest waiting for approval in an environment, if it is waiting. */
    public Optional<List<Promotion>> awaiting(ReleaseManifest manifest, String environment) {
        return Optional.ofNullable(waiting.get(key(manifest, environment)))
                .map(w -> w.promotions().stream().map(p -> service.promotion(p.id())).toList());
    }

    private CompletableFuture<ManifestOutcome> deploy(Waiting w) {
        return new ManifestDeployment(service, w.plan(), w.deployers(), w.gates(), w.requester()).run(w.promotions());
    }

    private boolean ready(Waiting w) {
        return w.promotions().stream().allMatch(p -> service.promotion(p.id()).readyToDeploy());
    }

    private Waiting waitingFor(ReleaseManifest manifest, String environment, Actor actor) {
        Waiting w = waiting.get(key(manifest, environment));
        if (w == null) {
            throw new ApprovalRefusedException("Manifest " + manifest.describe() + " is not awaiting approval in "
                    + environment + "; " + actor.id() + "'s decision was not recorded.");
        }
        return w;
    }

    /** Requests the component promotions one after another (each may wait for a single-version environment). */
    private CompletableFuture<List<Promotion>> requestAll(List<PromotionRequest> requests) {
        List<Promotion> started = new ArrayList<>();
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (PromotionRequest request : requests) {
            chain = chain.thenCompose(ignored -> service.request(request)).thenAccept(started::add);
        }
        return chain.handle((ignored, error) -> {
            if (error != null) {
                started.forEach(p -> service.transition(p.id(), PromotionState.FAILED, "system",
                        "not deployed: another component of the manifest was refused"));
                throw error instanceof RuntimeException r ? r : new IllegalStateException(error);
            }
            return List.copyOf(started);
        });
    }

    private static String key(ReleaseManifest manifest, String environment) {
        return manifest.digest().value() + "/" + environment;
    }
}
