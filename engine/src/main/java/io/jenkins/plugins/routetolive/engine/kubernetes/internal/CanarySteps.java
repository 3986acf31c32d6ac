package io.jenkins.plugins.routetolive.engine.kubernetes.internal;

import io.jenkins.plugins.routetolive.engine.deploy.DeploymentRequest;
import io.jenkins.plugins.routetolive.engine.gate.Gate;
import io.jenkins.plugins.routetolive.engine.kubernetes.RolloutAbortedException;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Canary: {@code <deployment>-canary} takes the new image and grows step by step (a percentage of the
 * stable replica count, at least one pod), gated at each step. At 100 % the stable Deployment takes the
 * new image and the canary goes back to zero. A failed step scales the canary to zero; stable keeps serving.
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
        if (request.rollback()) {
            return c.edits().read(stable(), deadline).thenCompose(d -> {
                boolean runsIt = DeploymentEdits.digestOf(d).filter(request.artifact().digest().value()::equals).isPresent();
                CompletableFuture<?> restoreStable = runsIt ? CompletableFuture.completedFuture(d)
                        : c.edits().setImage(stable(), request, deadline);
                return restoreStable.thenCompose(x -> c.edits().scale(canary(), 0, deadline)).thenApply(x -> null);
            });
        }
        return c.edits().read(stable(), deadline).thenCompose(stableNow -> {
            int stableReplicas = Math.max(1, DeploymentEdits.replicas(stableNow));
            String serving = DeploymentEdits.digestOf(stableNow).orElse("its current image");
            CompletableFuture<Void> chain = c.edits().setImage(canary(), request, deadline)
                    .thenCompose(d -> c.edits().scale(canary(), 0, deadline)).thenApply(d -> null);
            for (int percent : steps) {
                chain = chain.thenCompose(ignored -> step(request, percent, stableReplicas, serving, deadline));
            }
            return chain.thenCompose(ignored -> c.edits().scale(canary(), 0, deadline)).thenApply(d -> null);
        });
    }

    private CompletableFuture<Void> step(DeploymentRequest request, int percent, int stableReplicas, String serving,
                                         Instant deadline) {
        if (percent == 100) {
            return c.edits().setImage(stable(), request, deadline)
                    .thenCompose(d -> c.rollout(stable(), request))
                    .thenCompose(verdict -> verdict.passed() ? CompletableFuture.<Void>completedFuture(null)
                            : abort(deadline, "stable deployment " + stable() + " did not roll out the new image at 100 % ("
                            + verdict.summary() + "); the canary was scaled to zero and stable must be rolled back"));
        }
        int replicas = (int) Math.max(1, Math.ceil(stableReplicas * percent / 100.0));
        return c.edits().scale(canary(), replicas, deadline)
                .thenCompose(d -> c.rollout(canary(), request))
                .thenCompose(verdict -> verdict.passed() ? CompletableFuture.<Void>completedFuture(null)
                        : abort(deadline, "canary " + canary() + " failed at " + percent + " % (" + replicas + " of "
                        + stableReplicas + " replicas): " + verdict.summary() + "; the canary was scaled to zero and "
                        + stable() + " still serves " + serving));
    }

    private CompletableFuture<Void> abort(Instant deadline, String message) {
        return c.edits().scale(canary(), 0, deadline).handle((d, error) -> {
            throw new RolloutAbortedException(error == null ? message
                    : message + " (but scaling the canary to zero failed too: " + error.getMessage() + ")");
        });
    }

    @Override
    public CompletableFuture<Void> scaleToZero() {
        Instant deadline = c.deadline();
        return c.edits().scale(canary(), 0, deadline).thenCompose(d -> c.edits().scaleToZero(stable(), deadline))
                .thenApply(d -> null);
    }

    @Override
    public Gate rolloutGate() {
        return c.gates().kubernetesRollout(c.client(), c.target().namespace(), stable(), c.timing());
    }
}
