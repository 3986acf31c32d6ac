package io.jenkins.plugins.routetolive.engine.ledger.kubernetes.internal;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The ledger as releases before the per-application log wrote it: shards per application and environment with
 * globally sequenced records. Read once when a ledger opens, never written again, so history kept that way stays
 * visible after an upgrade; new records go to the applications' logs, numbered after the newest of these.
 */
public final class LegacyShards {

    private LegacyShards() {
    }

    /** Every record of the legacy shards in the namespace, in sequence order (one LIST). */
    public static List<ApplicationLog.Record> read(KubernetesClient client, String namespace) {
        List<ApplicationLog.Record> records = new ArrayList<>();
        for (ConfigMap shard : client.configMaps().inNamespace(namespace)
                .withLabel(ResourceNames.MANAGED_BY_LABEL, ResourceNames.MANAGED_BY)
                .withLabel(ResourceNames.KIND_LABEL, ResourceNames.KIND_LEDGER).list().getItems()) {
            Objects.requireNonNullElse(shard.getData(), Map.<String, String>of()).forEach((key, json) -> {
                String where = "ConfigMap " + shard.getMetadata().getName() + " key " + key;
                records.add(EntryJson.record(key, json, where));
            });
        }
        records.sort(Comparator.comparingLong(r -> r.entry().sequence()));
        return records;
    }
}
