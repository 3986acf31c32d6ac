package io.jenkins.plugins.routetolive.engine.kubernetes.internal;

import io.fabric8.kubernetes.api.model.Service;
import io.jenkins.plugins.routetolive.engine.deploy.DeploymentRequest;
import io.jenkins.plugins.routetolive.engine.gate.Gate;
import io.jenkins.plugins.routetolive.engine.gate.GateSubject;
import io.jenkins.plugins.routetolive.engine.gate.GateVerdict;
import io.jenkins.plugins.routetolive.engine.kubernetes.RolloutAbortedException;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Blue/green: the idle colour takes the new image, must roll out, and only then does the Service's
 * selector switch to it. The old colour keeps running, so a rollback to its digest is one selector switch.
 */
public final class BlueGreenSwitch implements StrategyRun {

    private final StrategyContext c;
    private final String service;

    public BlueGreenSwitch(StrategyContext context, String service) {
        this.c = context;
        this.service = service;
    }

    private String name(String colour) {
        return c.target().deployment() + "-" + colour;
    }

    private static String other(String colour) {
        return "blue".equals(colour) ? "green" : "blue";
    }

    /** The colour the Service selects, or empty before the first switch. */
    private CompletableFuture<Optional<String>> live(Instant deadline) {
        return c.edits().readService(service, deadline).thenApply(BlueGreenSwitch::colourOf);
    }

    private static Optional<String> colourOf(Service s) {
        return Optional.ofNullable(s.getSpec().getSelector()).map(m -> m.get(DeploymentEdits.COLOUR))
                .filter(v -> v.equals("blue") || v.equals("green"));
    }

    @Override
    public CompletableFuture<Void> deploy(DeploymentRequest request) {
        Instant deadline = c.deadline();
        return live(deadline).thenCompose(live -> {
            String idle = live.map(BlueGreenSwitch::other).orElse("blue");
            return c.edits().read(name(idle), deadline).thenCompose(idleNow -> {
                boolean runsIt = DeploymentEdits.digestOf(idleNow).filter(request.artifact().digest().value()::equals).isPresent();
                if (request.rollback() && runsIt && DeploymentEdits.replicas(idleNow) > 0) {
                    return c.edits().selectColour(service, idle, deadline).thenApply(s -> null); // switch back at once
                }
                return rollOut(request, live, idle, deadline);
            });
        });
    }

    private CompletableFuture<Void> rollOut(DeploymentRequest request, Optional<String> live, String idle, Instant deadline) {
        CompletableFuture<Integer> replicas = live.map(colour -> c.edits().read(name(colour), deadline)
                .thenApply(DeploymentEdits::replicas)).orElse(CompletableFuture.completedFuture(1));
        return c.edits().setImage(name(idle), request, deadline)
                .thenCombine(replicas, (d, wanted) -> DeploymentEdits.replicas(d) == 0 && wanted > 0 ? wanted : -1)
                .thenCompose(scaleTo -> scaleTo > 0 ? c.edits().scale(name(idle), scaleTo, deadline).thenApply(d -> (Void) null)
                        : CompletableFuture.<Void>completedFuture(null))
                .thenCompose(ignored -> c.rollout(name(idle), request))
                .thenCompose(verdict -> {
                    if (!verdict.passed()) {
                        throw new RolloutAbortedException(name(idle) + " did not roll out (" + verdict.summary() + "); service "
                                + service + " was not switched and still selects " + live.orElse("nothing") + ".");
                    }
                    return c.edits().selectColour(service, idle, deadline).thenApply(s -> (Void) null);
                });
    }

    @Override
    public CompletableFuture<Void> scaleToZero() {
        Instant deadline = c.deadline();
        return c.edits().scaleToZero(name("blue"), deadline)
                .thenCompose(d -> c.edits().scaleToZero(name("green"), deadline)).thenApply(d -> null);
    }

    /** The rollout of whichever colour the Service selects when the gate runs. */
    @Override
    public Gate rolloutGate() {
        return new Gate() {
            @Override
            public CompletableFuture<GateVerdict> evaluate(GateSubject subject) {
                return live(c.deadline()).thenCompose(colour -> c.gates().kubernetesRollout(c.client(), c.target().namespace(),
                        name(colour.orElse("blue")), c.timing()).evaluate(subject));
            }

            @Override
            public String describe() {
                return "Kubernetes rollout of the live colour of service " + service + " in namespace " + c.target().namespace();
            }
        };
    }
}
