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

    /**
     * Stops the application in the environment (e.g. scales its Deployment to zero replicas), for a first
     * deployment that failed with nothing to roll back to. Deployers that cannot do it say so.
     */
    default CompletableFuture<Void> scaleToZero(String application, String environment) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException(describe()
                + " cannot scale " + application + " in " + environment + " to zero"));
    }

    /** "Kubernetes rolling update of deployment shop in namespace prod", for messages. */
    String describe();
}
