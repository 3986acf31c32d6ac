package io.jenkins.plugins.routetolive.engine.ledger.journal.internal;

import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;

import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Hands entries from the thread that reads, checksums and decodes a journal to the thread that applies them
 * to the index, in batches, so the two halves of opening a journal run on two cores. The queue is bounded:
 * a reader that runs ahead waits, so at most {@link #BATCHES} batches of decoded entries are in memory. Once
 * the consumer gives up ({@link #abandon()}), the reader's next {@link #accept} throws and the read stops.
 */
final class EntryHandoff implements JournalReader.Sink {

    static final int BATCH = 1024;
    static final int BATCHES = 16;

    /** Entries with the byte offsets of their records; {@code size < BATCH} only for the last one. */
    static final class Batch {
        final LedgerEntry[] entries = new LedgerEntry[BATCH];
        final long[] offsets = new long[BATCH];
        int size;
    }

    private static final Batch END = new Batch();

    private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(BATCHES);
    private volatile boolean abandoned;
    private Batch filling = new Batch();

    /** Reader side: queues the entry, waiting while the queue is full. */
    @Override
    public void accept(LedgerEntry entry, long offset) {
        filling.entries[filling.size] = entry;
        filling.offsets[filling.size] = offset;
        if (++filling.size == BATCH) {
            put(filling);
            filling = new Batch();
        }
    }

    /** Reader side: queues what is left and marks the end; called once, also when reading failed. */
    void finish() {
        if (filling.size > 0) {
            put(filling);
        }
        put(END);
    }

    private void put(Batch batch) {
        try {
            while (!abandoned) {
                if (queue.offer(batch, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("the journal is no longer being opened; reading stopped");
    }

    /** Consumer side: the next batch, or null after the last one. */
    Batch take() throws InterruptedIOException {
        try {
            Batch batch = queue.take();
            return batch == END ? null : batch;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while opening the journal");
        }
    }

    /** Consumer side: stops the reader and frees what it queued. */
    void abandon() {
        abandoned = true;
        queue.clear();
    }
}
