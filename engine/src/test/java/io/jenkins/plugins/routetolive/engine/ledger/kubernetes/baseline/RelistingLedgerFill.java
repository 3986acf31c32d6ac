package io.jenkins.plugins.routetolive.engine.ledger.kubernetes.baseline;

import io.jenkins.plugins.routetolive.engine.ledger.kubernetes.internal.ResourceNames;
import io.jenkins.plugins.routetolive.engine.ledger.kubernetes.internal.EntryJson;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a ledger straight into ConfigMaps in the format {@link RelistingKubernetesLedger} writes (shards per application
 * and environment, chunks below {@link RelistingKubernetesLedger#DEFAULT_MAX_CHUNK_BYTES}, the sequence counter), one
 * create per ConfigMap. The benchmark fills the baseline's store this way because appending through the baseline
 * re-lists the whole ledger twice per entry, which takes hours at 100,000 entries.
 */
public final class RelistingLedgerFill {

    private RelistingLedgerFill() {
    }

    /** A ConfigMap to create: one chunk of one application's records in one environment. */
    private static final class Shard {
        final String application;
        final String environment;
        final int chunk;
        final Map<String, String> data = new LinkedHashMap<>();
        long bytes;

        Shard(String application, String environment, int chunk) {
            this.application = application;
            this.environment = environment;
            this.chunk = chunk;
        }
    }

    /**
     * Stores the entries with sequence numbers 1, 2, … in list order, as written by {@code controller}, and sets the
     * sequence counter after the last. Returns the number of ConfigMaps created.
     */
    public static int write(KubernetesClient client, String namespace, List<LedgerEntry> entries, String controller,
                            Clock clock) {
        Map<String, Shard> newest = new HashMap<>();
        List<Shard> shards = new ArrayList<>();
        long sequence = 0;
        for (LedgerEntry entry : entries) {
            LedgerEntry sequenced = entry.withSequence(++sequence);
            String key = EntryJson.key(sequenced.sequence());
            String json = EntryJson.write(sequenced, ResourceNames.controllerIdentity(controller));
            String base = entry.application() + '\u0000' + entry.environment();
            Shard shard = newest.get(base);
            if (shard == null || shard.bytes + key.length() + json.length() > RelistingKubernetesLedger.DEFAULT_MAX_CHUNK_BYTES) {
                shard = new Shard(entry.application(), entry.environment(), shard == null ? 0 : shard.chunk + 1);
                newest.put(base, shard);
                shards.add(shard);
            }
            shard.data.put(key, json);
            shard.bytes += key.length() + json.length();
        }
        for (Shard shard : shards) {
            Map<String, String> labels = ResourceNames.labels(ResourceNames.KIND_LEDGER, shard.application, shard.environment);
            labels.put(ResourceNames.CHUNK_LABEL, String.valueOf(shard.chunk));
            Map<String, String> annotations = ResourceNames.annotations(shard.application, shard.environment);
            annotations.put("routetolive.io/created", clock.instant().toString());
            client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata()
                    .withName(ResourceNames.shard(shard.application, shard.environment, shard.chunk))
                    .withLabels(labels).withAnnotations(annotations).endMetadata().withData(shard.data).build()).create();
        }
        Map<String, String> counterLabels = new HashMap<>();
        counterLabels.put(ResourceNames.MANAGED_BY_LABEL, ResourceNames.MANAGED_BY);
        counterLabels.put(ResourceNames.KIND_LABEL, ConfigMapStore.KIND_SEQUENCE);
        client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata()
                .withName(ConfigMapStore.SEQUENCE_NAME).withLabels(counterLabels).endMetadata()
                .addToData("next", String.valueOf(sequence + 1)).build()).create();
        return shards.size() + 1;
    }
}
