package io.jenkins.plugins.routetolive.engine.manifest.internal;

import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.deploy.Deployer;
import io.jenkins.plugins.routetolive.engine.deploy.DeploymentRequest;
import io.jenkins.plugins.routetolive.engine.event.EventKind;
import io.jenkins.plugins.routetolive.engine.gate.Gate;
import io.jenkins.plugins.routetolive.engine.gate.GateSubject;
import io.jenkins.plugins.routetolive.engine.ledger.Deployed;
import io.jenkins.plugins.routetolive.engine.manifest.ManifestComponent;
import io.jenkins.plugins.routetolive.engine.manifest.ManifestOutcome;
import io.jenkins.plugins.routetolive.engine.manifest.ManifestPromotion;
import io.jenkins.plugins.routetolive.engine.manifest.ReleaseManifest;
import io.jenkins.plugins.routetolive.engine.message.Sentences;
import io.jenkins.plugins.routetolive.engine.promotion.GateRecorder;
import io.jenkins.plugins.routetolive.engine.promotion.Promotion;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionOutcome;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionService;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;
import io.jenkins.plugins.routetolive.engine.rehearsal.RehearsalRollout;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * Deploys and gates the changed components of an approved manifest one after another, dependencies first.
 * When one fails (its own rollout has rolled it back), the components already changed are restored to
 * their earlier last known good in reverse order, each gated, and the rest are not deployed. After a restart
 * {@link #resume()} goes on from where the ledger says the manifest stood.
 */
public final class ManifestDeployment {

    private final PromotionService service;
    private final RehearsalRollout rollout;
    private final ManifestPromotion promotion;
    private final ReleaseManifest manifest;
    private final String environment;
    private final ManifestProgress progress;
    private final ManifestLedger ledger;
    private final Function<String, Deployer> deployers;
    private final Function<String, Gate> gates;
    private final List<PromotionOutcome> outcomes = new ArrayList<>();
    private final List<Changed> changed = new ArrayList<>();
    private final List<String> deployed = new ArrayList<>();

    /** A component verified by this manifest and what ran verified before it. */
    private record Changed(ManifestComponent component, String promotionId, Optional<Deployed> before) {
    }

    public ManifestDeployment(PromotionService service, ManifestPromotion promotion, Function<String, Deployer> deployers,
                              Function<String, Gate> gates) {
        this.service = service;
        this.rollout = new RehearsalRollout(service);
        this.promotion = promotion;
        this.manifest = promotion.manifest();
        this.environment = promotion.environment();
        this.progress = new ManifestProgress(service, promotion);
        this.ledger = new ManifestLedger(service, manifest, environment);
        this.deployers = deployers;
        this.gates = gates;
    }

    /** Deploys the component promotions, every one of them approved, in deployment order. */
    public CompletableFuture<ManifestOutcome> run() {
        return chain(false);
    }

    /**
     * Goes on after a restart: components found verified count as deployed by this manifest (restored if a later
     * one fails), one found deploying or verifying is deployed again and gated from scratch, the others run as
     * usual; a failure found already recorded is rolled back, skipping the restores already made.
     */
    public CompletableFuture<ManifestOutcome> resume() {
        return chain(true);
    }

    private CompletableFuture<ManifestOutcome> chain(boolean resuming) {
        CompletableFuture<Optional<Failure>> chain = CompletableFuture.completedFuture(Optional.empty());
        for (String id : promotion.promotionIds()) {
            chain = chain.thenCompose(failure -> failure.isPresent() ? CompletableFuture.completedFuture(failure)
                    : resuming ? pickUp(id) : step(id, false));
        }
        return chain.thenCompose(failure -> failure.isEmpty() ? CompletableFuture.completedFuture(verified())
                : rollBack(failure.get()));
    }

    private record Failure(String application, String reason, boolean rollbackFailed) {
    }

    /** After a restart, what the ledger says this component reached decides what happens to it. */
    private CompletableFuture<Optional<Failure>> pickUp(String id) {
        Promotion p = service.promotion(id);
        String app = p.artifact().application();
        switch (p.state()) {
            case VERIFIED -> {
                deployed.add(app);
                changed.add(new Changed(component(app), id, progress.lastKnownGoodBefore(id)));
                return CompletableFuture.completedFuture(Optional.empty());
            }
            case DEPLOYING, VERIFYING -> {
                return step(id, true);
            }
            case REQUESTED, AWAITING_APPROVAL -> {
                return step(id, false);
            }
            case ROLLING_BACK -> {
                deployed.add(app);
                String why = "its rollback was interrupted by a restart of the controller; check " + app + " in "
                        + environment + " and record a resolution";
                service.transition(id, PromotionState.ROLLBACK_FAILED, "system", why);
                return CompletableFuture.completedFuture(Optional.of(new Failure(app, why, true)));
            }
            default -> {
                if (progress.deployed(id)) {
                    deployed.add(app);
                }
                return CompletableFuture.completedFuture(Optional.of(new Failure(app, progress.reason(id),
                        p.state() == PromotionState.ROLLBACK_FAILED)));
            }
        }
    }

    private CompletableFuture<Optional<Failure>> step(String id, boolean again) {
        Promotion p = service.promotion(id);
        String app = p.artifact().application();
        ManifestComponent component = component(app);
        Optional<Deployed> before = service.ledger().environment(app, environment).lastKnownGood();
        deployed.add(app);
        CompletableFuture<PromotionOutcome> run;
        try {
            run = again ? rollout.resume(id, deployers.apply(app), gates.apply(app))
                    : rollout.deployAndVerify(id, deployers.apply(app), gates.apply(app));
        } catch (RuntimeException e) {
            run = CompletableFuture.failedFuture(e);
        }
        return run.handle((outcome, error) -> {
            if (error != null) {
                return Optional.of(new Failure(app, root(error), false));
            }
            outcomes.add(outcome);
            if (outcome.succeeded()) {
                changed.add(new Changed(component, id, before));
                return Optional.empty();
            }
            return Optional.of(new Failure(app, outcome.message(), outcome.state() == PromotionState.ROLLBACK_FAILED));
        });
    }

    private ManifestComponent component(String application) {
        return manifest.component(application).orElseThrow();
    }

    private ManifestOutcome verified() {
        String message = "Manifest " + manifest.describe() + " is verified in " + environment + ": deployed "
                + (deployed.isEmpty() ? "nothing" : String.join(", ", deployed)) + checkedText() + ".";
        ledger.outcome("verified", null, promotion.requester(), message);
        service.publish(EventKind.VERIFIED, "", manifest.name(), environment, message);
        return new ManifestOutcome(manifest, environment, PromotionState.VERIFIED, message, Optional.empty(),
                outcomes, deployed, checked(), List.of());
    }

    private CompletableFuture<ManifestOutcome> rollBack(Failure failure) {
        abandonUnstarted(failure);
        List<String> restoredApps = new ArrayList<>();
        List<Boolean> restoreFailed = new ArrayList<>();
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (int i = changed.size() - 1; i >= 0; i--) {
            Changed c = changed.get(i);
            Optional<String> already = progress.restoreVerdict(c.promotionId());
            chain = chain.thenCompose(ignored -> (already.isPresent()
                    ? CompletableFuture.completedFuture(!"failed".equals(already.get())) : restore(c, failure)).thenAccept(ok -> {
                        restoredApps.add(c.component().application());
                        if (!ok) {
                            restoreFailed.add(true);
                        }
                    }));
        }
        return chain.thenApply(ignored -> {
            boolean broken = failure.rollbackFailed() || !restoreFailed.isEmpty();
            PromotionState state = broken ? PromotionState.ROLLBACK_FAILED : PromotionState.ROLLED_BACK;
            String message = "Manifest " + manifest.describe() + " failed in " + environment + " because "
                    + failure.application() + " failed (" + Sentences.clause(failure.reason()) + "); "
                    + (restoredApps.isEmpty() ? "no other component had changed" : "restored " + String.join(", ", restoredApps)
                    + " in that order") + (broken ? "; at least one restore failed, so " + environment
                    + " needs repair before promoting again" : "") + ".";
            ledger.outcome(broken ? "rollback-failed" : "rolled-back", failure.application(), promotion.requester(), message);
            service.publish(broken ? EventKind.ROLLBACK_FAILED : EventKind.ROLLED_BACK, "", manifest.name(),
                    environment, message);
            return new ManifestOutcome(manifest, environment, state, message,
                    Optional.of(failure.application()), outcomes, deployed, checked(), restoredApps);
        });
    }

    /** Restores one verified component to what ran verified before; completes with whether that is healthy. */
    private CompletableFuture<Boolean> restore(Changed c, Failure failure) {
        ManifestComponent component = c.component();
        String app = component.application();
        Deployer deployer = deployers.apply(app);
        String why = "manifest " + manifest.name() + " " + manifest.version() + " is rolled back because "
                + failure.application() + " failed";
        if (c.before().isEmpty() || !deployer.canRollback()) {
            String left = c.before().isEmpty() ? "there is no earlier last known good in " + environment
                    : deployer.describe() + " cannot roll back";
            ledger.restored(c.promotionId(), component, null, "nothing-to-roll-back-to", "Left " + component.describe()
                    + " running in " + environment + ": " + left + "; " + why + ".");
            return CompletableFuture.completedFuture(true);
        }
        Artifact old = new Artifact(app, c.before().get().version(), c.before().get().digest());
        service.publish(EventKind.ROLLING_BACK, c.promotionId(), app, environment, "Rolling " + app + " in "
                + environment + " back to " + old.describe() + ": " + why + ".");
        Gate gate = gates.apply(app);
        return deployer.deploy(new DeploymentRequest(old, environment, c.promotionId(), true))
                .thenCompose(ok -> gate.evaluate(new GateSubject(old, environment, c.promotionId())))
                .handle((verdict, error) -> {
                    if (verdict != null) {
                        new GateRecorder(service).record(c.promotionId(), old, environment, verdict);
                    }
                    boolean ok = error == null && verdict.passed();
                    String detail = error != null ? root(error) : verdict.summary();
                    ledger.restored(c.promotionId(), component, old, ok ? "passed" : "failed", (ok ? "Restored " : "Could not restore ")
                            + old.describe() + " in " + environment + " (" + detail + "): " + why + ".");
                    return ok;
                });
    }

    /** Promotions of the manifest that never started deploying end as failed, releasing their locks. */
    private void abandonUnstarted(Failure failure) {
        for (String id : promotion.promotionIds()) {
            PromotionState state = service.promotion(id).state();
            if (state == PromotionState.REQUESTED || state == PromotionState.AWAITING_APPROVAL) {
                service.transition(id, PromotionState.FAILED, "system", "not deployed: manifest "
                        + manifest.name() + " " + manifest.version() + " stopped because "
                        + failure.application() + " failed");
            }
        }
    }

    private List<String> checked() {
        return progress.unchanged().stream().map(ManifestComponent::application).toList();
    }

    private String checkedText() {
        List<String> checked = checked();
        return checked.isEmpty() ? "" : "; checked and left alone " + String.join(", ", checked);
    }

    static String root(Throwable error) {
        Throwable t = error;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
