package io.jenkins.plugins.routetolive.engine.ledger.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.ReducedStateItemStore;
import io.jenkins.plugins.routetolive.engine.ledger.IndexedLedger;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerIndex;
import io.jenkins.plugins.routetolive.engine.ledger.kubernetes.internal.ApplicationLog;
import io.jenkins.plugins.routetolive.engine.ledger.kubernetes.internal.ConcurrentWriteCheck;
import io.jenkins.plugins.routetolive.engine.ledger.kubernetes.internal.EntryJson;
import io.jenkins.plugins.routetolive.engine.ledger.kubernetes.internal.LegacyShards;
import io.jenkins.plugins.routetolive.engine.ledger.kubernetes.internal.LogChunks;
import io.jenkins.plugins.routetolive.engine.ledger.kubernetes.internal.LogCompaction;
import io.jenkins.plugins.routetolive.engine.ledger.kubernetes.internal.ResourceNames;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A ledger shared by several Jenkins controllers, kept in ConfigMaps of one namespace: one log per application,
 * a run of chunk ConfigMaps (each below the 1 MiB object limit) holding each record as one JSON line under its
 * position. A record takes its position in the same conditional write that stores it, so every application's
 * history has one order, without gaps, whichever controller wrote it and whenever one died. Each controller keeps
 * an index in memory, current through a shared informer (watch) on the chunks: queries never call the API, a
 * write is visible to its writer at once and to the other controllers with the next watch event. See
 * docs/ledger-kubernetes.md.
 */
public final class KubernetesLedger extends IndexedLedger {

    /** Largest data size a chunk grows to before the next chunk is started (the API limit is 1 MiB per object). */
    public static final int DEFAULT_MAX_CHUNK_BYTES = 900 * 1024;
    /** Conflicting writes tolerated for one append before it fails. */
    static final int MAX_ATTEMPTS = 200;
    private static final int CONFLICT = 409;
    private static final long OPEN_TIMEOUT_SECONDS = 60;

    private final KubernetesClient client;
    private final String namespace;
    private final String controller;
    private final LogChunks chunks;
    private final LogCompaction compaction;
    private final Map<String, ApplicationLog> logs = new HashMap<>();
    /** The controller that requested each promotion (it runs the promotion's build). */
    private final Map<String, String> promotionOwners = new HashMap<>();
    /** The controller that wrote each promotion's newest entry. */
    private final Map<String, String> promotionWriters = new HashMap<>();
    private final Map<String, Object> appendGuards = new ConcurrentHashMap<>();
    private final AtomicLong conflicts = new AtomicLong();
    private final List<String> unreadable = new java.util.ArrayList<>();
    private final SharedIndexInformer<ConfigMap> informer;
    private long highestSequence;

    /** A ledger written by an unnamed controller (a random identity). */
    public KubernetesLedger(KubernetesClient client, String namespace, Clock clock) {
        this(client, namespace, "controller-" + java.util.UUID.randomUUID().toString().substring(0, 8), clock);
    }

    /**
     * A ledger written by the named controller: {@code controller} is stored with every record it writes, so other
     * controllers know whose promotion is in flight (see {@link #controllerOf}).
     */
    public KubernetesLedger(KubernetesClient client, String namespace, String controller, Clock clock) {
        this(client, namespace, controller, clock, DEFAULT_MAX_CHUNK_BYTES);
    }

