package io.jenkins.plugins.routetolive.engine.deploy;

import java.util.concurrent.CompletableFuture;

/**
 * The pipeline deploys by its own means (Helm, Ansible, a script); the engine only gates and records.
 * It cannot roll back, so on failure the outcome names the digest the pipeline must restore.
 */
public final class ExternalDeployer implements Deployer {

    private final String how;

    public ExternalDeployer() {
        this("the pipeline");
    }

    /** @param how what deploys, for messages ("helm upgrade in the pipeline") */
    public ExternalDeployer(String how) {
        this.how = how == null || how.isBlank() ? "the pipeline" : how;
    }

    /** Nothing to do: the pipeline has deployed already. */
    @Override
    public CompletableFuture<Void> deploy(DeploymentRequest request) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public boolean canRollback() {
        return false;
    }

    @Override
    public String describe() {
        return "external deployment by " + how;
    }
}
