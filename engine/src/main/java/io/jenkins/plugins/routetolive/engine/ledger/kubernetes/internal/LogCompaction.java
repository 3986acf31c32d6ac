package io.jenkins.plugins.routetolive.engine.ledger.kubernetes.internal;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.ledger.kubernetes.CompactionReport;
import io.jenkins.plugins.routetolive.engine.ledger.journal.internal.RetentionPlan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Retention for the applications' logs, by the journal's rules ({@link RetentionPlan}): the newest records of each
 * application are kept, and older ones only when they define current or last known good state, a registration, a
 * verification, a promotion in flight or a delivery metric. Only sealed chunks change: a run of them is rewritten
 * as its first chunk holding the records kept, and the others are emptied (not deleted, so a chunk's name is never
 * taken again by a controller that has not yet seen the compaction). Every write carries the resourceVersion read;
 * a conflict (another controller compacting at the same time) leaves that run for the next compaction.
 */
public final class LogCompaction {

    private final KubernetesClient client;
    private final String namespace;
    private final int maxChunkBytes;

    public LogCompaction(KubernetesClient client, String namespace, int maxChunkBytes) {
        this.client = client;
        this.namespace = namespace;
        this.maxChunkBytes = maxChunkBytes;
    }

    /** Compacts every application's log, keeping at least its newest {@code retainEntries} records. */
    public CompactionReport compact(List<ConfigMap> allChunks, long retainEntries) {
        Map<String, List<ConfigMap>> byApplication = allChunks.stream().filter(LogChunks::isChunk)
                .collect(Collectors.groupingBy(LogChunks::application, LinkedHashMap::new, Collectors.toList()));
        long dropped = 0;
        int emptied = 0;
        for (List<ConfigMap> chunks : byApplication.values()) {
            chunks.sort(Comparator.comparingInt(LogChunks::number));
            Set<Long> kept = keptPositions(chunks, retainEntries);
            for (List<ConfigMap> run : runs(chunks, kept)) {
                long before = run.stream().mapToLong(c -> records(c).size()).sum();
                if (rewrite(run, kept)) {
                    dropped += before - run.stream().mapToLong(c -> records(c).keySet().stream().filter(kept::contains).count()).sum();
                    emptied += run.size() - 1;
                }
            }
        }
        return new CompactionReport(byApplication.size(), dropped, emptied);
    }

    private static Set<Long> keptPositions(List<ConfigMap> chunks, long retainEntries) {
        TreeMap<Long, LedgerEntry> byPosition = new TreeMap<>();
        chunks.forEach(c -> records(c).forEach((position, json) -> byPosition.computeIfAbsent(position,
                p -> EntryJson.read(json, "ConfigMap " + c.getMetadata().getName() + " key " + p))));
        Map<Long, Long> positionOfSequence = new HashMap<>();
        byPosition.forEach((position, e) -> positionOfSequence.put(e.sequence(), position));
        Set<Long> kept = new HashSet<>();
        RetentionPlan.of(new ArrayList<>(byPosition.values()), retainEntries).kept()
                .forEach(e -> kept.add(positionOfSequence.get(e.sequence())));
        return kept;
    }

    /** Consecutive sealed chunks whose kept records fit in one chunk, where compacting them changes something. */
    private List<List<ConfigMap>> runs(List<ConfigMap> chunks, Set<Long> kept) {
        List<List<ConfigMap>> runs = new ArrayList<>();
        List<ConfigMap> run = new ArrayList<>();
        long bytes = 0;
        for (ConfigMap chunk : chunks) {
            long size = keptBytes(chunk, kept);
            if (LogChunks.sealedThrough(chunk) == 0 || !run.isEmpty() && bytes + size > maxChunkBytes) {
                addIfWorthIt(runs, run, kept);
                run = new ArrayList<>();
                bytes = 0;
            }
            if (LogChunks.sealedThrough(chunk) > 0) {
                run.add(chunk);
                bytes += size;
            }
        }
        addIfWorthIt(runs, run, kept);
        return runs;
    }

    private static void addIfWorthIt(List<List<ConfigMap>> runs, List<ConfigMap> run, Set<Long> kept) {
        boolean drops = run.stream().anyMatch(c -> records(c).keySet().stream().anyMatch(p -> !kept.contains(p)));
        if (drops) {
            runs.add(run);
        }
    }

    private boolean rewrite(List<ConfigMap> run, Set<Long> kept) {
        ConfigMap first = run.get(0);
        Map<String, String> data = new TreeMap<>();
        run.forEach(c -> records(c).forEach((position, json) -> {
            if (kept.contains(position)) {
                data.put(EntryJson.key(position), json);
            }
        }));
        long through = LogChunks.sealedThrough(run.get(run.size() - 1));
        try {
            write(first, data, through);
            for (ConfigMap later : run.subList(1, run.size())) {
                write(later, Map.of(), LogChunks.sealedThrough(later));
            }
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409 || e.getCode() == 404) {
                return false; // another controller compacted it first
            }
            throw e;
        }
    }

    private void write(ConfigMap chunk, Map<String, String> data, long sealedThrough) {
        ConfigMap changed = new ConfigMapBuilder(chunk).withData(data).editMetadata()
                .addToAnnotations(ResourceNames.SEALED_THROUGH_ANNOTATION, String.valueOf(sealedThrough)).endMetadata().build();
        client.configMaps().inNamespace(namespace).resource(changed).update();
    }

    private static long keptBytes(ConfigMap chunk, Set<Long> kept) {
        long total = 0;
        for (Map.Entry<Long, String> r : records(chunk).entrySet()) {
            if (kept.contains(r.getKey())) {
                total += EntryJson.key(r.getKey()).length() + r.getValue().length();
            }
        }
        return total;
    }

    private static Map<Long, String> records(ConfigMap chunk) {
        Map<Long, String> records = new TreeMap<>();
        Objects.requireNonNullElse(chunk.getData(), Map.<String, String>of())
                .forEach((key, json) -> records.put(Long.parseLong(key), json));
        return records;
    }
}
