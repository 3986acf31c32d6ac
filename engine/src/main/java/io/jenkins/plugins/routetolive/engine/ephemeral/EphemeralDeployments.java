package io.jenkins.plugins.routetolive.engine.ephemeral;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.artifact.RegisteredArtifact;
import io.jenkins.plugins.routetolive.engine.deploy.DeploymentRequest;
import io.jenkins.plugins.routetolive.engine.ephemeral.internal.EphemeralEntries;
import io.jenkins.plugins.routetolive.engine.ephemeral.internal.NamespaceClaim;
import io.jenkins.plugins.routetolive.engine.ephemeral.internal.TemplateCopy;
import io.jenkins.plugins.routetolive.engine.event.EventKind;
import io.jenkins.plugins.routetolive.engine.event.PromotionEvent;
import io.jenkins.plugins.routetolive.engine.event.PromotionListener;
import io.jenkins.plugins.routetolive.engine.gate.Gate;
import io.jenkins.plugins.routetolive.engine.gate.GateSubject;
import io.jenkins.plugins.routetolive.engine.gate.GateVerdict;
import io.jenkins.plugins.routetolive.engine.gate.Gates;
import io.jenkins.plugins.routetolive.engine.gate.HttpGateSpec;
import io.jenkins.plugins.routetolive.engine.kubernetes.internal.DeploymentEdits;
import io.jenkins.plugins.routetolive.engine.kubernetes.internal.KubernetesCalls;
import io.jenkins.plugins.routetolive.engine.ledger.Ledger;
import io.jenkins.plugins.routetolive.engine.message.Sentences;
import io.jenkins.plugins.routetolive.engine.promotion.GateRecorder;
import io.jenkins.plugins.routetolive.engine.route.GateDefaults;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * Deploys a registered artifact into the ephemeral environment of a multibranch branch or change request: makes
 * (or reuses) the branch's namespace, copies the template's Deployment and Service into it, sets the image by
 * digest as the Kubernetes deployer does, gates the rollout (and the health URL, if given) with the template
 * environment's timing, and records the outcome in the ledger as {@code EPHEMERAL_DEPLOYED}. That entry is no
 * promotion: it admits nothing into the route and is no deployment for delivery metrics. Nothing blocks a thread:
 * every call and gate is a future on the gates' scheduler.
 */
public final class EphemeralDeployments {

    private final KubernetesClient client;
    private final Ledger ledger;
    private final Gates gates;
    private final GateDefaults timing;
    private final Clock clock;
    private final PromotionListener listener;

