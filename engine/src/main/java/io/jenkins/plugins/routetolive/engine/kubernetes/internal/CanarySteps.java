package io.jenkins.plugins.routetolive.engine.kubernetes.internal;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.jenkins.plugins.routetolive.engine.deploy.DeploymentRequest;
import io.jenkins.plugins.routetolive.engine.gate.Gate;
import io.jenkins.plugins.routetolive.engine.kubernetes.KubernetesCallException;
import io.jenkins.plugins.routetolive.engine.kubernetes.RolloutAbortedException;
import io.jenkins.plugins.routetolive.engine.message.Sentences;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Canary: {@code <deployment>-canary} takes the new image and grows step by step (a percentage of the
 * stable replica count, at least one pod), gated at each step. At 100 % the stable Deployment takes the
 * new image and the canary goes back to zero. A failed step scales the canary to zero; stable keeps serving.
 *
 * <p>When the canary Deployment does not exist it is created as a {@link DeploymentCopy copy} of the stable one
 * with zero replicas and the pod label {@code routetolive.io/track: canary}; its pods keep the stable pods' other
 * labels, so a Service that selects the stable pods selects the canary's too.
 */
public final class CanarySteps implements StrategyRun {

    private final StrategyContext c;
    private final List<Integer> steps;

    public CanarySteps(StrategyContext context, List<Integer> steps) {
        this.c = context;
        this.steps = List.copyOf(steps);
    }

    private String stable() {
        return c.target().deployment();
    }

    private String canary() {
        return c.target().deployment() + "-canary";
    }

    @Override
    public CompletableFuture<Void> deploy(DeploymentRequest request) {
        Instant deadline = c.deadline();
        return c.edits().find(stable(), deadline).thenCompose(found -> {
            Deployment stableNow = found.orElseThrow(this::missingStable);
            return request.rollback() ? rollBack(request, stableNow, deadline) : stepThrough(request, stableNow, deadline);
        });
    }

    private KubernetesCallException missingStable() {
        return new KubernetesCallException("Canary of " + stable() + " has nothing to start from in namespace "
                + c.target().namespace() + ": Deployment " + stable() + ", the stable one, does not exist. Create it (apply "
                + "its manifest); the deployer creates " + canary() + " from it.", 404, null);
    }

    private CompletableFuture<Void> rollBack(DeploymentRequest request, Deployment stableNow, Instant deadline) {
        CompletableFuture<?> restoreStable = DeploymentEdits.runs(stableNow, request.artifact())
                ? CompletableFuture.completedFuture(stableNow) : c.edits().setImage(stable(), request, deadline);
        return restoreStable.thenCompose(x -> c.edits().ifExists(canary(), deadline, () -> c.edits().scale(canary(), 0, deadline)));
    }

    private CompletableFuture<Void> stepThrough(DeploymentRequest request, Deployment stableNow, Instant deadline) {
        int stableReplicas = Math.max(1, DeploymentEdits.replicas(stableNow));
        String serving = DeploymentEdits.digestOf(stableNow).orElse("its current image");
        CompletableFuture<Void> chain = c.edits().find(canary(), deadline)
                .thenCompose(found -> found.map(CompletableFuture::completedFuture).orElseGet(() -> c.edits()
                        .createCopy(stableNow, canary(), DeploymentEdits.TRACK, "canary", 0, deadline)))
                .thenCompose(d -> c.edits().setImage(canary(), request, deadline))
                .thenCompose(d -> c.edits().scale(canary(), 0, deadline)).thenApply(d -> null);
        for (int percent : steps) {
            chain = chain.thenCompose(ignored -> step(request, percent, stableReplicas, serving, deadline));
        }
        return chain.thenCompose(ignored -> c.edits().scale(canary(), 0, deadline)).thenApply(d -> null);
    }

    private CompletableFuture<Void> step(DeploymentRequest request, int percent, int stableReplicas, String serving,
                                         Instant deadline) {
        if (percent == 100) {
            return c.edits().setImage(stable(), request, deadline)
                    .thenCompose(d -> c.rollout(stable(), request))
                    .thenCompose(verdict -> verdict.passed() ? CompletableFuture.<Void>completedFuture(null)
                            : abort(deadline, "stable deployment " + stable() + " did not roll out the new image at 100 % ("
                            + Sentences.clause(verdict.summary()) + "); the canary was scaled to zero and stable must be rolled back"));
        }
        int replicas = (int) Math.max(1, Math.ceil(stableReplicas * percent / 100.0));
        return c.edits().scale(canary(), replicas, deadline)
                .thenCompose(d -> c.rollout(canary(), request))
                .thenCompose(verdict -> verdict.passed() ? CompletableFuture.<Void>completedFuture(null)
                        : abort(deadline, "canary " + canary() + " failed at " + percent + " % (" + replicas + " of "
                        + stableReplicas + " replicas): " + Sentences.clause(verdict.summary()) + "; the canary was scaled to zero and "
                        + stable() + " still serves " + serving));
    }

    private CompletableFuture<Void> abort(Instant deadline, String message) {
        return c.edits().scale(canary(), 0, deadline).handle((d, error) -> {
            throw new RolloutAbortedException(error == null ? message
                    : message + " (but scaling the canary to zero failed too: " + Sentences.clause(error.getMessage()) + ")");
        });
    }

    @Override
    public CompletableFuture<Void> scaleToZero() {
        Instant deadline = c.deadline();
        return c.edits().ifExists(canary(), deadline, () -> c.edits().scale(canary(), 0, deadline))
                .thenCompose(d -> c.edits().scaleToZero(stable(), deadline)).thenApply(d -> null);
    }

    @Override
    public Gate rolloutGate() {
        return c.gates().kubernetesRollout(c.client(), c.target().namespace(), stable(), c.timing());
    }
}
