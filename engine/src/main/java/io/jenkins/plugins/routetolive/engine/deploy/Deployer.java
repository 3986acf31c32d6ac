package io.jenkins.plugins.routetolive.engine.deploy;

import java.util.concurrent.CompletableFuture;

/**
 * Puts an artifact into an environment. Returns at once; the future completes when the deployment has
 * been applied (not when it is healthy: gates decide that), or fails with the reason.
 */
public interface Deployer {

    CompletableFuture<Void> deploy(DeploymentRequest request);

    /** Whether this deployer can restore an earlier artifact itself; when false, the pipeline must. */
    default boolean canRollback() {
        return true;
    }

    /** "Kubernetes rolling update of deployment shop in namespace prod", for messages. */
    String describe();
}
