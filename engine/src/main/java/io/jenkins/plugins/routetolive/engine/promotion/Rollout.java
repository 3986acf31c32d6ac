package io.jenkins.plugins.routetolive.engine.promotion;

import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.deploy.Deployer;
import io.jenkins.plugins.routetolive.engine.deploy.DeploymentRequest;
import io.jenkins.plugins.routetolive.engine.event.EventKind;
import io.jenkins.plugins.routetolive.engine.gate.Gate;
import io.jenkins.plugins.routetolive.engine.gate.GateSubject;
import io.jenkins.plugins.routetolive.engine.gate.GateVerdict;
import io.jenkins.plugins.routetolive.engine.ledger.Deployed;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.message.Sentences;
import io.jenkins.plugins.routetolive.engine.rollback.NoLastKnownGood;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Deploys an admitted promotion, gates it, and on failure rolls the environment back to its last known
 * good artifact and gates that too. Everything is chained on futures; no thread waits.
 */
public final class Rollout {

    private final PromotionService service;
    private final GateRecorder gates;
    private final NoLastKnownGood noLastKnownGood;

    /** A rollout that leaves a failed first deployment as it is. */
    public Rollout(PromotionService service) {
        this(service, NoLastKnownGood.LEAVE_AS_IS);
    }

    /** @param noLastKnownGood the declared choice when a first deployment fails and there is nothing to restore */
    public Rollout(PromotionService service, NoLastKnownGood noLastKnownGood) {
        this.service = service;
        this.gates = new GateRecorder(service);
        this.noLastKnownGood = java.util.Objects.requireNonNull(noLastKnownGood, "noLastKnownGood");
    }

    /** Deploys with the deployer, then verifies with the gate; rolls back on failure. */
    public CompletableFuture<PromotionOutcome> deployAndVerify(String promotionId, Deployer deployer, Gate gate) {
        Promotion p = service.transition(promotionId, PromotionState.DEPLOYING, "system", "");
        Artifact artifact = p.artifact();
        // read before anything changes: this is what a rollback restores
        Optional<Deployed> lastKnownGood = service.ledger().environment(artifact.application(), p.environment()).lastKnownGood();
        Instant started = service.clock().instant();
        service.publish(EventKind.DEPLOYING, promotionId, artifact.application(), p.environment(), "Deploying "
                + artifact.describe() + " to " + p.environment() + " with " + deployer.describe() + ".");
        List<GateVerdict> verdicts = new ArrayList<>();
        return safely(() -> deployer.deploy(new DeploymentRequest(artifact, p.environment(), promotionId, false)))
                .handle((ok, error) -> error)
                .thenCompose(error -> {
                    if (error != null) {
                        String reason = "deployment failed: " + rootMessage(error);
                        return fail(p, reason, deployer, gate, lastKnownGood, verdicts, started);
                    }
                    return verify(p, gate, verdicts).thenCompose(verdict -> verdict.passed()
                            ? CompletableFuture.completedFuture(verified(p, verdicts, started))
                            : fail(p, "health gate failed: " + verdict.summary(), deployer, gate, lastKnownGood, verdicts, started));
                });
    }

    /**
     * Gates a deployment the pipeline made itself; rollback is left to the pipeline, which is told what to
     * restore. A promotion not yet recorded as deploying (see {@link PipelineDeployment#begin}) is recorded so first.
     */
    public CompletableFuture<PromotionOutcome> verifyExternal(String promotionId, Gate gate) {
        Promotion p = service.promotion(promotionId).state() == PromotionState.DEPLOYING ? service.promotion(promotionId)
                : service.transition(promotionId, PromotionState.DEPLOYING, "system", PipelineDeployment.REASON);
        Optional<Deployed> lastKnownGood = service.ledger().environment(p.artifact().application(), p.environment()).lastKnownGood();
        Instant started = service.clock().instant();
        List<GateVerdict> verdicts = new ArrayList<>();
        return verify(p, gate, verdicts).thenApply(verdict -> verdict.passed() ? verified(p, verdicts, started)
                : failExternal(p, verdict, lastKnownGood, verdicts));
    }

