package io.jenkins.plugins.routetolive.engine.cluster.internal;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/** Reads and changes the controllers' presence Leases in one namespace, always with the resourceVersion read. */
public final class PresenceLeases {

    private static final int CONFLICT = 409;
    private static final int MAX_CONFLICTS = 100;

    private final KubernetesClient client;
    private final String namespace;

    /** What to write (null: nothing) and what to answer once written. */
    public record Change<T>(Lease write, T result) {
        public static <T> Change<T> none(T result) {
            return new Change<>(null, result);
        }
    }

    public PresenceLeases(KubernetesClient client, String namespace) {
        this.client = Objects.requireNonNull(client, "client");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
    }

    public Optional<PresenceLease> read(String controller) {
        return Optional.ofNullable(client.leases().inNamespace(namespace).withName(PresenceLease.name(controller)).get())
                .map(PresenceLease::new);
    }

    /**
     * Reads the controller's presence Lease (null when there is none), decides, and writes what was decided: a create
     * when the Lease has no resourceVersion, else an update carrying the one read. On 409 Conflict it reads and decides
     * again, so a decision is only ever written over the state it was made on.
     */
    public <T> T change(String controller, Function<PresenceLease, Change<T>> decide) {
        String name = PresenceLease.name(controller);
        for (int conflicts = 0; conflicts < MAX_CONFLICTS; conflicts++) {
            Lease read = client.leases().inNamespace(namespace).withName(name).get();
            Change<T> change = decide.apply(read == null ? null : new PresenceLease(read));
            if (change.write() == null) {
                return change.result();
            }
            try {
                if (change.write().getMetadata().getResourceVersion() == null) {
                    client.leases().inNamespace(namespace).resource(change.write()).create();
                } else {
                    client.leases().inNamespace(namespace).resource(change.write()).update();
                }
                return change.result();
            } catch (KubernetesClientException e) {
                if (e.getCode() != CONFLICT) {
                    throw new IllegalStateException("Cannot write presence Lease " + name + " in namespace " + namespace
                            + ": the API server answered " + e.getCode() + " (" + e.getMessage() + "). Check that the"
                            + " controller's service account may get, create and update leases there.", e);
                }
            }
        }
        throw new IllegalStateException("Presence Lease " + name + " in namespace " + namespace + " changed "
                + MAX_CONFLICTS + " times in a row (409 Conflict each time) while it was being written. Try again.");
    }
}
