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
 * their earlier last known good in reverse order, each gated, and the rest are not deployed.
 */
public final class ManifestDeployment {

    private final PromotionService service;
    private final RehearsalRollout rollout;
    private final ManifestPlan plan;
    private final ManifestLedger ledger;
    private final Function<String, Deployer> deployers;
    private final Function<String, Gate> gates;
    private final String requester;
    private final List<PromotionOutcome> outcomes = new ArrayList<>();
    private final List<Changed> changed = new ArrayList<>();
    private final List<String> deployed = new ArrayList<>();

    /** A component verified by this manifest and what ran verified before it. */
    private record Changed(ManifestComponent component, String promotionId, Optional<Deployed> before) {
    }

    public ManifestDeployment(PromotionService service, ManifestPlan plan, Function<String, Deployer> deployers,
                              Function<String, Gate> gates, String requester) {
        this.service = service;
        this.rollout = new RehearsalRollout(service);
        this.plan = plan;
        this.ledger = new ManifestLedger(service, plan.manifest(), plan.environment());
        this.deployers = deployers;
        this.gates = gates;
        this.requester = requester;
    }

    /** Runs the promotions (one per changed component, in deployment order). */
    public CompletableFuture<ManifestOutcome> run(List<Promotion> promotions) {
        CompletableFuture<Optional<Failure>> chain = CompletableFuture.completedFuture(Optional.empty());
        for (Promotion p : promotions) {
            chain = chain.thenCompose(failure -> failure.isPresent() ? CompletableFuture.completedFuture(failure) : step(p));
        }
        return chain.thenCompose(failure -> failure.isEmpty() ? CompletableFuture.completedFuture(verified())
                : rollBack(failure.get(), promotions));
    }

    private record Failure(String application, String reason, boolean rollbackFailed) {
    }

    private CompletableFuture<Optional<Failure>> step(Promotion p) {
        String app = p.artifact().application();
        ManifestComponent component = plan.manifest().component(app).orElseThrow();
        Optional<Deployed> before = service.ledger().environment(app, plan.environment()).lastKnownGood();
        deployed.add(app);
        CompletableFuture<PromotionOutcome> run;
        try {
            run = rollout.deployAndVerify(p.id(), deployers.apply(app), gates.apply(app));
        } catch (RuntimeException e) {
            run = CompletableFuture.failedFuture(e);
        }
        return run.handle((outcome, error) -> {
            if (error != null) {
                return Optional.of(new Failure(app, root(error), false));
            }
            outcomes.add(outcome);
            if (outcome.succeeded()) {
                changed.add(new Changed(component, p.id(), before));
                return Optional.empty();
            }
            return Optional.of(new Failure(app, outcome.message(), outcome.state() == PromotionState.ROLLBACK_FAILED));
        });
    }

    private ManifestOutcome verified() {
        String message = "Manifest " + plan.manifest().describe() + " is verified in " + plan.environment() + ": deployed "
                + (deployed.isEmpty() ? "nothing" : String.join(", ", deployed)) + checkedText() + ".";
        ledger.outcome("verified", null, requester, message);
        service.publish(EventKind.VERIFIED, "", plan.manifest().name(), plan.environment(), message);
        return new ManifestOutcome(plan.manifest(), plan.environment(), PromotionState.VERIFIED, message, Optional.empty(),
                outcomes, deployed, checked(), List.of());
    }