    private PromotionOutcome failExternal(Promotion p, GateVerdict verdict, Optional<Deployed> lastKnownGood,
                                      List<GateVerdict> verdicts) {
        String restore = lastKnownGood.map(d -> "The pipeline must roll " + p.environment() + " back to "
                + p.artifact().application() + " " + d.version() + " (" + d.digest() + ").")
                .orElse("There is no last known good in " + p.environment() + " to restore; it still runs "
                        + p.artifact().describe() + ".");
        String message = Sentences.join("Promotion of " + p.describe() + " failed: health gate failed: " + verdict.summary(),
                restore);
        service.transition(p.id(), PromotionState.FAILED, "system", message);
        service.publish(EventKind.FAILED, p.id(), p.artifact().application(), p.environment(), message);
        return new PromotionOutcome(p.id(), PromotionState.FAILED, message, verdicts, Optional.empty());
    }

    /**
     * Picks up a promotion that was deploying or verifying when the process stopped (a controller restart).
     * A promotion still DEPLOYING is deployed again, since deployments of one digest are idempotent; a
     * promotion VERIFYING has its gate evaluated from scratch, because evidence gathered before the restart
     * is not kept. With no deployer the pipeline deployed it itself and only the gate runs again, as in
     * {@link #verifyExternal}. The last known good read now is still the one before this promotion: only a
     * VERIFIED promotion changes it.
     */
    public CompletableFuture<PromotionOutcome> resume(String promotionId, Optional<Deployer> deployer, Gate gate) {
        Promotion p = service.promotion(promotionId);
        if (p.state() != PromotionState.DEPLOYING && p.state() != PromotionState.VERIFYING) {
            throw new IllegalStateTransitionException("Promotion " + promotionId + " of " + p.describe() + " is "
                    + p.state().label() + "; only a promotion that was deploying or verifying can be resumed.");
        }
        Optional<Deployed> lastKnownGood = service.ledger().environment(p.artifact().application(), p.environment()).lastKnownGood();
        Instant started = service.clock().instant();
        List<GateVerdict> verdicts = new ArrayList<>();
        service.publish(EventKind.INFO, promotionId, p.artifact().application(), p.environment(), "Resuming promotion "
                + promotionId + " of " + p.describe() + " after a restart: it was " + p.state().label()
                + "; " + (p.state() == PromotionState.DEPLOYING && deployer.isPresent() ? "deploying again and " : "")
                + "evaluating its gate from scratch.");
        CompletableFuture<Void> deployed = p.state() == PromotionState.DEPLOYING && deployer.isPresent()
                ? deployer.get().deploy(new DeploymentRequest(p.artifact(), p.environment(), promotionId, false))
                : CompletableFuture.completedFuture(null);
        return deployed.handle((ok, error) -> error).thenCompose(error -> {
            if (error != null) {
                return fail(p, "deployment failed: " + rootMessage(error), deployer.get(), gate, lastKnownGood, verdicts, started);
            }
            return verify(p, gate, verdicts).thenCompose(verdict -> {
                if (verdict.passed()) {
                    return CompletableFuture.completedFuture(verified(p, verdicts, started));
                }
                if (deployer.isEmpty()) {
                    return CompletableFuture.completedFuture(failExternal(p, verdict, lastKnownGood, verdicts));
                }
                return fail(p, "health gate failed: " + verdict.summary(), deployer.get(), gate, lastKnownGood, verdicts, started);
            });
        });
    }

    private CompletableFuture<GateVerdict> verify(Promotion p, Gate gate, List<GateVerdict> verdicts) {
        if (service.promotion(p.id()).state() != PromotionState.VERIFYING) {
            service.transition(p.id(), PromotionState.VERIFYING, "system", "");
        }
        service.publish(EventKind.VERIFYING, p.id(), p.artifact().application(), p.environment(), "Verifying "
                + p.describe() + " with " + gate.describe() + ".");
        return safely(() -> gate.evaluate(new GateSubject(p.artifact(), p.environment(), p.id())))
                .exceptionally(error -> new GateVerdict(gate.describe(), false, "the gate could not be evaluated: "
                        + rootMessage(error), List.of(), Duration.ZERO))
                .thenApply(verdict -> {
            verdicts.add(verdict);
            gates.record(p.id(), p.artifact(), p.environment(), verdict);
            return verdict;
        });
    }

