package io.jenkins.plugins.routetolive.engine.kubernetes.internal;

import io.jenkins.plugins.routetolive.engine.deploy.DeploymentRequest;
import io.jenkins.plugins.routetolive.engine.gate.Gate;

import java.util.concurrent.CompletableFuture;

/** The Deployment's native rolling update: the image is replaced in place; the rollout gate follows it. */
public final class RollingUpdate implements StrategyRun {

    private final StrategyContext c;

    public RollingUpdate(StrategyContext context) {
        this.c = context;
    }

    @Override
    public CompletableFuture<Void> deploy(DeploymentRequest request) {
        return c.edits().setImage(c.target().deployment(), request, c.deadline()).thenApply(d -> null);
    }

    @Override
    public CompletableFuture<Void> scaleToZero() {
        return c.edits().scaleToZero(c.target().deployment(), c.deadline()).thenApply(d -> null);
    }

    @Override
    public Gate rolloutGate() {
        return c.gates().kubernetesRollout(c.client(), c.target().namespace(), c.target().deployment(), c.timing());
    }
}
