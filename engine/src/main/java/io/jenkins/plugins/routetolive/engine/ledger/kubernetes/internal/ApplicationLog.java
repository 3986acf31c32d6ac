package io.jenkins.plugins.routetolive.engine.ledger.kubernetes.internal;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What this controller has read of one application's log. The log is a run of chunk ConfigMaps; each record is
 * stored under its position (1, 2, 3, … with no gaps, except where retention removed records from sealed chunks).
 * Chunks may arrive in any order and more than once (watch events, a relist after the watch expired, a GET after a
 * conflict, the answer to this controller's own write): a chunk's records are handed out only once every position
 * before its first is accounted for, and each position only once, so nothing is lost or counted twice. Not
 * thread-safe: the ledger guards it.
 */
public final class ApplicationLog {

    /** One record of the log: its position, the entry and the controller that wrote it. */
    public record Record(long position, LedgerEntry entry, String controller) {
    }

    /** Where the next record goes, as far as this controller knows, and how full the newest chunk is. */
    public record Head(ConfigMap chunk, long nextPosition, boolean complete, long bytes) {
    }

    private final String application;
    private final TreeMap<Integer, ConfigMap> waiting = new TreeMap<>();
    private ConfigMap head;
    private long headLast;
    private long headBytes;
    private long appliedThrough;

    public ApplicationLog(String application) {
        this.application = Objects.requireNonNull(application, "application");
    }

    /** Takes a chunk as read; returns the records that became ready, in log order. */
    public List<Record> offer(ConfigMap chunk) {
        int number = LogChunks.number(chunk);
        if (head != null && number == LogChunks.number(head) && java.util.Objects.equals(
                chunk.getMetadata().getResourceVersion(), head.getMetadata().getResourceVersion())) {
            return List.of(); // the version already read (e.g. the watch event of this controller's own write)
        }
        if (head == null || number > LogChunks.number(head) || number == LogChunks.number(head) && !older(chunk, head)) {
            head = chunk;
            headLast = LogChunks.lastPosition(chunk); // once per version read, not once per append
            headBytes = LogChunks.bytes(chunk);
        }
        ConfigMap known = waiting.get(number);
        if (known == null || !older(chunk, known)) {
            waiting.put(number, chunk);
        }
        return drain();
    }

    private List<Record> drain() {
        List<Record> ready = new ArrayList<>();
        Iterator<Map.Entry<Integer, ConfigMap>> chunks = waiting.entrySet().iterator();
        while (chunks.hasNext()) {
            ConfigMap chunk = chunks.next().getValue();
            if (LogChunks.firstPosition(chunk) > appliedThrough + 1) {
                break; // an earlier chunk has not been read yet
            }
            String after = EntryJson.key(appliedThrough);
            TreeMap<String, String> fresh = new TreeMap<>();
            Objects.requireNonNullElse(chunk.getData(), Map.<String, String>of()).forEach((key, json) -> {
                if (key.compareTo(after) > 0) {
                    fresh.put(key, json);
                }
            });
            fresh.forEach((key, json) -> {
                String where = "ConfigMap " + chunk.getMetadata().getName() + " key " + key;
                ready.add(EntryJson.record(key, json, where));
            });
            if (!fresh.isEmpty()) {
                appliedThrough = Long.parseLong(fresh.lastKey());
            }
            long sealedThrough = LogChunks.sealedThrough(chunk);
            if (sealedThrough > 0) {
                appliedThrough = Math.max(appliedThrough, sealedThrough);
                chunks.remove();
            }
        }
        return ready;
    }

    /** The newest chunk read, the position the next record takes, and whether every record before it was read. */
    public Head head() {
        if (head == null) {
            return new Head(null, 1, appliedThrough == 0, 0);
        }
        return new Head(head, headLast + 1, appliedThrough == headLast, headBytes);
    }

    /**
     * The positions missing before the chunks read so far, if any: after a full LIST this means a chunk was deleted
     * (by hand: retention empties chunks, it never deletes them), and the records after the gap cannot be read.
     */
    public java.util.Optional<String> gap() {
        if (waiting.isEmpty()) {
            return java.util.Optional.empty();
        }
        long first = LogChunks.firstPosition(waiting.firstEntry().getValue());
        if (first <= appliedThrough + 1) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("positions " + (appliedThrough + 1) + " to " + (first - 1) + " of the log of "
                + application + " are missing (was chunk ConfigMap " + ResourceNames.logChunk(application,
                LogChunks.number(waiting.firstEntry().getValue()) - 1) + " deleted?), so its records from position "
                + first + " on are not read");
    }

    public String application() {
        return application;
    }

    /** The newest position accounted for (applied, or removed by retention). */
    public long appliedThrough() {
        return appliedThrough;
    }

    /** Whether {@code a} is an older version of the same object than {@code b} (resourceVersions compared as etcd revisions). */
    private static boolean older(ConfigMap a, ConfigMap b) {
        try {
            return Long.parseLong(a.getMetadata().getResourceVersion()) < Long.parseLong(b.getMetadata().getResourceVersion());
        } catch (NumberFormatException | NullPointerException e) {
            return false; // not comparable: take the one read last
        }
    }
}