    /**
     * @param client   a client of the template environment's cluster; the caller closes it
     * @param timing   the template environment's gate timing, also the deadline of every API call
     * @param listener told one sentence per step
     */
    public EphemeralDeployments(KubernetesClient client, Ledger ledger, Gates gates, GateDefaults timing, Clock clock,
                                PromotionListener listener) {
        this.client = Objects.requireNonNull(client, "client");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.gates = Objects.requireNonNull(gates, "gates");
        this.timing = Objects.requireNonNull(timing, "timing");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * A refusal (an unregistered artifact, a missing template, a namespace taken by something else, a missing
     * permission) or a failed gate is an outcome that did not pass, with its message; the future fails only when the
     * ledger cannot be written.
     */
    public CompletableFuture<EphemeralOutcome> deploy(EphemeralRequest request) {
        String id = "ephemeral-" + UUID.randomUUID().toString().substring(0, 8);
        Artifact artifact;
        try {
            artifact = resolve(request).artifact();
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(new EphemeralOutcome(false, e.getMessage(), Optional.empty()));
        }
        EphemeralOwner owner = request.owner();
        Instant deadline = clock.instant().plus(timing.deadline());
        Instant expires = clock.instant().plus(request.timeToLive());
        KubernetesCalls calls = new KubernetesCalls(gates.scheduler(), clock, grantScope(request.template()));
        publish(EventKind.DEPLOYING, id, owner, "", "Deploying " + artifact.describe() + " into the ephemeral environment of "
                + owner.describe() + ", copied from " + request.template().describe() + ".");
        return new NamespaceClaim(client, calls).claim(owner, namespaces(owner), expires, request.template().describe(), deadline)
                .handle((namespace, error) -> error != null
                        ? CompletableFuture.completedFuture(notMade(id, owner, error))
                        : deployInto(request, artifact, namespace, expires, id, calls, deadline))
                .thenCompose(Function.identity());
    }

    private RegisteredArtifact resolve(EphemeralRequest r) {
        String app = r.owner().application();
        String what = r.digest().map(d -> d.value()).orElseGet(() -> r.version().orElseThrow());
        RegisteredArtifact found = (r.digest().isPresent() ? ledger.registration(app, r.digest().get())
                : ledger.registration(app, r.version().orElseThrow())).orElseThrow(() -> new EphemeralRefusedException(
                "Cannot deploy " + app + " " + what + " into an ephemeral environment: no such artifact has been registered. "
                        + "Register it (registerArtifact) in the build that produced it first."));
        if (r.version().isPresent() && !r.version().get().equals(found.artifact().version())) {
            throw new EphemeralRefusedException("Cannot deploy " + app + " " + r.version().get() + " with digest " + what
                    + " into an ephemeral environment: that digest is registered as version " + found.artifact().version()
                    + ". Name the version and digest that were registered together.");
        }
        return found;
    }

    /** The namespace the owner has (if it is still live), then the names it may take. */
    private List<String> namespaces(EphemeralOwner owner) {
        List<String> names = new ArrayList<>();
        ledger.ephemeralEnvironment(owner.application(), owner.job()).filter(EphemeralRecord::live)
                .ifPresent(r -> names.add(r.namespace()));
        EphemeralNames.candidates(owner).stream().filter(n -> !names.contains(n)).forEach(names::add);
        return names;
    }

    /** Ephemeral namespaces are made on the fly: a Role cannot be made there beforehand. */
    static Function<String, String> grantScope(EphemeralTemplate template) {
        return namespace -> namespace.isEmpty() || namespace.equals(template.source().namespace())
                ? KubernetesCalls.roleScope(namespace)
                : "in namespace " + namespace + ", which is made for one branch, so grant it in every namespace "
                + "(ClusterRole and ClusterRoleBinding; see RBAC for ephemeral environments in docs/kubernetes.md)";
    }

    private CompletableFuture<EphemeralOutcome> deployInto(EphemeralRequest request, Artifact artifact, String namespace,
                                                           Instant expires, String id, KubernetesCalls calls, Instant deadline) {
        EphemeralTemplate template = request.template();
        DeploymentEdits edits = new DeploymentEdits(client, namespace, template.source().container(), calls, a -> Optional.empty());
        Gate gate = gate(request, namespace, artifact);
        return new TemplateCopy(client, calls).copy(template, namespace, deadline)
                .thenCompose(service -> edits.setImage(template.source().deployment(),
                        new DeploymentRequest(artifact, namespace, id, false), deadline).thenApply(d -> service))
                .thenCompose(service -> gate.evaluate(new GateSubject(artifact, namespace, id))
                        .thenApply(verdict -> new Gated(service, verdict)))
                .handle((gated, error) -> record(request, artifact, namespace, expires, id, gate, gated, error));
    }

    private record Gated(Optional<Service> service, GateVerdict verdict) {
    }

    private Gate gate(EphemeralRequest request, String namespace, Artifact artifact) {
        List<Gate> checks = new ArrayList<>();
        checks.add(gates.kubernetesRollout(client, namespace, request.template().source().deployment(), timing));
        if (!request.healthUrl().isEmpty()) {
            URI url = URI.create(EphemeralNames.fill(request.healthUrl(), namespace, artifact.application()));
            checks.add(gates.http(HttpGateSpec.of(url, timing)));
        }
        return gates.withSoak(gates.allOf(checks), timing.soak());
    }

    private EphemeralOutcome record(EphemeralRequest request, Artifact artifact, String namespace, Instant expires, String id,
                                    Gate gate, Gated gated, Throwable error) {
        EphemeralOwner owner = request.owner();
        boolean passed = error == null && gated.verdict().passed();
        String url = !request.urlPattern().isEmpty() ? EphemeralNames.fill(request.urlPattern(), namespace, artifact.application())
                : gated == null ? "" : gated.service().map(TemplateCopy::inClusterUrl).orElse("");
        String summary = error != null ? messageOf(error) : gated.verdict().summary();
        String message = passed
                ? Sentences.join("Ephemeral environment " + namespace + " of " + owner.describe() + " runs "
                + artifact.describe() + (url.isEmpty() ? "" : " at " + url) + ": its gate passed (" + Sentences.clause(summary) + ")",
                "It is torn down when the branch's job is deleted, or at " + expires + " unless the branch builds again")
                : Sentences.join("Ephemeral environment " + namespace + " of " + owner.describe() + " does not run "
                + artifact.describe() + (error != null ? ": " + Sentences.clause(summary) : ": its gate failed (" + Sentences.clause(summary) + ")"),
                "The namespace stays for a look until the branch's job is deleted or " + expires + "; fix it and build again");
        Instant now = clock.instant();
        EphemeralRecord record = new EphemeralRecord(owner, namespace, request.template().route(), request.template().environment(),
                request.controller(), artifact.version(), artifact.digest(), url, now, expires, passed, EphemeralState.ACTIVE,
                "", summary, now);
        ledger.append(EphemeralEntries.deployed(record, request.actor(), request.buildReference(), gate.describe(),
                gated == null ? "" : GateRecorder.evidence(gated.verdict())));
        publish(passed ? EventKind.VERIFIED : EventKind.FAILED, id, owner, namespace, message);
        return new EphemeralOutcome(passed, message, Optional.of(record));
    }

    private EphemeralOutcome notMade(String id, EphemeralOwner owner, Throwable error) {
        String message = Sentences.join("No ephemeral environment was made for " + owner.describe() + ": "
                + Sentences.clause(messageOf(error)));
        publish(EventKind.FAILED, id, owner, "", message);
        return new EphemeralOutcome(false, message, Optional.empty());
    }

    /** The message of what failed, unwrapped from the futures it came through. */
    static String messageOf(Throwable error) {
        Throwable t = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private void publish(EventKind kind, String id, EphemeralOwner owner, String namespace, String message) {
        listener.onEvent(new PromotionEvent(clock.instant(), kind, id, owner.application(), namespace, message));
    }
}
