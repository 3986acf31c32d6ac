package io.jenkins.plugins.routetolive.engine.kubernetes.internal;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.artifact.ImageReference;
import io.jenkins.plugins.routetolive.engine.deploy.DeploymentRequest;
import io.jenkins.plugins.routetolive.engine.kubernetes.KubernetesCallException;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/** The few writes the deployer makes, each a read-modify-update through {@link KubernetesCalls}. */
public final class DeploymentEdits {

    public static final String PREFIX = "routetolive.io/";
    public static final String APPLICATION = PREFIX + "application";
    public static final String ENVIRONMENT = PREFIX + "environment";
    public static final String VERSION = PREFIX + "version";
    public static final String DIGEST = PREFIX + "digest";
    public static final String PROMOTION = PREFIX + "promotion-id";
    /** Replica count before a scale to zero, so the next deployment restores it. */
    public static final String REPLICAS_BEFORE = PREFIX + "replicas-before-scale-to-zero";
    public static final String COLOUR = PREFIX + "colour";
    /** The pod label that tells the canary's pods from the stable ones: "canary". */
    public static final String TRACK = PREFIX + "track";

    private final KubernetesClient client;
    private final String namespace;
    private final String container;
    private final KubernetesCalls calls;
    private final Function<Artifact, Optional<ImageReference>> registered;

    public DeploymentEdits(KubernetesClient client, String namespace, String container, KubernetesCalls calls,
                           Function<Artifact, Optional<ImageReference>> registered) {
        this.client = client;
        this.namespace = namespace;
        this.container = container;
        this.calls = calls;
        this.registered = registered;
    }

    public String namespace() {
        return namespace;
    }

    public CompletableFuture<Deployment> read(String name, Instant deadline) {
        return calls.call("get", "deployments.apps", name, namespace, deadline, () -> require(name,
                client.apps().deployments().inNamespace(namespace).withName(name).get()));
    }

    /** The Deployment, or empty when it does not exist. */
    public CompletableFuture<Optional<Deployment>> find(String name, Instant deadline) {
        return calls.call("get", "deployments.apps", name, namespace, deadline, () -> Optional.ofNullable(
                client.apps().deployments().inNamespace(namespace).withName(name).get()));
    }

    /** Runs the change only if the Deployment exists (e.g. scaling a canary that was never created). */
    public CompletableFuture<Void> ifExists(String name, Instant deadline, Supplier<CompletableFuture<?>> change) {
        return find(name, deadline).thenCompose(d -> d.isPresent() ? change.get().thenApply(x -> (Void) null)
                : CompletableFuture.completedFuture(null));
    }

    /**
     * Creates {@link DeploymentCopy a copy} of the source under a new name with one more label, unless a
     * Deployment of that name exists by then (made meanwhile by someone else, or by an attempt that timed out):
     * that one is returned as it is.
     */
    public CompletableFuture<Deployment> createCopy(Deployment source, String name, String labelKey, String labelValue,
                                                    int replicas, Instant deadline) {
        return calls.call("create", "deployments.apps", name, namespace, deadline, () -> {
            Deployment existing = client.apps().deployments().inNamespace(namespace).withName(name).get();
            if (existing != null) {
                return existing;
            }
            return client.apps().deployments().inNamespace(namespace)
                    .resource(DeploymentCopy.of(source, name, labelKey, labelValue, replicas)).create();
        });
    }

    /** Re-reads the Deployment on every attempt (so a 409 is retried on fresh data) and updates it. */
    public CompletableFuture<Deployment> edit(String name, Instant deadline, UnaryOperator<Deployment> change) {
        return calls.call("update", "deployments.apps", name, namespace, deadline, () -> {
            Deployment current = require(name, client.apps().deployments().inNamespace(namespace).withName(name).get());
            return client.apps().deployments().inNamespace(namespace).resource(change.apply(current)).update();
        });
    }

    /** Sets the image by digest, annotates the Deployment, and restores replicas after a scale to zero. */
    public CompletableFuture<Deployment> setImage(String name, DeploymentRequest request, Instant deadline) {
        return edit(name, deadline, d -> {
            Container c = container(d, name);
            c.setImage(image(c.getImage(), request.artifact()));
            annotate(d, request);
            String before = d.getMetadata().getAnnotations().remove(REPLICAS_BEFORE);
            if (before != null && replicas(d) == 0) {
                d.getSpec().setReplicas(Integer.parseInt(before));
            }
            return d;
        });
    }

    public CompletableFuture<Deployment> scale(String name, int replicas, Instant deadline) {
        return edit(name, deadline, d -> {
            d.getSpec().setReplicas(replicas);
            return d;
        });
    }

