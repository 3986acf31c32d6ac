/*
 * Baseline for KubernetesLedgerBench only. A copy of
 *   engine/src/main/java/io/jenkins/plugins/routetolive/engine/ledger/kubernetes/internal/ConfigMapStore.java
 * as of commit 26735a7 (names and JSON now from the main internal ResourceNames and EntryJson, unchanged for these): the implementation that re-lists every ledger ConfigMap on each query and append and
 * takes sequence numbers from a shared counter ConfigMap. Kept so the benchmark still compares against it after
 * KubernetesLedger is rewritten. Changed: package, class names, visibility; nothing else. Do not use it elsewhere
 * and do not improve it: it is the yardstick.
 */
package io.jenkins.plugins.routetolive.engine.ledger.kubernetes.baseline;

import io.jenkins.plugins.routetolive.engine.ledger.kubernetes.internal.ResourceNames;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The ledger's ConfigMaps: shards of records per application and environment (split into chunks so none
 * outgrows the 1 MiB object limit) and the shared sequence counter. Every write carries the
 * resourceVersion it read; a 409 conflict means another controller wrote first, so the object is read
 * again and the change reapplied, never overwritten.
 */
final class ConfigMapStore {

    /** The shared counter of the earlier layout. */
    static final String SEQUENCE_NAME = "rtl-ledger-sequence";
    static final String KIND_SEQUENCE = "ledger-sequence";

    /** Conflicts tolerated for one write before giving up (each costs one read and one write). */
    static final int MAX_ATTEMPTS = 200;
    private static final int CONFLICT = 409;

    private final KubernetesClient client;
    private final String namespace;
    private final Clock clock;
    private final int maxChunkBytes;
    private final java.util.concurrent.atomic.AtomicLong conflicts = new java.util.concurrent.atomic.AtomicLong();

    public ConfigMapStore(KubernetesClient client, String namespace, Clock clock, int maxChunkBytes) {
        this.client = client;
        this.namespace = namespace;
        this.clock = clock;
        this.maxChunkBytes = maxChunkBytes;
    }

    /** Every shard of the ledger in the namespace (found by equality label selectors). */
    public List<ConfigMap> shards() {
        return client.configMaps().inNamespace(namespace)
                .withLabel(ResourceNames.MANAGED_BY_LABEL, ResourceNames.MANAGED_BY)
                .withLabel(ResourceNames.KIND_LABEL, ResourceNames.KIND_LEDGER)
                .list().getItems();
    }

    /** Takes the next sequence number from the shared counter; {@code atLeast} seeds a missing or lagging counter. */
    public long nextSequence(long atLeast) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            ConfigMap counter = client.configMaps().inNamespace(namespace).withName(SEQUENCE_NAME).get();
            try {
                if (counter == null) {
                    Map<String, String> labels = new HashMap<>();
                    labels.put(ResourceNames.MANAGED_BY_LABEL, ResourceNames.MANAGED_BY);
                    labels.put(ResourceNames.KIND_LABEL, KIND_SEQUENCE);
                    client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata()
                            .withName(SEQUENCE_NAME).withLabels(labels).endMetadata()
                            .addToData("next", String.valueOf(atLeast + 1)).build()).create();
                    return atLeast;
                }
                long next = Math.max(atLeast, Long.parseLong(counter.getData().getOrDefault("next", "1")));
                counter.getData().put("next", String.valueOf(next + 1));
                client.configMaps().inNamespace(namespace).resource(counter).update();
                return next;
            } catch (KubernetesClientException e) {
                if (e.getCode() != CONFLICT) {
                    throw e;
                }
                conflicts.incrementAndGet();
            }
        }
        throw gaveUp(SEQUENCE_NAME);
    }

    /**
     * Adds one record to the newest chunk of the shard of an application and environment, starting a new
     * chunk when the newest is full. Returns the ConfigMap as written.
     */
    public ConfigMap append(String application, String environment, int fromChunk, String key, String json) {
        int chunk = fromChunk;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            String name = ResourceNames.shard(application, environment, chunk);
            ConfigMap shard = client.configMaps().inNamespace(namespace).withName(name).get();
            try {
                if (shard == null) {
                    return client.configMaps().inNamespace(namespace).resource(newShard(name, application, environment, chunk)
                            .addToData(key, json).build()).create();
                }
                if (bytes(shard) + key.length() + json.length() > maxChunkBytes) {
                    chunk++;
                    continue;
                }
                if (shard.getData() == null) {
                    shard.setData(new HashMap<>());
                }
                shard.getData().put(key, json);
                return client.configMaps().inNamespace(namespace).resource(shard).update();
            } catch (KubernetesClientException e) {
                if (e.getCode() != CONFLICT) {
                    throw e;
                }
                conflicts.incrementAndGet();
            }
        }
        throw gaveUp(ResourceNames.shard(application, environment, chunk));
    }

    /** Writes that met a 409 Conflict and were re-read and retried. */
    public long conflicts() {
        return conflicts.get();
    }

    private ConfigMapBuilder newShard(String name, String application, String environment, int chunk) {
        Map<String, String> labels = ResourceNames.labels(ResourceNames.KIND_LEDGER, application, environment);
        labels.put(ResourceNames.CHUNK_LABEL, String.valueOf(chunk));
        Map<String, String> annotations = ResourceNames.annotations(application, environment);
        annotations.put("routetolive.io/created", clock.instant().toString());
        return new ConfigMapBuilder().withNewMetadata().withName(name).withLabels(labels).withAnnotations(annotations)
                .endMetadata();
    }

    private static long bytes(ConfigMap shard) {
        long total = 0;
        if (shard.getData() != null) {
            for (Map.Entry<String, String> e : shard.getData().entrySet()) {
                total += e.getKey().length() + e.getValue().length();
            }
        }
        return total;
    }

    private IllegalStateException gaveUp(String name) {
        return new IllegalStateException("Gave up writing ConfigMap " + name + " in namespace " + namespace + " after "
                + MAX_ATTEMPTS + " conflicting writes by other controllers; the ledger is too busy or something rewrites"
                + " it in a loop. Retry the step; if it persists, check who writes ConfigMaps labelled "
                + ResourceNames.MANAGED_BY_LABEL + "=" + ResourceNames.MANAGED_BY + ".");
    }
}
