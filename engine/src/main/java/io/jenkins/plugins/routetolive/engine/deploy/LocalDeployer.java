package io.jenkins.plugins.routetolive.engine.deploy;

import io.jenkins.plugins.routetolive.engine.artifact.Artifact;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A deployer inside this process: it remembers which artifact each environment runs. For the offline
 * demo and for tests of the promotion flow; real deployments go to Kubernetes or are made by the pipeline.
 */
public final class LocalDeployer implements Deployer {

    private final Map<String, Artifact> running = new ConcurrentHashMap<>();
    private final List<DeploymentRequest> history = new ArrayList<>();

    @Override
    public CompletableFuture<Void> deploy(DeploymentRequest request) {
        synchronized (history) {
            history.add(request);
        }
        running.put(key(request.artifact().application(), request.environment()), request.artifact());
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> scaleToZero(String application, String environment) {
        running.remove(key(application, environment));
        return CompletableFuture.completedFuture(null);
    }

    /** What the environment runs now. */
    public Optional<Artifact> running(String application, String environment) {
        return Optional.ofNullable(running.get(key(application, environment)));
    }

    /** Every deployment made, in order. */
    public List<DeploymentRequest> history() {
        synchronized (history) {
            return List.copyOf(history);
        }
    }

    @Override
    public String describe() {
        return "local deployer";
    }

    private static String key(String application, String environment) {
        return application + "/" + environment;
    }
}
