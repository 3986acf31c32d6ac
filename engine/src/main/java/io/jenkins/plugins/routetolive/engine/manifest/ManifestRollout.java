package io.jenkins.plugins.routetolive.engine.manifest;

import io.jenkins.plugins.routetolive.engine.approval.Actor;
import io.jenkins.plugins.routetolive.engine.approval.ApprovalRefusedException;
import io.jenkins.plugins.routetolive.engine.deploy.Deployer;
import io.jenkins.plugins.routetolive.engine.event.EventKind;
import io.jenkins.plugins.routetolive.engine.gate.Gate;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.manifest.internal.ManifestDecisions;
import io.jenkins.plugins.routetolive.engine.manifest.internal.ManifestDeployment;
import io.jenkins.plugins.routetolive.engine.manifest.internal.ManifestLedger;
import io.jenkins.plugins.routetolive.engine.manifest.internal.ManifestPlan;
import io.jenkins.plugins.routetolive.engine.manifest.internal.ManifestProgress;
import io.jenkins.plugins.routetolive.engine.manifest.internal.ManifestRequests;
import io.jenkins.plugins.routetolive.engine.policy.FreezeOverride;
import io.jenkins.plugins.routetolive.engine.promotion.Promotion;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionRefusedException;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionService;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Promotes a release manifest into an environment. Every rule is applied to every component before
 * anything starts; components that are pinned or already run their digest there are checked, not
 * redeployed; the others are deployed and gated one by one, dependencies first (with the rollback
 * rehearsal where the environment requires one). When a component fails, the components this manifest
 * already changed there are restored to their earlier last known good, in reverse order.
 *
 * <p>Approvals: each changed component is an ordinary promotion through {@link PromotionService#request},
 * so the environment's approval policy applies to each, and each can be decided on its own through the service
 * (as a build page does). A manifest deploys all its changed components or none: deployment starts once every
 * component promotion is approved, and a component promotion rejected (or timed out) before deployment ends the
 * manifest as rejected.
 *
 * <p>Two ways to drive it. {@link #promote} holds a waiting manifest in this instance, for a caller that lives as
 * long as the wait: {@link #approve}, {@link #reject}, {@link #resume} and {@link #awaiting} act on it. A caller
 * that must survive a restart uses the durable form instead: {@link #request} gives a {@link ManifestPromotion}
 * (the manifest and its component promotion ids, all it needs to keep), the ledger holds everything else, and
 * {@link #reopen}, {@link #readyToDeploy}, {@link #deploy}, {@link #end} and {@link #resume(ManifestPromotion,
 * Function, Function)} pick it up again from what the ledger says.
 */
public final class ManifestRollout {

    private final PromotionService service;
    private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();

    private record Waiting(ManifestPromotion promotion, Function<String, Deployer> deployers, Function<String, Gate> gates,
                           CompletableFuture<ManifestOutcome> result) {
    }

    public ManifestRollout(PromotionService service) {
        this.service = Objects.requireNonNull(service, "service");
    }

    /**
     * Starts the promotion of a manifest and holds it here while it waits for approval. The future completes with
     * the outcome once every changed component is verified or the manifest has been rolled back; it fails with
     * {@link PromotionRefusedException}, naming every refused component, when any rule refuses any component (then
     * nothing was started).
     */
    public CompletableFuture<ManifestOutcome> promote(ReleaseManifest manifest, String environment, Actor requester,
                                                      Optional<FreezeOverride> override, Function<String, Deployer> deployers,
                                                      Function<String, Gate> gates) {
        return request(manifest, environment, requester, override, "", p -> { }).thenCompose(promotion -> {
            if (readyToDeploy(promotion)) {
                return deploy(promotion, deployers, gates);
            }
            Waiting w = new Waiting(promotion, deployers, gates, new CompletableFuture<>());
            waiting.put(key(manifest, environment), w);
            return w.result();
        });
    }

    /**
     * Checks every rule for every component, then requests one promotion per changed component in deployment order
     * (each may wait in line for a single-version environment) and records the manifest's components in the ledger.
     * Fails with {@link PromotionRefusedException} naming every refused component, recording a {@code refused}
     * outcome, when anything is refused; then nothing was started.
     *
     * @param buildReference what asks for it (e.g. a build id), recorded with each component promotion
     * @param admitted       called with each component promotion as soon as it is recorded, so a caller can keep
     *                       its id before the others are admitted
     * @return the manifest promotion once every component promotion is recorded; cancelling it while a component
     *         waits in line withdraws the request, failing the component promotions already recorded
     */
    public CompletableFuture<ManifestPromotion> request(ReleaseManifest manifest, String environment, Actor requester,
                                                        Optional<FreezeOverride> override, String buildReference,
                                                        Consumer<Promotion> admitted) {
        ManifestLedger ledger = new ManifestLedger(service, manifest, environment);
        ManifestPlan plan;
        try {
            plan = ManifestPlan.of(service, manifest, environment, requester, override, buildReference);
        } catch (PromotionRefusedException | IllegalArgumentException e) {
            ledger.outcome("refused", null, requester.id(), e.getMessage());
            service.publish(EventKind.FAILED, "", manifest.name(), environment, e.getMessage());
            return CompletableFuture.failedFuture(e);
        }
        service.publish(EventKind.REQUESTED, "", manifest.name(), environment, requester.id() + " requested promotion of "
                + "manifest " + manifest.describe() + " to " + environment + ": " + plan.changes().size() + " of "
                + manifest.components().size() + " components change.");
        CompletableFuture<List<Promotion>> all = new ManifestRequests(service).requestAll(plan.changes(), admitted);
        CompletableFuture<ManifestPromotion> requested = all.thenApply(promotions -> recorded(plan, requester, promotions));
        requested.whenComplete((ignored, error) -> {
            if (requested.isCancelled()) {
                all.cancel(false);
            }
        });
        return requested;
    }

    /** Records which components the manifest deploys and which it only checks, once every promotion is requested. */
    private ManifestPromotion recorded(ManifestPlan plan, Actor requester, List<Promotion> promotions) {
        ReleaseManifest manifest = plan.manifest();
        ManifestLedger ledger = new ManifestLedger(service, manifest, plan.environment());
        promotions.forEach(p -> ledger.component(p.id(), manifest.component(p.artifact().application()).orElseThrow(),
                "deployed", requester.id()));
        plan.unchanged().forEach(c -> ledger.component("", c, c.pinned() ? "pinned" : "unchanged", requester.id()));
        ManifestPromotion promotion = new ManifestPromotion(manifest, plan.environment(), requester.id(),
                promotions.stream().map(Promotion::id).toList());
        if (!readyToDeploy(promotion)) {
            service.publish(EventKind.AWAITING_APPROVAL, "", manifest.name(), plan.environment(), "Manifest "
                    + manifest.describe() + " awaits approval of its component promotions to " + plan.environment() + ".");
        }
        return promotion;
    }

    /**
     * The manifest promotion these component promotions make up, found again (after a restart). Refuses an id that
     * is not a promotion of one of the manifest's components, at its digest, into that environment.
     */
    public ManifestPromotion reopen(ReleaseManifest manifest, String environment, List<String> promotionIds) {
        String requester = "system";
        for (String id : promotionIds) {
            Promotion p = service.promotion(id);
            boolean ours = p.environment().equals(environment) && manifest.component(p.artifact().application())
                    .filter(c -> c.digest().equals(p.artifact().digest())).isPresent();
            if (!ours) {
                throw new IllegalArgumentException("promotion " + id + " of " + p.describe() + " is not a component "
                        + "promotion of manifest " + manifest.describe() + " to " + environment);
            }
            requester = p.requester();
        }
        return new ManifestPromotion(manifest, environment, requester, promotionIds);
    }

    /** The component promotions as the ledger knows them now, in deployment order. */
    public List<Promotion> components(ManifestPromotion promotion) {
        return new ManifestProgress(service, promotion).promotions();
    }

    /** Whether every component promotion is approved (or needs no approval), so deployment may start. */
    public boolean readyToDeploy(ManifestPromotion promotion) {
        return new ManifestProgress(service, promotion).readyToDeploy();
    }

    /** The component promotion that ended before deployment (rejected, timed out, withdrawn); it ends the manifest. */
    public Optional<Promotion> endedBeforeDeployment(ManifestPromotion promotion) {
        return new ManifestProgress(service, promotion).endedBeforeDeployment();
    }

    /** Whether any component promotion has started deploying. */
    public boolean startedDeploying(ManifestPromotion promotion) {
        return new ManifestProgress(service, promotion).startedDeploying();
    }

    /** Approves every component promotion of a waiting manifest at once, as the environment's policy allows this actor. */
    public List<Promotion> approve(ManifestPromotion promotion, Actor approver, String comment) {
        return new ManifestDecisions(service, promotion).approve(approver, comment);
    }

    /** Rejects a waiting manifest: every component promotion ends, nothing is deployed, {@code rejected} is recorded. */
    public ManifestOutcome reject(ManifestPromotion promotion, Actor approver, String comment) {
        return new ManifestDecisions(service, promotion).reject(approver, comment);
    }

    /**
     * Ends a manifest that has not started deploying: {@code rejected} when one of its component promotions was
     * rejected, otherwise {@code withdrawn} for this reason. Every component promotion not yet ended fails.
     */
    public ManifestOutcome end(ManifestPromotion promotion, String reason) {
        return new ManifestDecisions(service, promotion).end(reason);
    }

    /** Deploys and gates an approved manifest; fails at once if a component promotion still awaits approval. */
    public CompletableFuture<ManifestOutcome> deploy(ManifestPromotion promotion, Function<String, Deployer> deployers,
                                                     Function<String, Gate> gates) {
        if (!readyToDeploy(promotion)) {
            return CompletableFuture.failedFuture(new IllegalStateException(promotion.describe() + " cannot deploy yet: "
                    + "a component promotion still awaits approval or has ended."));
        }
        return new ManifestDeployment(service, promotion, deployers, gates).run();
    }

    /**
     * Goes on with a manifest after a restart, from where the ledger says it stood: the outcome already recorded,
     * or the deployment (components verified count as deployed, one deploying or verifying is deployed again and
     * gated from scratch, a failure is rolled back skipping restores already made), or its end when a component
     * promotion ended before deployment. Fails at once if it still awaits approval.
     */
    public CompletableFuture<ManifestOutcome> resume(ManifestPromotion promotion, Function<String, Deployer> deployers,
                                                     Function<String, Gate> gates) {
        ManifestProgress progress = new ManifestProgress(service, promotion);
        Optional<LedgerEntry> recorded = progress.recordedOutcome();
        if (recorded.isPresent()) {
            LedgerEntry e = recorded.get();
            return CompletableFuture.completedFuture(ManifestOutcome.recorded(promotion.manifest(), promotion.environment(),
                    e.attribute(LedgerEntry.Attributes.MANIFEST_OUTCOME), e.reason(),
                    e.attribute(LedgerEntry.Attributes.FAILED_COMPONENT)));
        }
        if (progress.startedDeploying()) {
            return new ManifestDeployment(service, promotion, deployers, gates).resume();
        }
        if (progress.endedBeforeDeployment().isPresent()) {
            return CompletableFuture.completedFuture(end(promotion, "a component promotion ended before deployment"));
        }
        return deploy(promotion, deployers, gates);
    }

    /**
     * Approves every component promotion of a manifest held here, as the environment's policy allows this actor,
     * and starts deploying when none needs more. Returns the component promotions as they are now.
     */
    public List<Promotion> approve(ReleaseManifest manifest, String environment, Actor approver, String comment) {
        Waiting w = waitingFor(manifest, environment, approver);
        approve(w.promotion(), approver, comment);
        resume(manifest, environment);
        return components(w.promotion());
    }

    /** Rejects a manifest held here: every component promotion ends, nothing is deployed. */
    public ManifestOutcome reject(ReleaseManifest manifest, String environment, Actor approver, String comment) {
        Waiting w = waitingFor(manifest, environment, approver);
        ManifestOutcome outcome = reject(w.promotion(), approver, comment);
        waiting.remove(key(manifest, environment), w);
        w.result().complete(outcome);
        return outcome;
    }

    /** Starts deploying a manifest held here if every component promotion is now approved; returns whether it started. */
    public boolean resume(ReleaseManifest manifest, String environment) {
        Waiting w = waiting.get(key(manifest, environment));
        if (w == null || !readyToDeploy(w.promotion()) || !waiting.remove(key(manifest, environment), w)) {
            return false;
        }
        deploy(w.promotion(), w.deployers(), w.gates()).whenComplete((outcome, error) -> {
            if (error != null) {
                w.result().completeExceptionally(error);
            } else {
                w.result().complete(outcome);
            }
        });
        return true;
    }

    /** The component promotions of a manifest held here while it waits for approval, if it is waiting. */
    public Optional<List<Promotion>> awaiting(ReleaseManifest manifest, String environment) {
        return Optional.ofNullable(waiting.get(key(manifest, environment))).map(w -> components(w.promotion()));
    }

    private Waiting waitingFor(ReleaseManifest manifest, String environment, Actor actor) {
        Waiting w = waiting.get(key(manifest, environment));
        if (w == null) {
            throw new ApprovalRefusedException("Manifest " + manifest.describe() + " is not awaiting approval in "
                    + environment + "; " + actor.id() + "'s decision was not recorded.");
        }
        return w;
    }

    private static String key(ReleaseManifest manifest, String environment) {
        return manifest.digest().value() + "/" + environment;
    }
}
