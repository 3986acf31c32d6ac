package io.jenkins.plugins.routetolive.engine.rehearsal;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.routetolive.engine.gate.Gate;
import io.jenkins.plugins.routetolive.engine.gate.GateSubject;
import io.jenkins.plugins.routetolive.engine.gate.GateVerdict;
import io.jenkins.plugins.routetolive.engine.gate.ProbeResult;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A gate over the mock cluster: passes when the Deployment runs the subject's digest. */
final class DeploymentImageGate implements Gate {

    private final KubernetesClient client;
    private final String repository;

    DeploymentImageGate(KubernetesClient client, String repository) {
        this.client = client;
        this.repository = repository;
    }

    static String imageOf(Deployment d) {
        return d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    @Override
    public CompletableFuture<GateVerdict> evaluate(GateSubject subject) {
        return CompletableFuture.supplyAsync(() -> {
            Deployment d = client.apps().deployments().inNamespace(subject.environment())
                    .withName(subject.artifact().application()).get();
            String expected = repository + "@" + subject.artifact().digest().value();
            boolean ok = d != null && expected.equals(imageOf(d));
            ProbeResult probe = new ProbeResult(Instant.now(), ok, ok ? "image ok" : "image mismatch", Duration.ZERO,
                    ok ? "" : "expected " + expected);
            return new GateVerdict(describe(), ok, ok ? "Deployment runs " + expected : "Deployment does not run " + expected,
                    List.of(probe), Duration.ZERO);
        });
    }

    @Override
    public String describe() {
        return "Deployment image check";
    }
}