    /**
     * As the main constructor, with another chunk size (smaller ones for tests of chunking). Reads the whole ledger
     * (one LIST of the legacy shards, one of the logs) and starts watching before it returns.
     */
    public KubernetesLedger(KubernetesClient client, String namespace, String controller, Clock clock, int maxChunkBytes) {
        this.client = Objects.requireNonNull(client, "client");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.controller = ResourceNames.controllerIdentity(controller);
        Objects.requireNonNull(clock, "clock");
        if (maxChunkBytes < 4096 || maxChunkBytes > 1_000_000) {
            throw new IllegalArgumentException("maxChunkBytes must be between 4096 and 1000000, but was " + maxChunkBytes);
        }
        this.chunks = new LogChunks(client, namespace, clock, maxChunkBytes);
        this.compaction = new LogCompaction(client, namespace, maxChunkBytes);
        try {
            synchronized (this) {
                LegacyShards.read(client, namespace).forEach(this::apply);
                chunks.listAll().forEach(this::ingest);
                logs.values().forEach(log -> log.gap().ifPresent(unreadable::add));
            }
            this.informer = watch();
        } catch (KubernetesClientException e) {
            throw new IllegalStateException("Cannot read the Route to Live ledger in namespace " + namespace + ": "
                    + e.getMessage() + ". The controller's service account needs get, list, watch, create and patch on"
                    + " configmaps there (see docs/ledger-kubernetes.md).", e);
        }
    }

    private SharedIndexInformer<ConfigMap> watch() {
        SharedIndexInformer<ConfigMap> watching = client.configMaps().inNamespace(namespace)
                .withLabel(ResourceNames.MANAGED_BY_LABEL, ResourceNames.MANAGED_BY)
                .withLabel(ResourceNames.KIND_LABEL, ResourceNames.KIND_LOG)
                .runnableInformer(0);
        // the informer's own cache keeps names and resourceVersions only: the records are in the index already
        watching.itemStore(new ReducedStateItemStore<>(ReducedStateItemStore.NAME_KEY_STATE, ConfigMap.class,
                client.getKubernetesSerialization()));
        watching.exceptionHandler((started, failure) -> true); // keep re-listing and re-watching, whatever failed
        watching.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ConfigMap chunk) {
                ingestWatched(chunk);
            }

            @Override
            public void onUpdate(ConfigMap before, ConfigMap chunk) {
                ingestWatched(chunk);
            }

