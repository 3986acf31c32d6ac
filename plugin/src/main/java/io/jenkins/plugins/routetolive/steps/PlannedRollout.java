package io.jenkins.plugins.routetolive.steps;

import hudson.model.Run;
import io.jenkins.plugins.routetolive.runtime.DeploymentSpec;
import io.jenkins.plugins.routetolive.runtime.RolloutPlan;
import io.jenkins.plugins.routetolive.runtime.RouteToLive;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * The deployer and gates of one promotion (or of one component of a release), built from its spec when first
 * needed (again after a restart), and the rollout running on them. Holds the Kubernetes client until the rollout
 * ends, or until the step ends without one; a rollout the build no longer waits for keeps it to its end.
 */
final class PlannedRollout {

    private final String routeName;
    private final String environment;
    private final DeploymentSpec spec;
    private RolloutPlan plan;
    private CompletableFuture<?> running;

    PlannedRollout(String routeName, String environment, DeploymentSpec spec) {
        this.routeName = routeName;
        this.environment = environment;
        this.spec = spec;
    }

    /** Builds the plan now, so a bad parameter is refused before anything is recorded. */
    synchronized RolloutPlan plan(Run<?, ?> run) throws IOException {
        if (plan == null) {
            plan = RolloutPlan.build(spec, routeName, RouteToLive.get().service(routeName).route().environment(environment),
                    run);
        }
        return plan;
    }

    /** Remembers the rollout; its end closes the plan. */
    <T> CompletableFuture<T> track(CompletableFuture<T> rollout) {
        synchronized (this) {
            running = rollout;
        }
        return rollout.whenComplete((outcome, error) -> close());
    }

    synchronized boolean isRunning() {
        return running != null && !running.isDone();
    }

    /** The step ended: closes the plan unless a rollout still runs on it. */
    synchronized void release() {
        if (!isRunning()) {
            close();
        }
    }

    synchronized void close() {
        RolloutPlan p = plan;
        plan = null;
        if (p != null) {
            p.close();
        }
    }
}
