package io.jenkins.plugins.routetolive.engine.ephemeral.internal;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.jenkins.plugins.routetolive.engine.ephemeral.EphemeralNames;
import io.jenkins.plugins.routetolive.engine.ephemeral.EphemeralOwner;
import io.jenkins.plugins.routetolive.engine.ephemeral.EphemeralRefusedException;
import io.jenkins.plugins.routetolive.engine.kubernetes.KubernetesCallException;
import io.jenkins.plugins.routetolive.engine.kubernetes.KubernetesNames;
import io.jenkins.plugins.routetolive.engine.kubernetes.internal.KubernetesCalls;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The namespace of an ephemeral environment: made with its labels and annotations, reused (its expiry extended)
 * by later deployments of the same owner, and deleted at teardown. A namespace that does not carry the owner's
 * annotations is never taken over or deleted. Every call goes through {@link KubernetesCalls}, so a missing
 * permission is refused naming the verb, the resource and where to grant it.
 */
public final class NamespaceClaim {

    /** What a teardown found. */
    public enum Removal { DELETED, ALREADY_GONE, NOT_OURS }

    private static final String RESOURCE = "namespaces";

    private final KubernetesClient client;
    private final KubernetesCalls calls;

    public NamespaceClaim(KubernetesClient client, KubernetesCalls calls) {
        this.client = Objects.requireNonNull(client, "client");
        this.calls = Objects.requireNonNull(calls, "calls");
    }

    /**
     * Takes the first candidate that does not exist (creating it) or already belongs to the owner (extending its
     * expiry); a candidate that belongs to something else is passed over. Fails when every candidate is taken.
     */
    public CompletableFuture<String> claim(EphemeralOwner owner, List<String> candidates, Instant expires, String template,
                                           Instant deadline) {
        return claim(owner, candidates, 0, expires, template, deadline, true);
    }

    private CompletableFuture<String> claim(EphemeralOwner owner, List<String> candidates, int i, Instant expires,
                                            String template, Instant deadline, boolean mayRace) {
        String name = candidates.get(i);
        return find(name, deadline).thenCompose(found -> {
            if (found.isEmpty()) {
                return create(owner, name, expires, template, deadline).thenCompose(created -> created || !mayRace
                        ? CompletableFuture.completedFuture(name)
                        // made by someone else between our read and our create: look at it again
                        : claim(owner, candidates, i, expires, template, deadline, false));
            }
            if (owns(found.get(), owner)) {
                return extend(name, expires, deadline).thenApply(ns -> name);
            }
            if (i + 1 < candidates.size()) {
                return claim(owner, candidates, i + 1, expires, template, deadline, true);
            }
            return CompletableFuture.failedFuture(new EphemeralRefusedException("Namespaces " + String.join(" and ", candidates)
                    + " exist and do not belong to " + owner.describe() + "; Route to Live never takes over a namespace it "
                    + "did not make for this job. Delete or rename them, or build from another branch name."));
        });
    }

    private CompletableFuture<Optional<Namespace>> find(String name, Instant deadline) {
        return calls.call("get", RESOURCE, name, "", deadline, () -> Optional.ofNullable(client.namespaces().withName(name).get()));
    }

    /** True when made; false when one of that name appeared meanwhile. */
    private CompletableFuture<Boolean> create(EphemeralOwner owner, String name, Instant expires, String template,
                                              Instant deadline) {
        Namespace ns = new NamespaceBuilder().withNewMetadata().withName(name).withLabels(labels(owner))
                .withAnnotations(annotations(owner, expires, template)).endMetadata().build();
        return calls.call("create", RESOURCE, name, "", deadline, () -> {
            try {
                client.namespaces().resource(ns).create();
                return true;
            } catch (KubernetesClientException e) {
                if (e.getCode() == 409) {
                    return false;
                }
                throw e;
            }
        });
    }

    private CompletableFuture<Namespace> extend(String name, Instant expires, Instant deadline) {
        return calls.call("update", RESOURCE, name, "", deadline, () -> {
            Namespace ns = client.namespaces().withName(name).get();
            if (ns == null || ns.getMetadata().getDeletionTimestamp() != null) {
                throw new KubernetesCallException("Namespace " + name + " is being deleted (its ephemeral environment was "
                        + "torn down); build again once Kubernetes has removed it, usually within a minute.", 409, null);
            }
            ns.getMetadata().getAnnotations().put(EphemeralNames.EXPIRES_AT, expires.toString());
            return client.namespaces().resource(ns).update();
        });
    }

    /** Deletes the owner's namespace; one that is gone, or belongs to something else now, is left as it is. */
    public CompletableFuture<Removal> delete(String name, EphemeralOwner owner, Instant deadline) {
        return find(name, deadline).thenCompose(found -> {
            if (found.isEmpty()) {
                return CompletableFuture.completedFuture(Removal.ALREADY_GONE);
            }
            if (!owns(found.get(), owner)) {
                return CompletableFuture.completedFuture(Removal.NOT_OURS);
            }
            return calls.call("delete", RESOURCE, name, "", deadline, () -> {
                client.namespaces().withName(name).delete();
                return Removal.DELETED;
            });
        });
    }

    static boolean owns(Namespace ns, EphemeralOwner owner) {
        Map<String, String> labels = ns.getMetadata().getLabels();
        Map<String, String> annotations = ns.getMetadata().getAnnotations();
        return labels != null && annotations != null && "true".equals(labels.get(EphemeralNames.EPHEMERAL))
                && owner.application().equals(annotations.get(EphemeralNames.APPLICATION_KEY))
                && owner.job().equals(annotations.get(EphemeralNames.JOB_KEY));
    }

    static Map<String, String> labels(EphemeralOwner owner) {
        Map<String, String> labels = new HashMap<>();
        labels.put(EphemeralNames.EPHEMERAL, "true");
        labels.put(EphemeralNames.MANAGED_BY, "route-to-live");
        labels.put(EphemeralNames.APPLICATION_KEY, KubernetesNames.labelValue(owner.application()));
        labels.put(EphemeralNames.JOB_KEY, KubernetesNames.labelValue(owner.job()));
        labels.put(EphemeralNames.BRANCH_KEY, KubernetesNames.labelValue(owner.branch()));
        return labels;
    }

    static Map<String, String> annotations(EphemeralOwner owner, Instant expires, String template) {
        Map<String, String> annotations = new HashMap<>();
        annotations.put(EphemeralNames.APPLICATION_KEY, owner.application());
        annotations.put(EphemeralNames.JOB_KEY, owner.job());
        annotations.put(EphemeralNames.BRANCH_KEY, owner.branch());
        annotations.put(EphemeralNames.EXPIRES_AT, expires.toString());
        annotations.put(EphemeralNames.TEMPLATE, template);
        return annotations;
    }
}
