package io.jenkins.plugins.routetolive.engine.kubernetes.internal;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.routetolive.engine.deploy.DeploymentRequest;
import io.jenkins.plugins.routetolive.engine.gate.GateSubject;
import io.jenkins.plugins.routetolive.engine.gate.GateVerdict;
import io.jenkins.plugins.routetolive.engine.gate.Gates;
import io.jenkins.plugins.routetolive.engine.kubernetes.KubernetesTarget;
import io.jenkins.plugins.routetolive.engine.route.GateDefaults;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/** What every strategy needs: the target, the edits, the gates and the time budget. */
public record StrategyContext(KubernetesClient client, KubernetesTarget target, DeploymentEdits edits, Gates gates,
                              GateDefaults timing, Clock clock) {

    public Instant deadline() {
        return clock.instant().plus(timing.deadline());
    }

    /** Gates the rollout of one Deployment for this request. */
    public CompletableFuture<GateVerdict> rollout(String deployment, DeploymentRequest request) {
        return gates.kubernetesRollout(client, target.namespace(), deployment, timing)
                .evaluate(new GateSubject(request.artifact(), request.environment(), request.promotionId()));
    }
}
