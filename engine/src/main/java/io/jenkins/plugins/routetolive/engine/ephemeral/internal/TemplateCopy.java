package io.jenkins.plugins.routetolive.engine.ephemeral.internal;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.jenkins.plugins.routetolive.engine.ephemeral.EphemeralTemplate;
import io.jenkins.plugins.routetolive.engine.kubernetes.KubernetesCallException;
import io.jenkins.plugins.routetolive.engine.kubernetes.KubernetesDeployer;
import io.jenkins.plugins.routetolive.engine.kubernetes.internal.KubernetesCalls;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Copies the template's Deployment and Service into an ephemeral namespace, where they are missing (a namespace
 * reused by a later build keeps its copies). A copy has the template's labels and spec; of its metadata only
 * annotations that describe the object are kept (not {@code kubectl.kubernetes.io/}, {@code deployment.kubernetes.io/}
 * or {@code routetolive.io/} ones), and {@code routetolive.io/copied-from} names the template. Nothing the cluster
 * assigned is copied: no status, uid, resourceVersion or owner references, and for a Service no cluster IPs, node
 * ports, external IPs or load-balancer IP.
 */
public final class TemplateCopy {

    private final KubernetesClient client;
    private final KubernetesCalls calls;

    public TemplateCopy(KubernetesClient client, KubernetesCalls calls) {
        this.client = Objects.requireNonNull(client, "client");
        this.calls = Objects.requireNonNull(calls, "calls");
    }

    /** Copies what is missing; the Service in the ephemeral namespace, if the template has one. */
    public CompletableFuture<Optional<Service>> copy(EphemeralTemplate template, String namespace, Instant deadline) {
        return copyDeployment(template, namespace, deadline).thenCompose(d -> template.service().isEmpty()
                ? CompletableFuture.completedFuture(Optional.empty()) : copyService(template, namespace, deadline));
    }

    private CompletableFuture<Deployment> copyDeployment(EphemeralTemplate template, String namespace, Instant deadline) {
        String name = template.source().deployment();
        String from = template.source().namespace();
        return calls.call("get", "deployments.apps", name, namespace, deadline,
                () -> Optional.ofNullable(client.apps().deployments().inNamespace(namespace).withName(name).get()))
                .thenCompose(existing -> existing.isPresent() ? CompletableFuture.completedFuture(existing.get())
                        : calls.call("get", "deployments.apps", name, from, deadline, () -> {
                            Deployment source = client.apps().deployments().inNamespace(from).withName(name).get();
                            if (source == null) {
                                throw new KubernetesCallException("Deployment " + name + " does not exist in namespace " + from
                                        + ", the template of ephemeral environments (environment " + template.environment()
                                        + "). Apply it there, or name the template's Deployment with deploymentName.", 404, null);
                            }
                            return source;
                        }).thenCompose(source -> calls.call("create", "deployments.apps", name, namespace, deadline,
                                () -> createOrKeep(() -> client.apps().deployments().inNamespace(namespace)
                                        .resource(deployment(source, namespace)).create(),
                                        () -> client.apps().deployments().inNamespace(namespace).withName(name).get()))));
    }

    private CompletableFuture<Optional<Service>> copyService(EphemeralTemplate template, String namespace, Instant deadline) {
        String name = template.service();
        String from = template.source().namespace();
        return calls.call("get", "services", name, namespace, deadline,
                () -> Optional.ofNullable(client.services().inNamespace(namespace).withName(name).get()))
                .thenCompose(existing -> existing.isPresent() ? CompletableFuture.completedFuture(existing)
                        : calls.call("get", "services", name, from, deadline,
                                () -> Optional.ofNullable(client.services().inNamespace(from).withName(name).get()))
                        .thenCompose(source -> source.isEmpty() ? CompletableFuture.completedFuture(Optional.<Service>empty())
                                : calls.call("create", "services", name, namespace, deadline, () -> Optional.of(createOrKeep(
                                        () -> client.services().inNamespace(namespace).resource(service(source.get(), namespace))
                                                .create(),
                                        () -> client.services().inNamespace(namespace).withName(name).get())))));
    }

    /** A copy made meanwhile (by an attempt whose answer was lost, or a build of the same branch) is kept. */
    private static <T> T createOrKeep(Supplier<T> create, Supplier<T> existing) {
        try {
            return create.get();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return existing.get();
            }
            throw e;
        }
    }

    /** The template Deployment as it is to be created in the namespace. */
    public static Deployment deployment(Deployment source, String namespace) {
        Deployment copy = new DeploymentBuilder(source).build();
        copy.setMetadata(metadata(source.getMetadata(), namespace));
        copy.setStatus(null);
        return copy;
    }

    /** The template Service as it is to be created in the namespace, without what the cluster assigned. */
    public static Service service(Service source, String namespace) {
        Service copy = new ServiceBuilder(source).build();
        copy.setMetadata(metadata(source.getMetadata(), namespace));
        copy.setStatus(null);
        if (copy.getSpec() != null) {
            copy.getSpec().setClusterIP(null);
            copy.getSpec().setClusterIPs(null);
            copy.getSpec().setExternalIPs(null);
            copy.getSpec().setLoadBalancerIP(null);
            copy.getSpec().setHealthCheckNodePort(null);
            if (copy.getSpec().getPorts() != null) {
                copy.getSpec().getPorts().forEach(p -> p.setNodePort(null));
            }
        }
        return copy;
    }

    private static ObjectMeta metadata(ObjectMeta source, String namespace) {
        Map<String, String> annotations = new HashMap<>();
        if (source.getAnnotations() != null) {
            source.getAnnotations().forEach((k, v) -> {
                if (!k.startsWith("kubectl.kubernetes.io/") && !k.startsWith("deployment.kubernetes.io/")
                        && !k.startsWith("routetolive.io/")) {
                    annotations.put(k, v);
                }
            });
        }
        annotations.put(KubernetesDeployer.COPIED_FROM_ANNOTATION, source.getNamespace() + "/" + source.getName());
        return new ObjectMetaBuilder().withName(source.getName()).withNamespace(namespace)
                .withLabels(source.getLabels() == null ? Map.of() : new HashMap<>(source.getLabels()))
                .withAnnotations(annotations).build();
    }

    /** The Service's address inside the cluster: {@code http://<service>.<namespace>.svc.cluster.local[:port]}. */
    public static String inClusterUrl(Service service) {
        Integer port = service.getSpec() == null || service.getSpec().getPorts() == null || service.getSpec().getPorts().isEmpty()
                ? null : service.getSpec().getPorts().stream().findFirst().map(ServicePort::getPort).orElse(null);
        return "http://" + service.getMetadata().getName() + "." + service.getMetadata().getNamespace() + ".svc.cluster.local"
                + (port == null || port == 80 ? "" : ":" + port);
    }
}