    private CompletableFuture<ManifestOutcome> rollBack(Failure failure, List<Promotion> promotions) {
        abandonUnstarted(failure, promotions);
        List<String> restoredApps = new ArrayList<>();
        List<Boolean> restoreFailed = new ArrayList<>();
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (int i = changed.size() - 1; i >= 0; i--) {
            Changed c = changed.get(i);
            chain = chain.thenCompose(ignored -> restore(c, failure).thenAccept(ok -> {
                restoredApps.add(c.component().application());
                if (!ok) {
                    restoreFailed.add(true);
                }
            }));
        }
        return chain.thenApply(ignored -> {
            boolean broken = failure.rollbackFailed() || !restoreFailed.isEmpty();
            PromotionState state = broken ? PromotionState.ROLLBACK_FAILED : PromotionState.ROLLED_BACK;
            String message = "Manifest " + plan.manifest().describe() + " failed in " + plan.environment() + " because "
                    + failure.application() + " failed (" + Sentences.clause(failure.reason()) + "); "
                    + (restoredApps.isEmpty() ? "no other component had changed" : "restored " + String.join(", ", restoredApps)
                    + " in that order") + (broken ? "; at least one restore failed, so " + plan.environment()
                    + " needs repair before promoting again" : "") + ".";
            ledger.outcome(broken ? "rollback-failed" : "rolled-back", failure.application(), requester, message);
            service.publish(broken ? EventKind.ROLLBACK_FAILED : EventKind.ROLLED_BACK, "", plan.manifest().name(),
                    plan.environment(), message);
            return new ManifestOutcome(plan.manifest(), plan.environment(), state, message,
                    Optional.of(failure.application()), outcomes, deployed, checked(), restoredApps);
        });
    }

    /** Restores one verified component to what ran verified before; completes with whether that is healthy. */
    private CompletableFuture<Boolean> restore(Changed c, Failure failure) {
        ManifestComponent component = c.component();
        String app = component.application();
        Deployer deployer = deployers.apply(app);
        String why = "manifest " + plan.manifest().name() + " " + plan.manifest().version() + " is rolled back because "
                + failure.application() + " failed";
        if (c.before().isEmpty() || !deployer.canRollback()) {
            String left = c.before().isEmpty() ? "there is no earlier last known good in " + plan.environment()
                    : deployer.describe() + " cannot roll back";
            ledger.restored(c.promotionId(), component, null, "nothing-to-roll-back-to", "Left " + component.describe()
                    + " running in " + plan.environment() + ": " + left + "; " + why + ".");
            return CompletableFuture.completedFuture(true);
        }
        Artifact old = new Artifact(app, c.before().get().version(), c.before().get().digest());
        service.publish(EventKind.ROLLING_BACK, c.promotionId(), app, plan.environment(), "Rolling " + app + " in "
                + plan.environment() + " back to " + old.describe() + ": " + why + ".");
        Gate gate = gates.apply(app);
        return deployer.deploy(new DeploymentRequest(old, plan.environment(), c.promotionId(), true))
                .thenCompose(ok -> gate.evaluate(new GateSubject(old, plan.environment(), c.promotionId())))
                .handle((verdict, error) -> {
                    if (verdict != null) {
                        new GateRecorder(service).record(c.promotionId(), old, plan.environment(), verdict);
                    }
                    boolean ok = error == null && verdict.passed();
                    String detail = error != null ? root(error) : verdict.summary();
                    ledger.restored(c.promotionId(), component, old, ok ? "passed" : "failed", (ok ? "Restored " : "Could not restore ")
                            + old.describe() + " in " + plan.environment() + " (" + detail + "): " + why + ".");
                    return ok;
                });
    }

    /** Promotions of the manifest that never started deploying end as failed, releasing their locks. */
    private void abandonUnstarted(Failure failure, List<Promotion> promotions) {
        for (Promotion p : promotions) {
            PromotionState state = service.promotion(p.id()).state();
            if (state == PromotionState.REQUESTED || state == PromotionState.AWAITING_APPROVAL) {
                service.transition(p.id(), PromotionState.FAILED, "system", "not deployed: manifest "
                        + plan.manifest().name() + " " + plan.manifest().version() + " stopped because "
                        + failure.application() + " failed");
            }
        }
    }

    private List<String> checked() {
        return plan.unchanged().stream().map(ManifestComponent::application).toList();
    }

    private String checkedText() {
        return plan.unchanged().isEmpty() ? "" : "; checked and left alone " + String.join(", ", checked());
    }

    static String root(Throwable error) {
        Throwable t = error;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
