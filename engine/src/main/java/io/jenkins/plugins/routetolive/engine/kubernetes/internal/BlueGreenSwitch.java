package io.jenkins.plugins.routetolive.engine.kubernetes.internal;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.jenkins.plugins.routetolive.engine.deploy.DeploymentRequest;
import io.jenkins.plugins.routetolive.engine.gate.Gate;
import io.jenkins.plugins.routetolive.engine.gate.GateSubject;
import io.jenkins.plugins.routetolive.engine.gate.GateVerdict;
import io.jenkins.plugins.routetolive.engine.kubernetes.RolloutAbortedException;
import io.jenkins.plugins.routetolive.engine.message.Sentences;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import static io.jenkins.plugins.routetolive.engine.kubernetes.internal.DeploymentEdits.COLOUR;

/**
 * Blue/green: the idle colour takes the new image, must roll out, and only then does the Service's
 * selector switch to it. The old colour keeps running, so a rollback to its digest is one selector switch.
 *
 * <p>A colour that does not exist is created as a {@link DeploymentCopy copy} of the template (see
 * {@link BlueGreenStart}) with zero replicas, and scaled up when it takes the new image. In a namespace where
 * the Service still selects the plain Deployment, blue first takes over from it. The Service is switched only
 * to a colour whose pods it would select and that has ready pods; nothing is ever deleted or scaled down.
 */
public final class BlueGreenSwitch implements StrategyRun {

    private final StrategyContext c;
    private final String service;
    private final BlueGreenStart.Names names;

    public BlueGreenSwitch(StrategyContext context, String service) {
        this.c = context;
        this.service = service;
        this.names = new BlueGreenStart.Names(context.target().namespace(), context.target().deployment(), service);
    }

    private static String other(String colour) {
        return "blue".equals(colour) ? "green" : "blue";
    }

    @Override
    public CompletableFuture<Void> deploy(DeploymentRequest request) {
        Instant deadline = c.deadline();
        return start(deadline).thenCompose(start -> {
            if (request.rollback() && start.serving().filter(d -> DeploymentEdits.runs(d, request.artifact())).isPresent()) {
                return CompletableFuture.<Void>completedFuture(null); // what serves runs it: the new colour never got the switch
            }
            CompletableFuture<BlueGreenStart> ready = start.takingOver() ? takeOver(start, request, deadline)
                    : CompletableFuture.completedFuture(start);
            return ready.thenCompose(s -> deployTo(s, request, deadline));
        });
    }

    private CompletableFuture<BlueGreenStart> start(Instant deadline) {
        DeploymentEdits e = c.edits();
        return e.findService(service, deadline).thenCompose(svc -> e.find(names.deployment(), deadline)
                .thenCompose(plain -> e.find(names.of("blue"), deadline)
                        .thenCompose(blue -> e.find(names.of("green"), deadline)
                                .thenApply(green -> BlueGreenStart.decide(names, svc, plain, blue, green)))));
    }

    /**
     * The Service selects the plain Deployment's pods: blue is made as a copy of it (same image, same replicas),
     * must roll out, and then the Service selects blue. The new image never goes straight into a copy of the
     * plain Deployment, because that copy's pods would match the Service's selector before the switch.
     */
    private CompletableFuture<BlueGreenStart> takeOver(BlueGreenStart start, DeploymentRequest request, Instant deadline) {
        Deployment plain = start.template();
        String blue = names.of("blue");
        CompletableFuture<Deployment> copy = start.existing("blue").map(CompletableFuture::completedFuture)
                .orElseGet(() -> c.edits().createCopy(plain, blue, COLOUR, "blue", Math.max(1, DeploymentEdits.replicas(plain)),
                        deadline));
        return copy.thenCompose(d -> c.rollout(blue, request)).thenCompose(verdict -> {
            if (!verdict.passed()) {
                throw new RolloutAbortedException(blue + ", the copy of Deployment " + names.deployment() + " that takes over "
                        + "from it, did not roll out (" + Sentences.clause(verdict.summary()) + "); service " + service
                        + " was not switched and still selects the pods of " + names.deployment() + ", which were not changed.");
            }
            return switchTo(start, "blue", deadline);
        }).thenCompose(switched -> c.edits().read(blue, deadline)).thenApply(start::afterTakeOver);
    }

