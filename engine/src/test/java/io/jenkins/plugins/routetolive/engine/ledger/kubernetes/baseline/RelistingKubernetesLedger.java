/*
 * Baseline for KubernetesLedgerBench only. A copy of
 *   engine/src/main/java/io/jenkins/plugins/routetolive/engine/ledger/kubernetes/KubernetesLedger.java
 * as of commit 26735a7: the implementation that re-lists every ledger ConfigMap on each query and append and
 * takes sequence numbers from a shared counter ConfigMap. Kept so the benchmark still compares against it after
 * KubernetesLedger is rewritten. Changed: package, class names, visibility; nothing else. Do not use it elsewhere
 * and do not improve it: it is the yardstick.
 */
package io.jenkins.plugins.routetolive.engine.ledger.kubernetes.baseline;

import io.jenkins.plugins.routetolive.engine.ledger.kubernetes.internal.ResourceNames;
import io.jenkins.plugins.routetolive.engine.ledger.kubernetes.internal.EntryJson;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.routetolive.engine.ledger.IndexedLedger;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerIndex;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A ledger shared by several Jenkins controllers, kept in ConfigMaps of one namespace: one shard per
 * application and environment (chunked below the 1 MiB object limit), each record one JSON line under its
 * zero-padded sequence number, labelled so {@code kubectl get configmaps -l routetolive.io/application=shop}
 * finds them. Sequence numbers come from a shared counter ConfigMap. Writes use optimistic concurrency on
 * resourceVersion: a conflict is re-read and retried, never overwritten. Every query and append first
 * re-reads the shards, so each controller sees the others' writes. See docs/ledger-kubernetes.md.
 */
public final class RelistingKubernetesLedger extends IndexedLedger {

    /** Largest data size a chunk grows to before the next chunk is started (the API limit is 1 MiB per object). */
    public static final int DEFAULT_MAX_CHUNK_BYTES = 900 * 1024;

    private final ConfigMapStore store;
    private final String controller;
    private final Map<String, String> promotionWriters = new HashMap<>();
    private final Map<String, Shard> shards = new HashMap<>();
    private long lastSequence;

    private record Shard(String resourceVersion, String application, String environment, int chunk,
                         List<LedgerEntry> entries, Map<Long, String> writers) {
    }

    /** A ledger written by an unnamed controller (a random identity). */
    public RelistingKubernetesLedger(KubernetesClient client, String namespace, Clock clock) {
        this(client, namespace, "controller-" + java.util.UUID.randomUUID().toString().substring(0, 8), clock);
    }

    /**
     * A ledger written by the named controller: {@code controller} is stored with every record it writes, so other
     * controllers know whose promotion is in flight (see {@link #controllerOf}).
     */
    public RelistingKubernetesLedger(KubernetesClient client, String namespace, String controller, Clock clock) {
        this(client, namespace, controller, clock, DEFAULT_MAX_CHUNK_BYTES);
    }

    /** As the main constructor, with a smaller chunk size (for tests of chunking). */
    public RelistingKubernetesLedger(KubernetesClient client, String namespace, String controller, Clock clock, int maxChunkBytes) {
        Objects.requireNonNull(client, "client");
        this.controller = ResourceNames.controllerIdentity(controller);
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(clock, "clock");
        if (maxChunkBytes < 4096 || maxChunkBytes > 1_000_000) {
            throw new IllegalArgumentException("maxChunkBytes must be between 4096 and 1000000, but was " + maxChunkBytes);
        }
        this.store = new ConfigMapStore(client, namespace, clock, maxChunkBytes);
        refresh();
    }

