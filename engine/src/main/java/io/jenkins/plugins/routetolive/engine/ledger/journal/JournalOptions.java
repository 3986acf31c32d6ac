package io.jenkins.plugins.routetolive.engine.ledger.journal;

/**
 * How a {@link JournalLedger} keeps its history and batches its writes.
 *
 * @param retainEntries   how many of the newest entries the journal keeps in full when it is opened; older
 *                        entries are dropped unless they define the current or last known good state of an
 *                        environment, a registration, a verification, or belong to a promotion still in flight
 *                        ({@link #KEEP_ALL} keeps everything; compaction runs only when the ledger is opened)
 * @param archiveDropped  whether dropped entries are written to an {@code archive-<first>-<last>.rtl} file in the
 *                        same directory (same format) instead of being discarded
 * @param maxBatchRecords group commit: most records written with one forced write
 */
public record JournalOptions(long retainEntries, boolean archiveDropped, int maxBatchRecords) {

    /** Never compact. */
    public static final long KEEP_ALL = Long.MAX_VALUE;

    public JournalOptions {
        if (retainEntries < 0) {
            throw new IllegalArgumentException("retainEntries must be 0 or more, but was " + retainEntries);
        }
        if (maxBatchRecords < 1 || maxBatchRecords > 1_000_000) {
            throw new IllegalArgumentException("maxBatchRecords must be between 1 and 1000000, but was " + maxBatchRecords);
        }
    }

    /** Keeps everything, archives nothing, and batches up to 4096 records per forced write. */
    public static JournalOptions defaults() {
        return new JournalOptions(KEEP_ALL, true, 4096);
    }

    public JournalOptions withRetainEntries(long entries) {
        return new JournalOptions(entries, archiveDropped, maxBatchRecords);
    }

    public JournalOptions withArchiveDropped(boolean archive) {
        return new JournalOptions(retainEntries, archive, maxBatchRecords);
    }

    public JournalOptions withMaxBatchRecords(int records) {
        return new JournalOptions(retainEntries, archiveDropped, records);
    }
}