    private PromotionOutcome verified(Promotion p, List<GateVerdict> verdicts, Instant started) {
        service.transition(p.id(), PromotionState.VERIFIED, "system", "");
        String message = p.artifact().describe() + " is verified in " + p.environment() + " after "
                + seconds(started) + ".";
        service.publish(EventKind.VERIFIED, p.id(), p.artifact().application(), p.environment(), message);
        return new PromotionOutcome(p.id(), PromotionState.VERIFIED, message, verdicts, Optional.empty());
    }

    private CompletableFuture<PromotionOutcome> fail(Promotion p, String reason, Deployer deployer, Gate gate,
                                                     Optional<Deployed> lastKnownGood, List<GateVerdict> verdicts,
                                                     Instant started) {
        String app = p.artifact().application();
        if (lastKnownGood.isEmpty() && noLastKnownGood == NoLastKnownGood.SCALE_TO_ZERO && deployer.canRollback()) {
            return scaleToZero(p, reason, deployer, verdicts);
        }
        if (lastKnownGood.isEmpty() || !deployer.canRollback()) {
            boolean none = lastKnownGood.isEmpty();
            String state = none
                    ? "There is no last known good in " + p.environment() + " to roll back to; it was left as it is, running "
                    + p.artifact().describe() + (noLastKnownGood == NoLastKnownGood.SCALE_TO_ZERO
                    ? " (" + deployer.describe() + " cannot scale to zero; stop it by hand)" : "")
                    : deployer.describe() + " cannot roll back; restore " + app + " " + lastKnownGood.get().version()
                    + " (" + lastKnownGood.get().digest() + ") in " + p.environment();
            String message = Sentences.join("Promotion of " + p.describe() + " failed: " + reason, state);
            Map<String, String> attributes = none
                    ? Map.of(LedgerEntry.Attributes.ENVIRONMENT_STATE, NoLastKnownGood.LEAVE_AS_IS.environmentState())
                    : Map.of(LedgerEntry.Attributes.ENVIRONMENT_STATE, "awaiting-pipeline-rollback");
            service.transition(p.id(), PromotionState.FAILED, "system", message, attributes);
            service.publish(EventKind.FAILED, p.id(), app, p.environment(), message);
            return CompletableFuture.completedFuture(new PromotionOutcome(p.id(), PromotionState.FAILED, message, verdicts,
                    Optional.empty()));
        }
        service.failAndRollBack(p.id(), "system", reason, reason);
        service.publish(EventKind.FAILED, p.id(), app, p.environment(), Sentences.end("Promotion of " + p.describe() + " failed: "
                + reason));
        Deployed good = lastKnownGood.get();
        Artifact restore = new Artifact(app, good.version(), good.digest());
        Instant rollbackStarted = service.clock().instant();
        service.publish(EventKind.ROLLING_BACK, p.id(), app, p.environment(), "Rolling " + p.environment() + " back to "
                + restore.describe() + ", its last known good.");
        return safely(() -> deployer.deploy(new DeploymentRequest(restore, p.environment(), p.id(), true)))
                .thenCompose(ok -> safely(() -> gate.evaluate(new GateSubject(restore, p.environment(), p.id()))))
                .handle((verdict, error) -> {
                    if (verdict != null) {
                        verdicts.add(verdict);
                        gates.record(p.id(), restore, p.environment(), verdict);
                    }
                    Map<String, String> restored = Map.of(LedgerEntry.Attributes.RESTORED_DIGEST, good.digest().value(),
                            LedgerEntry.Attributes.RESTORED_VERSION, good.version());
                    if (error == null && verdict.passed()) {
                        String message = "Promotion of " + p.describe() + " failed (" + Sentences.clause(reason) + "); " + p.environment()
                                + " was rolled back to " + restore.describe() + " in " + seconds(rollbackStarted) + ".";
                        service.transition(p.id(), PromotionState.ROLLED_BACK, "system", reason, restored);
                        service.publish(EventKind.ROLLED_BACK, p.id(), app, p.environment(), message);
                        return new PromotionOutcome(p.id(), PromotionState.ROLLED_BACK, message, verdicts, Optional.of(
                                new Deployed(good.version(), good.digest(), service.clock().instant(), p.id())));
                    }
                    String why = error != null ? rootMessage(error) : "health gate failed: " + verdict.summary();
                    String message = "Promotion of " + p.describe() + " failed (" + Sentences.clause(reason) + ") and the rollback to "
                            + restore.describe() + " failed too (" + Sentences.clause(why) + "). " + p.environment() + " is marked broken: "
                            + "repair it and record a resolution before promoting again.";
                    service.transition(p.id(), PromotionState.ROLLBACK_FAILED, "system", why);
                    service.publish(EventKind.ROLLBACK_FAILED, p.id(), app, p.environment(), message);
                    return new PromotionOutcome(p.id(), PromotionState.ROLLBACK_FAILED, message, verdicts, Optional.empty());
                });
    }

