package io.jenkins.plugins.routetolive.engine.ledger.journal.internal;

import io.jenkins.plugins.routetolive.engine.ledger.journal.JournalCorruptedException;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Reads a journal on two threads: a reader thread reads, checksums and decodes records (with all of
 * {@link JournalReader}'s recovery checks) while the calling thread hands the decoded entries to the sink in
 * file order. Opening a large journal takes about as long as the slower half instead of both. The sink is
 * only ever called on the calling thread.
 */
public final class TwoCoreRead {

    private TwoCoreRead() {
    }

    /** Like {@link JournalReader#read}, with the sink running on the calling thread alongside the reading. */
    public static JournalReader.Result read(JournalReader reader, Path file, long start, long baseSequence,
                                            JournalReader.Sink sink) throws IOException {
        EntryHandoff handoff = new EntryHandoff();
        FutureTask<JournalReader.Result> reading = new FutureTask<>(() -> {
            try {
                return reader.read(start, baseSequence, handoff);
            } finally {
                handoff.finish();
            }
        });
        Thread thread = new Thread(reading, "ledger journal reader for " + file);
        thread.setDaemon(true);
        thread.start();
        try {
            drain(handoff, file, sink);
        } catch (IOException | RuntimeException | Error e) {
            handoff.abandon();
            awaitQuietly(thread);
            throw e;
        }
        return result(reading);
    }

    private static void drain(EntryHandoff handoff, Path file, JournalReader.Sink sink) throws InterruptedIOException {
        for (EntryHandoff.Batch batch = handoff.take(); batch != null; batch = handoff.take()) {
            for (int i = 0; i < batch.size; i++) {
                try {
                    sink.accept(batch.entries[i], batch.offsets[i]);
                } catch (IllegalArgumentException e) {
                    throw new JournalCorruptedException(file, batch.offsets[i], "the record (sequence "
                            + batch.entries[i].sequence() + ") passed its checksum but cannot be applied: " + e.getMessage());
                }
            }
        }
    }

    private static JournalReader.Result result(FutureTask<JournalReader.Result> reading) throws IOException {
        try {
            return reading.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while opening the journal");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IOException(cause);
        }
    }

    /** The reader stops at its next entry once abandoned; wait for it so it no longer uses the channel. */
    private static void awaitQuietly(Thread thread) {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
