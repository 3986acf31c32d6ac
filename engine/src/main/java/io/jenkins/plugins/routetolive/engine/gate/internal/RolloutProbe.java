package io.jenkins.plugins.routetolive.engine.gate.internal;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.jenkins.plugins.routetolive.engine.gate.GateSubject;
import io.jenkins.plugins.routetolive.engine.gate.Probe;
import io.jenkins.plugins.routetolive.engine.gate.ProbeResult;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Looks at a Deployment once: has the controller seen the latest spec (observedGeneration ≥ generation),
 * and are updated, ready and available replicas all equal to the desired count? A {@code Progressing}
 * condition with reason {@code ProgressDeadlineExceeded} is reported as {@link #isFatal(ProbeResult) fatal}.
 */
public final class RolloutProbe implements Probe {

    public static final String DEADLINE_EXCEEDED = "ProgressDeadlineExceeded";

    private final KubernetesClient client;
    private final String namespace;
    private final String deployment;
    private final Executor executor;
    private final Clock clock;

    public RolloutProbe(KubernetesClient client, String namespace, String deployment, Executor executor, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.deployment = Objects.requireNonNull(deployment, "deployment");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Whether the probe saw something no amount of waiting fixes. */
    public static boolean isFatal(ProbeResult result) {
        return !result.success() && result.status().equals(DEADLINE_EXCEEDED);
    }

    @Override
    public CompletableFuture<ProbeResult> probe(GateSubject subject) {
        Instant start = clock.instant();
        long t0 = System.nanoTime();
        return CompletableFuture.supplyAsync(() -> {
            try {
                Deployment d = client.apps().deployments().inNamespace(namespace).withName(deployment).get();
                return judge(d, start, Duration.ofNanos(System.nanoTime() - t0));
            } catch (KubernetesClientException e) {
                return new ProbeResult(start, false, "API " + e.getCode(), Duration.ofNanos(System.nanoTime() - t0),
                        "cannot read deployment " + deployment + " in namespace " + namespace + ": " + e.getMessage());
            }
        }, executor);
    }

    static ProbeResult judge(Deployment d, Instant at, Duration latency) {
        if (d == null) {
            return new ProbeResult(at, false, "missing", latency, "deployment does not exist");
        }
        DeploymentStatus s = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
        long generation = d.getMetadata().getGeneration() == null ? 0 : d.getMetadata().getGeneration();
        long observed = s.getObservedGeneration() == null ? 0 : s.getObservedGeneration();
        int desired = d.getSpec() == null || d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        int updated = orZero(s.getUpdatedReplicas());
        int ready = orZero(s.getReadyReplicas());
        int available = orZero(s.getAvailableReplicas());
        String status = "updated " + updated + ", ready " + ready + ", available " + available + " of " + desired;
        if (observed < generation) {
            // the status (conditions included) still describes an older spec: wait for the controller
            return new ProbeResult(at, false, status, latency, "controller has seen generation " + observed + " of " + generation);
        }
        for (DeploymentCondition c : s.getConditions()) {
            if ("Progressing".equals(c.getType()) && DEADLINE_EXCEEDED.equals(c.getReason())) {
                return new ProbeResult(at, false, DEADLINE_EXCEEDED, latency, "rollout exceeded its progress deadline"
                        + (c.getMessage() == null ? "" : ": " + c.getMessage()));
            }
        }
        if (updated != desired || ready != desired || available != desired) {
            return new ProbeResult(at, false, status, latency, "replicas not all updated, ready and available yet");
        }
        return new ProbeResult(at, true, status, latency, "");
    }

    private static int orZero(Integer n) {
        return n == null ? 0 : n;
    }

    @Override
    public String describe() {
        return "Kubernetes rollout of deployment " + deployment + " in namespace " + namespace;
    }
}