            @Override
            public void onDelete(ConfigMap chunk, boolean finalStateUnknown) {
                // retention removed records that are already applied (or deliberately dropped): nothing to do
            }
        });
        try {
            watching.start().toCompletableFuture().get(OPEN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            watching.close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting to watch the ledger in namespace " + namespace, e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            watching.close();
            throw new IllegalStateException("Cannot watch the Route to Live ledger in namespace " + namespace + " ("
                    + e.getMessage() + "). The controller's service account needs list and watch on configmaps there.", e);
        }
        return watching;
    }

    private synchronized void ingestWatched(ConfigMap chunk) {
        if (LogChunks.isChunk(chunk)) { // copies restored from the informer's reduced cache carry no records
            ingest(chunk);
        }
    }

    /** Takes a chunk as read from the API (watch, GET, LIST or a write's answer); call with the monitor held. */
    private void ingest(ConfigMap chunk) {
        String application = LogChunks.application(chunk);
        logs.computeIfAbsent(application, ApplicationLog::new).offer(chunk).forEach(this::apply);
    }

    private void apply(ApplicationLog.Record record) {
        try {
            index.apply(record.entry());
        } catch (RuntimeException e) {
            // one record another writer stored but no index accepts must not stop every controller from reading
            unreadable.add("record " + record.position() + " of " + record.entry().application() + ": " + e.getMessage());
            return;
        }
        highestSequence = Math.max(highestSequence, record.entry().sequence());
        if (!record.entry().promotionId().isEmpty()) {
            promotionOwners.putIfAbsent(record.entry().promotionId(), record.controller());
            promotionWriters.put(record.entry().promotionId(), record.controller());
        }
    }

    /**
     * Appends the entry once the API server stored it in its application's log, at the next position. Its sequence
     * number is one more than the highest this controller has seen, so it orders after everything this controller
     * knew of, in any application. A conflict (another controller wrote the log first) is read and retried.
     */
    @Override
    public LedgerEntry append(LedgerEntry entry) {
        String application = entry.application();
        new LedgerIndex().apply(entry); // refuses what no index would accept before it is stored for every controller
        synchronized (appendGuards.computeIfAbsent(application, k -> new Object())) {
            for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
                ApplicationLog.Head head;
                LedgerEntry sequenced;
                synchronized (this) {
                    ConcurrentWriteCheck.check(index, entry, promotionWriters);
                    head = logs.computeIfAbsent(application, ApplicationLog::new).head();
                    sequenced = entry.withSequence(highestSequence + 1);
                }
                try {
                    if (!head.complete()) {
                        ingestAll(chunks.listOf(application));
                        failOnGap(application);
                        continue;
                    }
                    String json = EntryJson.write(sequenced, controller);
                    if (chunks.full(head, json)) {
                        ingestAll(List.of(chunks.seal(head)));
                        continue;
                    }
                    ingestAll(List.of(chunks.append(application, head, json)));
                    return sequenced;
                } catch (KubernetesClientException e) {
                    if (e.getCode() != CONFLICT) {
                        throw e;
                    }
                    conflicts.incrementAndGet();
                    ingestAll(chunks.readFrom(application, head.chunk() == null ? 0 : LogChunks.number(head.chunk())));
                }
            }
        }
        throw new IllegalStateException("Gave up appending to the ledger of " + application + " in namespace " + namespace
                + " after " + MAX_ATTEMPTS + " conflicting writes by other controllers; the ledger is too busy or something"
                + " rewrites it in a loop. Retry the step; if it persists, check who writes ConfigMaps labelled "
                + ResourceNames.KIND_LABEL + "=" + ResourceNames.KIND_LOG + ".");
    }

    /** After a full read of an application's log: positions still missing will never arrive. */
    private synchronized void failOnGap(String application) {
        Optional<String> gap = logs.get(application).gap();
        if (gap.isPresent()) {
            throw new IllegalStateException("Cannot append to the ledger of " + application + " in namespace " + namespace
                    + ": " + gap.get() + ". Restore the chunk from a backup of the namespace; new records would"
                    + " otherwise be numbered after records no controller can read.");
        }
    }

    private synchronized void ingestAll(List<ConfigMap> read) {
        read.forEach(this::ingest);
    }

    /** The identity of the controller this ledger writes for. */
    public String controller() {
        return controller;
    }

    /**
     * The controller that requested a promotion, whose build runs it; approvals recorded through another controller
     * do not change it. Empty for an unknown promotion or records from before controllers were named.
     */
    public synchronized Optional<String> controllerOf(String promotionId) {
        return Optional.ofNullable(promotionOwners.get(promotionId)).filter(c -> !c.isEmpty());
    }

    /**
     * Compacts every application's log in the namespace by the journal's retention rules: keeps each application's
     * newest {@code retainEntriesPerApplication} records and, older than those, only what defines current and last
     * known good state, registrations, verifications, promotions in flight and delivery metrics. Safe to run from
     * several controllers at once (conflicting rewrites are left to the next run). Readers that already hold the
     * dropped records keep them until they restart, as with the journal.
     */
    public CompactionReport compact(long retainEntriesPerApplication) {
        if (retainEntriesPerApplication < 0) {
            throw new IllegalArgumentException("retainEntriesPerApplication must be 0 or more, but was "
                    + retainEntriesPerApplication);
        }
        return compaction.compact(chunks.listAll(), retainEntriesPerApplication);
    }

    /** Records in the API this ledger could not apply (written by something else, or edited by hand), with why. */
    public synchronized List<String> unreadableRecords() {
        return List.copyOf(unreadable);
    }

    /** How many writes of this ledger met a 409 Conflict (another controller wrote first) and were retried. */
    public long conflictsRetried() {
        return conflicts.get();
    }

    /** Whether the watch is established now (false while it re-lists after an error or expiry). */
    public boolean watching() {
        return informer.isWatching();
    }

    /** Stops watching. Appends and queries still work; other controllers' writes are no longer seen. */
    @Override
    public void close() {
        informer.close();
    }

    @Override
    protected void persist(LedgerEntry sequenced) {
        throw new UnsupportedOperationException("KubernetesLedger writes in append()");
    }
}
