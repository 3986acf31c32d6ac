package io.jenkins.plugins.routetolive.engine.kubernetes.internal;

import io.jenkins.plugins.routetolive.engine.deploy.DeploymentRequest;
import io.jenkins.plugins.routetolive.engine.gate.Gate;

import java.util.concurrent.CompletableFuture;

/** One deployment strategy at work on one target. */
public interface StrategyRun {

    CompletableFuture<Void> deploy(DeploymentRequest request);

    CompletableFuture<Void> scaleToZero();

    /** The gate that says the serving pods have rolled out. */
    Gate rolloutGate();
}
