package io.jenkins.plugins.routetolive.steps;

import hudson.AbortException;
import hudson.model.Run;
import io.jenkins.plugins.routetolive.engine.deploy.Deployer;
import io.jenkins.plugins.routetolive.engine.gate.Gate;
import io.jenkins.plugins.routetolive.engine.manifest.ManifestComponent;
import io.jenkins.plugins.routetolive.engine.manifest.ManifestTarget;
import io.jenkins.plugins.routetolive.runtime.DeploymentSpec;
import io.jenkins.plugins.routetolive.runtime.RolloutPlan;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The deployer and gate of every component of a release, one {@link PlannedRollout} each: a component with a
 * Kubernetes target in the manifest is deployed by the plugin with its strategy (client from the environment's
 * credential) and gated on its rollout and, with a pattern, its health URL; a component without one was deployed
 * by something else and is gated by its health URL. Nothing here is saved: a restarted execution builds them again.
 */
final class ReleasePlans {

    private final ReleaseOrder order;
    private final Map<String, PlannedRollout> byApplication = new LinkedHashMap<>();
    private CompletableFuture<?> running;

    ReleasePlans(ReleaseOrder order) {
        this.order = order;
    }

    /** Builds the plan of every component that may be deployed, so a bad target is refused before anything is recorded. */
    void buildAll(Run<?, ?> run) throws IOException {
        for (ManifestComponent c : order.manifest().components()) {
            if (!c.pinned()) {
                plan(c.application(), run);
            }
        }
    }

    Function<String, Deployer> deployers(Run<?, ?> run) {
        return application -> plan(application, run).deployer();
    }

    Function<String, Gate> gates(Run<?, ?> run) {
        return application -> plan(application, run).gate();
    }

    private RolloutPlan plan(String application, Run<?, ?> run) {
        PlannedRollout planned;
        synchronized (this) {
            planned = byApplication.computeIfAbsent(application, a -> new PlannedRollout(order.routeName, order.environment,
                    spec(order.manifest().component(a).orElseThrow())));
        }
        try {
            return planned.plan(run);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("Component " + application + " of " + order.describe() + ": "
                    + StepSupport.refusal(e).getMessage(), e);
        }
    }

    private DeploymentSpec spec(ManifestComponent component) {
        String healthUrl = order.healthUrl(component.application());
        try {
            if (component.kubernetes().isEmpty()) {
                return DeploymentSpec.byPlugin(DeploymentSpec.EXTERNAL, "", "", "", DeploymentSpec.ROLLING, "", "", healthUrl, "");
            }
            ManifestTarget t = component.kubernetes().get();
            return DeploymentSpec.byPlugin(DeploymentSpec.KUBERNETES, t.namespace(), t.deploymentName(), t.container(),
                    t.strategyName(), t.blueGreenService(), t.canaryStepsText(), healthUrl, "");
        } catch (AbortException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Remembers the release's deployment; its end closes every plan. */
    <T> CompletableFuture<T> track(CompletableFuture<T> deployment) {
        synchronized (this) {
            running = deployment;
        }
        return deployment.whenComplete((outcome, error) -> close());
    }

    synchronized boolean isRunning() {
        return running != null && !running.isDone();
    }

    /** The step ended: closes the plans unless the deployment still runs on them. */
    synchronized void release() {
        if (!isRunning()) {
            close();
        }
    }

    synchronized void close() {
        byApplication.values().forEach(PlannedRollout::close);
        byApplication.clear();
    }
}