    /** Appends the entry once it is stored in the API server; its sequence number comes from the shared counter. */
    @Override
    public synchronized LedgerEntry append(LedgerEntry entry) {
        refresh();
        LedgerEntry sequenced = entry.withSequence(store.nextSequence(lastSequence + 1));
        int newestChunk = shards.values().stream()
                .filter(s -> s.application().equals(entry.application()) && s.environment().equals(entry.environment()))
                .mapToInt(Shard::chunk).max().orElse(0);
        store.append(entry.application(), entry.environment(), newestChunk, EntryJson.key(sequenced.sequence()),
                EntryJson.write(sequenced, controller));
        refresh();
        return sequenced;
    }

    /** The identity of the controller this ledger writes for. */
    public String controller() {
        return controller;
    }

    /**
     * The controller that wrote the newest entry of a promotion: the one running it, or the one that took it over
     * from a controller that stopped. Empty for an unknown promotion or records from before controllers were named.
     */
    public synchronized java.util.Optional<String> controllerOf(String promotionId) {
        beforeQuery();
        return java.util.Optional.ofNullable(promotionWriters.get(promotionId)).filter(c -> !c.isEmpty());
    }

    /** How many writes of this ledger met a 409 Conflict (another controller wrote first) and were retried. */
    public long conflictsRetried() {
        return store.conflicts();
    }

    /** Re-reads every shard whose resourceVersion changed and rebuilds the index if anything did. */
    private void refresh() {
        List<ConfigMap> listed = store.shards();
        boolean changed = listed.size() != shards.size();
        Map<String, Shard> fresh = new HashMap<>();
        for (ConfigMap cm : listed) {
            String name = cm.getMetadata().getName();
            Shard known = shards.get(name);
            if (known != null && known.resourceVersion().equals(cm.getMetadata().getResourceVersion())) {
                fresh.put(name, known);
            } else {
                fresh.put(name, parse(cm));
                changed = true;
            }
        }
        if (!changed) {
            return;
        }
        shards.clear();
        shards.putAll(fresh);
        List<LedgerEntry> all = new ArrayList<>();
        Map<Long, String> writers = new HashMap<>();
        shards.values().forEach(s -> {
            all.addAll(s.entries());
            writers.putAll(s.writers());
        });
        all.sort(Comparator.comparingLong(LedgerEntry::sequence));
        LedgerIndex rebuilt = new LedgerIndex();
        all.forEach(rebuilt::apply);
        promotionWriters.clear();
        all.forEach(e -> promotionWriters.put(e.promotionId(), writers.getOrDefault(e.sequence(), "")));
        replaceIndex(rebuilt);
        lastSequence = all.isEmpty() ? 0 : all.get(all.size() - 1).sequence();
    }

    private static Shard parse(ConfigMap cm) {
        Map<String, String> annotations = Objects.requireNonNullElse(cm.getMetadata().getAnnotations(), Map.of());
        Map<String, String> labels = Objects.requireNonNullElse(cm.getMetadata().getLabels(), Map.of());
        List<LedgerEntry> entries = new ArrayList<>();
        Map<Long, String> writers = new HashMap<>();
        Objects.requireNonNullElse(cm.getData(), Map.<String, String>of()).forEach((key, json) -> {
            String where = "ConfigMap " + cm.getMetadata().getName() + " key " + key;
            LedgerEntry e = EntryJson.read(json, where);
            entries.add(e);
            writers.put(e.sequence(), EntryJson.controller(json, where));
        });
        int chunk = Integer.parseInt(labels.getOrDefault(ResourceNames.CHUNK_LABEL, "0"));
        return new Shard(cm.getMetadata().getResourceVersion(),
                annotations.getOrDefault(ResourceNames.APPLICATION_ANNOTATION, ""),
                annotations.getOrDefault(ResourceNames.ENVIRONMENT_ANNOTATION, ""), chunk, entries, writers);
    }

    /** Other controllers write too: every query first re-reads the shards that changed. */
    @Override
    protected void beforeQuery() {
        refresh();
    }

    @Override
    protected void persist(LedgerEntry sequenced) {
        throw new UnsupportedOperationException("RelistingKubernetesLedger writes in append()");
    }
}