    /** Scales to zero, remembering the replica count for the next deployment. */
    public CompletableFuture<Deployment> scaleToZero(String name, Instant deadline) {
        return edit(name, deadline, d -> {
            if (replicas(d) > 0) {
                annotations(d).put(REPLICAS_BEFORE, String.valueOf(replicas(d)));
            }
            d.getSpec().setReplicas(0);
            return d;
        });
    }

    /** The Service, or empty when it does not exist. */
    public CompletableFuture<Optional<Service>> findService(String name, Instant deadline) {
        return calls.call("get", "services", name, namespace, deadline, () -> Optional.ofNullable(
                client.services().inNamespace(namespace).withName(name).get()));
    }

    public CompletableFuture<Service> readService(String name, Instant deadline) {
        return calls.call("get", "services", name, namespace, deadline, () -> {
            Service s = client.services().inNamespace(namespace).withName(name).get();
            if (s == null) {
                throw new KubernetesCallException("Service " + name + " does not exist in namespace " + namespace
                        + "; blue/green needs it (its selector picks the live colour). Apply its manifest first.", 404, null);
            }
            return s;
        });
    }

    public CompletableFuture<Service> selectColour(String service, String colour, Instant deadline) {
        return calls.call("update", "services", service, namespace, deadline, () -> {
            Service s = client.services().inNamespace(namespace).withName(service).get();
            Map<String, String> selector = new HashMap<>(s.getSpec().getSelector() == null ? Map.of() : s.getSpec().getSelector());
            selector.put(COLOUR, colour);
            s.getSpec().setSelector(selector);
            return client.services().inNamespace(namespace).resource(s).update();
        });
    }

    public static int replicas(Deployment d) {
        return d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    }

    /** Ready pods as the Deployment's status last reported them. */
    public static int ready(Deployment d) {
        return d.getStatus() == null || d.getStatus().getReadyReplicas() == null ? 0 : d.getStatus().getReadyReplicas();
    }

    /** Whether the Deployment is annotated as running this digest. */
    public static boolean runs(Deployment d, Artifact artifact) {
        return digestOf(d).filter(artifact.digest().value()::equals).isPresent();
    }

    public static Optional<String> digestOf(Deployment d) {
        return Optional.ofNullable(d.getMetadata().getAnnotations()).map(a -> a.get(DIGEST));
    }

    private static Map<String, String> annotations(Deployment d) {
        if (d.getMetadata().getAnnotations() == null) {
            d.getMetadata().setAnnotations(new HashMap<>());
        }
        return d.getMetadata().getAnnotations();
    }

    private static void annotate(Deployment d, DeploymentRequest request) {
        Map<String, String> a = annotations(d);
        a.put(APPLICATION, request.artifact().application());
        a.put(ENVIRONMENT, request.environment());
        a.put(VERSION, request.artifact().version());
        a.put(DIGEST, request.artifact().digest().value());
        a.put(PROMOTION, request.promotionId());
    }

    private Container container(Deployment d, String name) {
        return d.getSpec().getTemplate().getSpec().getContainers().stream().filter(c -> c.getName().equals(container))
                .findFirst().orElseThrow(() -> new KubernetesCallException("Deployment " + name + " in namespace " + namespace
                        + " has no container named '" + container + "'; its containers are "
                        + d.getSpec().getTemplate().getSpec().getContainers().stream().map(Container::getName)
                        .collect(Collectors.joining(", ")) + ". Fix the target's container name.", 0, null));
    }

    /** repo@sha256:… from a registered OCI reference, else from the running image's repository plus the digest. */
    String image(String current, Artifact artifact) {
        Optional<ImageReference> reference = registered.apply(artifact);
        if (reference.isPresent()) {
            if (!reference.get().digest().equals(artifact.digest())) {
                throw new KubernetesCallException("The registered image " + reference.get() + " does not carry the digest of "
                        + artifact.describe() + "; refusing to deploy an image that is not the artifact.", 0, null);
            }
            return reference.get().pinned();
        }
        return repository(current) + "@" + artifact.digest().value();
    }

    /** "registry:5000/team/shop:1.0@sha256:…" → "registry:5000/team/shop". */
    public static String repository(String image) {
        String repo = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int slash = repo.lastIndexOf('/');
        int colon = repo.lastIndexOf(':');
        return colon > slash ? repo.substring(0, colon) : repo;
    }

    private Deployment require(String name, Deployment d) {
        if (d == null) {
            throw new KubernetesCallException("Deployment " + name + " does not exist in namespace " + namespace
                    + ". Apply its manifest first.", 404, null);
        }
        return d;
    }
}