    private CompletableFuture<Void> deployTo(BlueGreenStart start, DeploymentRequest request, Instant deadline) {
        String idle = start.colour().map(BlueGreenSwitch::other).orElse("blue");
        Optional<Deployment> idleNow = start.existing(idle);
        if (request.rollback() && idleNow.filter(d -> DeploymentEdits.runs(d, request.artifact())
                && DeploymentEdits.replicas(d) > 0 && DeploymentEdits.ready(d) > 0).isPresent()) {
            return switchTo(start, idle, deadline); // switch back at once
        }
        CompletableFuture<Deployment> created = idleNow.map(CompletableFuture::completedFuture)
                .orElseGet(() -> c.edits().createCopy(start.template(), names.of(idle), COLOUR, idle, 0, deadline));
        return created.thenCompose(d -> rollOut(start, request, idle, deadline));
    }

    private CompletableFuture<Void> rollOut(BlueGreenStart start, DeploymentRequest request, String idle, Instant deadline) {
        String name = names.of(idle);
        int wanted = start.serving().map(DeploymentEdits::replicas).filter(n -> n > 0).orElse(1);
        return c.edits().setImage(name, request, deadline)
                .thenCompose(d -> DeploymentEdits.replicas(d) == 0 ? c.edits().scale(name, wanted, deadline)
                        : CompletableFuture.completedFuture(d))
                .thenCompose(d -> c.rollout(name, request))
                .thenCompose(verdict -> {
                    if (!verdict.passed()) {
                        throw new RolloutAbortedException(name + " did not roll out (" + Sentences.clause(verdict.summary())
                                + "); service " + service + " was not switched and still selects " + start.selects() + ".");
                    }
                    return switchTo(start, idle, deadline);
                });
    }

    /** Switches the Service to the colour, but only if it would select that colour's pods and some of them are ready. */
    private CompletableFuture<Void> switchTo(BlueGreenStart start, String colour, Instant deadline) {
        String name = names.of(colour);
        Map<String, String> selector = DeploymentCopy.with(start.selector(), COLOUR, colour);
        return c.edits().read(name, deadline).thenCompose(d -> {
            String notSwitched = "Service " + service + " was not switched to " + colour + " and still selects " + start.selects();
            Map<String, String> pods = DeploymentCopy.podLabels(d);
            if (!DeploymentCopy.selects(selector, pods)) {
                throw new RolloutAbortedException(notSwitched + ": with the selector " + new TreeMap<>(selector)
                        + " it would select none of the pods of " + name + ", labelled " + new TreeMap<>(pods) + ". Give the pods of "
                        + name + " the labels the Service selects.");
            }
            if (DeploymentEdits.ready(d) == 0) {
                throw new RolloutAbortedException(notSwitched + ": " + name + " has no ready pods. Scale it up, let it "
                        + "become ready, and promote again.");
            }
            return c.edits().selectColour(service, colour, deadline).thenApply(s -> (Void) null);
        });
    }

    @Override
    public CompletableFuture<Void> scaleToZero() {
        Instant deadline = c.deadline();
        return c.edits().ifExists(names.of("blue"), deadline, () -> c.edits().scaleToZero(names.of("blue"), deadline))
                .thenCompose(x -> c.edits().ifExists(names.of("green"), deadline,
                        () -> c.edits().scaleToZero(names.of("green"), deadline)));
    }

    /** The rollout of whichever colour the Service selects when the gate runs (the plain Deployment before any switch). */
    @Override
    public Gate rolloutGate() {
        return new Gate() {
            @Override
            public CompletableFuture<GateVerdict> evaluate(GateSubject subject) {
                return c.edits().readService(service, c.deadline())
                        .thenApply(s -> BlueGreenStart.colourOf(s.getSpec().getSelector() == null ? Map.of() : s.getSpec().getSelector())
                                .map(names::of).orElse(names.deployment()))
                        .thenCompose(name -> c.gates().kubernetesRollout(c.client(), c.target().namespace(), name, c.timing())
                                .evaluate(subject));
            }

            @Override
            public String describe() {
                return "Kubernetes rollout of the live colour of service " + service + " in namespace " + c.target().namespace();
            }
        };
    }
}
