package io.jenkins.plugins.routetolive.engine.ledger.journal;

/**
 * How a {@link JournalLedger} keeps its history, batches its writes and reserves space for them.
 *
 * @param retainEntries   how many of the newest entries the journal keeps in full when it is opened; older
 *                        entries are dropped unless they define the current or last known good state of an
 *                        environment, a registration, a verification, belong to a promotion still in flight, or
 *                        are read by the delivery metrics (failures, rollbacks, resolutions; see docs/metrics.md)
 *                        ({@link #KEEP_ALL} keeps everything; compaction runs only when the ledger is opened)
 * @param archiveDropped  whether dropped entries are written to an {@code archive-<first>-<last>.rtl} file in the
 *                        same directory (same format) instead of being discarded
 * @param maxBatchRecords group commit: most records written with one forced write
 * @param preallocateBytes how far past the last record the file is filled with zeros ahead of time, so that a
 *                        forced append writes into space the file already has and its size does not change
 *                        (the force then needs no file-system metadata commit); {@code 0} appends at the end
 *                        of the file. The zeros are cut off again when the ledger is closed.
 */
public record JournalOptions(long retainEntries, boolean archiveDropped, int maxBatchRecords, int preallocateBytes) {

    /** Never compact. */
    public static final long KEEP_ALL = Long.MAX_VALUE;

    /** Largest {@link #preallocateBytes}: recovery reads a zero-filled tail of this size in one go. */
    public static final int MAX_PREALLOCATE_BYTES = 16 * 1024 * 1024;

    public JournalOptions {
        if (retainEntries < 0) {
            throw new IllegalArgumentException("retainEntries must be 0 or more, but was " + retainEntries);
        }
        if (maxBatchRecords < 1 || maxBatchRecords > 1_000_000) {
            throw new IllegalArgumentException("maxBatchRecords must be between 1 and 1000000, but was " + maxBatchRecords);
        }
        if (preallocateBytes < 0 || preallocateBytes > MAX_PREALLOCATE_BYTES) {
            throw new IllegalArgumentException("preallocateBytes must be between 0 and " + MAX_PREALLOCATE_BYTES
                    + ", but was " + preallocateBytes);
        }
    }

    /**
     * Keeps everything, archives what retention would drop, batches up to 4096 records per forced write, and
     * keeps 4 MiB of zero-filled space ahead of the last record.
     */
    public static JournalOptions defaults() {
        return new JournalOptions(KEEP_ALL, true, 4096, 4 * 1024 * 1024);
    }

    public JournalOptions withRetainEntries(long entries) {
        return new JournalOptions(entries, archiveDropped, maxBatchRecords, preallocateBytes);
    }

    public JournalOptions withArchiveDropped(boolean archive) {
        return new JournalOptions(retainEntries, archive, maxBatchRecords, preallocateBytes);
    }

    public JournalOptions withMaxBatchRecords(int records) {
        return new JournalOptions(retainEntries, archiveDropped, records, preallocateBytes);
    }

    public JournalOptions withPreallocateBytes(int bytes) {
        return new JournalOptions(retainEntries, archiveDropped, maxBatchRecords, bytes);
    }
}