    /** No last known good and the declared choice is to stop the failed artifact: scale it to zero (a rollback to nothing). */
    private CompletableFuture<PromotionOutcome> scaleToZero(Promotion p, String reason, Deployer deployer,
                                                            List<GateVerdict> verdicts) {
        String app = p.artifact().application();
        service.failAndRollBack(p.id(), "system", reason, "no last known good; scaling to zero as declared");
        service.publish(EventKind.FAILED, p.id(), app, p.environment(), Sentences.end("Promotion of " + p.describe() + " failed: "
                + reason));
        Instant started = service.clock().instant();
        service.publish(EventKind.ROLLING_BACK, p.id(), app, p.environment(), "Scaling " + app + " in " + p.environment()
                + " to zero: there is no last known good to restore.");
        return safely(() -> deployer.scaleToZero(app, p.environment())).handle((ok, error) -> {
            if (error == null) {
                String message = "Promotion of " + p.describe() + " failed (" + Sentences.clause(reason) + "); there was no last known good, so "
                        + app + " in " + p.environment() + " was scaled to zero in " + seconds(started)
                        + ": nothing runs there now.";
                service.transition(p.id(), PromotionState.ROLLED_BACK, "system", message,
                        Map.of(LedgerEntry.Attributes.ENVIRONMENT_STATE, NoLastKnownGood.SCALE_TO_ZERO.environmentState()));
                service.publish(EventKind.ROLLED_BACK, p.id(), app, p.environment(), message);
                return new PromotionOutcome(p.id(), PromotionState.ROLLED_BACK, message, verdicts, Optional.empty());
            }
            String why = rootMessage(error);
            String message = "Promotion of " + p.describe() + " failed (" + Sentences.clause(reason) + ") and scaling it to zero failed too ("
                    + Sentences.clause(why) + "); " + p.environment() + " may still run " + p.artifact().describe() + " and is marked broken: "
                    + "repair it and record a resolution before promoting again.";
            service.transition(p.id(), PromotionState.ROLLBACK_FAILED, "system", why,
                    Map.of(LedgerEntry.Attributes.ENVIRONMENT_STATE, "unknown"));
            service.publish(EventKind.ROLLBACK_FAILED, p.id(), app, p.environment(), message);
            return new PromotionOutcome(p.id(), PromotionState.ROLLBACK_FAILED, message, verdicts, Optional.empty());
        });
    }

    private String seconds(Instant since) {
        return String.format(java.util.Locale.ROOT, "%.1f s",
                Duration.between(since, service.clock().instant()).toMillis() / 1000.0);
    }

    /** A deployer or gate that throws instead of failing its future must not leave the promotion half-way. */
    static <T> CompletableFuture<T> safely(java.util.function.Supplier<CompletableFuture<T>> call) {
        try {
            return java.util.Objects.requireNonNull(call.get(), "a deployer or gate returned no future");
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    static String rootMessage(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
