package io.jenkins.plugins.routetolive.engine.ledger.journal;

import io.jenkins.plugins.routetolive.engine.ledger.IndexedLedger;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerIndex;
import io.jenkins.plugins.routetolive.engine.ledger.journal.internal.GrowableBuffer;
import io.jenkins.plugins.routetolive.engine.ledger.journal.internal.JournalFile;
import io.jenkins.plugins.routetolive.engine.ledger.journal.internal.JournalReader;
import io.jenkins.plugins.routetolive.engine.ledger.journal.internal.RecordCodec;
import io.jenkins.plugins.routetolive.engine.ledger.journal.internal.RecordLookup;
import io.jenkins.plugins.routetolive.engine.ledger.journal.internal.RetentionPlan;
import io.jenkins.plugins.routetolive.engine.ledger.journal.internal.TwoCoreRead;
import io.jenkins.plugins.routetolive.engine.ledger.journal.internal.WriterLock;
import io.jenkins.plugins.routetolive.engine.message.Sentences;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * A ledger kept in an append-only journal file ({@code journal.rtl}) in a directory, format described in
 * {@code docs/ledger-format.md}. Every record carries its length and a CRC32C; {@link #append} returns only
 * after the record was forced to disk. Concurrent appends share forced writes (group commit): the first
 * appender to reach the disk writes every record queued so far, and only the appenders whose records were
 * forced are woken. The file keeps {@link JournalOptions#preallocateBytes()} of zeros ahead of the last record,
 * so an append overwrites space the file already has and the force need not commit a new file size.
 * Queries are answered from the in-memory index built when the journal is opened.
 */
public final class JournalLedger extends IndexedLedger {

    public static final String JOURNAL = "journal.rtl";

    /**
     * Batches one writer forces in a row while records keep arriving before it hands the role on: keeping it
     * saves a thread wake-up per batch, the bound caps how long the writer's own append is held back.
     */
    private static final int KEPT_BATCHES = 8;

    private final Path file;
    private final RecordLookup lookup;
    private final JournalOptions options;
    private final WriterLock writerLock;
    private final GrowableBuffer batchBuffer = new GrowableBuffer(1 << 16);
    private final ByteBuffer zeros = ByteBuffer.allocateDirect(64 * 1024).asReadOnlyBuffer();
    private ArrayDeque<Pending> queue = new ArrayDeque<>();
    private FileChannel channel;
    private long end;
    /** The file's size: {@link #end} plus the zero-filled space reserved after it. */
    private long allocated;
    private RecoveryReport recovery;
    private IOException failure;
    private boolean closed;
    private boolean writing;
    /** Records in the last forced batch; only the writer reads or writes it. */
    private int lastBatchSize;

    /** One queued append; {@code done} and {@code leads} are read by its parked appender outside the monitor. */
    private static final class Pending {
        final LedgerEntry entry;
        final Thread appender;
        long offset;
        IOException failure;
        volatile boolean leads;
        volatile boolean done;

        Pending(LedgerEntry entry, Thread appender) {
            this.entry = entry;
            this.appender = appender;
        }
    }

    private JournalLedger(Path file, JournalOptions options, WriterLock writerLock, RecordLookup lookup) {
        super(new LedgerIndex(lookup));
        this.lookup = lookup;
        this.file = file;
        this.options = options;
        this.writerLock = writerLock;
    }

    /** Opens (or creates) the journal in the directory with {@link JournalOptions#defaults()}. */
    public static JournalLedger open(Path directory) {
        return open(directory, JournalOptions.defaults());
    }

    /**
     * Opens (or creates) the journal in the directory: takes the writer lock (or throws
     * {@link JournalLockedException} naming the holder), reads every record, cuts off a torn tail (see
     * {@link #recoveryReport()}), throws {@link JournalCorruptedException} for damage in the middle, and
     * applies the retention setting.
     */
    public static JournalLedger open(Path directory, JournalOptions options) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create ledger directory " + directory + ": " + e.getMessage(), e);
        }
        WriterLock lock = WriterLock.acquire(directory, Instant.now());
        Path file = directory.resolve(JOURNAL);
        JournalLedger ledger = new JournalLedger(file, options, lock, new RecordLookup(file));
        try {
            ledger.load();
            return ledger;
        } catch (IOException e) {
            lock.close();
            ledger.closeChannel();
            throw new UncheckedIOException("Cannot open ledger journal " + ledger.file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            lock.close();
            ledger.closeChannel();
            throw e;
        }
    }

    /** What opening the journal found: entries read, a torn tail cut off (with its offset), entries compacted away. */
    public synchronized RecoveryReport recoveryReport() {
        return recovery;
    }

    /** The journal file. */
    public Path journal() {
        return file;
    }

    private void load() throws IOException {
        if (!Files.exists(file)) {
            JournalFile.writeAtomically(file, 0, List.of());
        }
        channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        lookup.use(channel);
        long base = JournalFile.readBase(channel, file);
        boolean compacting = options.retainEntries() != JournalOptions.KEEP_ALL;
        List<LedgerEntry> all = compacting ? new ArrayList<>() : null;
        JournalReader reader = new JournalReader(channel, file, new RecordCodec());
        JournalReader.Result read = compacting ? reader.read(JournalFile.HEADER, 0, (e, offset) -> all.add(e))
                : TwoCoreRead.read(reader, file, JournalFile.HEADER, 0, index::apply);
        if (read.damaged()) {
            channel.truncate(read.validEnd());
            channel.force(true);
        }
        end = read.validEnd();
        allocated = channel.size();
        next = Math.max(base, read.lastSequence()) + 1;
        long dropped = 0;
        Optional<Path> archive = Optional.empty();
        if (compacting) {
            RetentionPlan plan = RetentionPlan.of(all, options.retainEntries());
            if (!plan.dropped().isEmpty()) {
                archive = compact(plan, read.lastSequence());
                dropped = plan.dropped().size();
            }
            TwoCoreRead.read(new JournalReader(channel, file, new RecordCodec()), file, JournalFile.HEADER, 0, index::apply);
        }
        recovery = new RecoveryReport(file, read.records(), read.damaged() ? read.damageOffset() : -1,
                read.damagedBytes(), read.damage(), dropped, archive);
    }

    private Optional<Path> compact(RetentionPlan plan, long lastSequence) throws IOException {
        closeChannel();
        Optional<Path> archive = plan.rewrite(file, lastSequence, options.archiveDropped());
        channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        lookup.use(channel);
        end = channel.size();
        allocated = end;
        return archive;
    }

    /**
     * Appends the entry and returns it with its sequence number once it is forced to disk. The caller whose
     * record is queued when no write is in progress becomes the writer of every record queued so far; the
     * others park until their own record is forced (group commit). After each forced batch the writer wakes
     * exactly that batch's appenders, and writes the next batch itself while records are queued (up to
     * {@link #KEPT_BATCHES} in a row), then hands the role to the oldest queued appender.
     */
    @Override
    public LedgerEntry append(LedgerEntry entry) {
        Pending pending;
        synchronized (this) {
            requireWritable();
            pending = new Pending(entry.withSequence(next++), Thread.currentThread());
            queue.addLast(pending);
            if (!writing) {
                writing = true;
                pending.leads = true;
            }
        }
        boolean interrupted = false;
        while (!pending.done) {
            if (pending.leads) {
                writeBatch(pending);
            } else {
                // An interrupt is remembered, not obeyed, because the record is queued and will be written.
                LockSupport.park(this);
                interrupted |= Thread.interrupted();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (pending.failure != null) {
            throw new UncheckedIOException(Sentences.join("Could not write ledger entry " + pending.entry.sequence() + " to "
                    + file + ": " + pending.failure.getMessage(), "The ledger refuses further appends; check the disk and"
                    + " restart so the journal is reopened."), pending.failure);
        }
        return pending.entry;
    }

    /**
     * Called by the writer: forces the oldest queued records (its own among them, because the role only ever
     * goes to the head of the queue), wakes each batch's appenders, and keeps or hands on the role.
     */
    private void writeBatch(Pending writer) {
        for (int written = 0; ; written++) {
            if (fewerQueuedThan(lastBatchSize)) {
                // The appenders of the batch just forced are waking up and usually append again within
                // microseconds: give them the core once so their records share this force instead of the next.
                // yield() returns at once when no other thread is runnable, so a lone appender never waits.
                Thread.yield();
            }
            List<Pending> batch;
            synchronized (this) {
                batch = new ArrayList<>(Math.min(queue.size(), options.maxBatchRecords()));
                while (!queue.isEmpty() && batch.size() < options.maxBatchRecords()) {
                    batch.add(queue.pollFirst());
                }
            }
            lastBatchSize = batch.size();
            IOException failed = writeAndForce(batch);
            Pending successor;
            boolean keep;
            synchronized (this) {
                finish(batch, failed);
                successor = queue.peekFirst();
                keep = successor != null && written + 1 < KEPT_BATCHES;
                if (successor == null) {
                    writing = false;
                    notifyAll(); // only close() waits on the monitor
                } else if (!keep) {
                    successor.leads = true;
                }
            }
            if (successor != null && !keep) {
                LockSupport.unpark(successor.appender);
            }
            for (Pending p : batch) {
                if (p != writer) {
                    LockSupport.unpark(p.appender);
                }
            }
            if (!keep) {
                return;
            }
        }
    }

    private synchronized boolean fewerQueuedThan(int records) {
        return queue.size() < records;
    }

    /** Called by the one writer, outside the monitor: encodes, writes and forces a batch. */
    private IOException writeAndForce(List<Pending> batch) {
        if (failure != null) {
            return failure;
        }
        try {
            batchBuffer.clear();
            long at = end;
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).offset = at + batchBuffer.size();
                RecordCodec.encode(batch.get(i).entry, i, batchBuffer);
            }
            var bytes = batchBuffer.asByteBuffer();
            while (bytes.hasRemaining()) {
                at += channel.write(bytes, at);
            }
            if (at > allocated) {
                reserveAfter(at);
            }
            channel.force(false);
            end = at;
            return null;
        } catch (IOException e) {
            return e;
        }
    }

    /**
     * Called by the one writer when a batch reached past the reserved space: fills the next
     * {@link JournalOptions#preallocateBytes()} after it with zeros. The batch's own force makes them durable
     * together with the new file size, so later batches overwrite allocated blocks of a file whose size stays put.
     * Where the disk (or a file size limit) refuses the zeros, the journal keeps the zeros it got and goes on:
     * reserving is a speed-up, so a nearly full disk fails an append only when the record itself does not fit.
     */
    private void reserveAfter(long at) {
        long target = at + options.preallocateBytes();
        long pos = at;
        try {
            while (pos < target) {
                ByteBuffer chunk = zeros.duplicate();
                chunk.limit((int) Math.min(chunk.capacity(), target - pos));
                pos += channel.write(chunk, pos);
            }
        } catch (IOException e) {
            // no room for more zeros; the next batch that reaches past them tries again
        }
        allocated = pos;
    }

    /** Called with the monitor held: indexes a forced batch (or fails it) and marks its appends done. */
    private void finish(List<Pending> batch, IOException failed) {
        for (Pending p : batch) {
            if (failed == null) {
                index.apply(p.entry, p.offset);
            } else {
                p.failure = failed;
            }
            p.done = true;
        }
        if (failed != null && failure == null) {
            failure = failed;
            truncateQuietly();
        }
    }

    @Override
    protected void persist(LedgerEntry sequenced) {
        throw new UnsupportedOperationException("JournalLedger writes in append()");
    }

    private void truncateQuietly() {
        try {
            channel.truncate(end);
        } catch (IOException e) {
            // the torn tail is cut off when the journal is next opened
        }
    }

    private void requireWritable() {
        if (closed) {
            throw new IllegalStateException("The ledger journal " + file + " is closed; open it again to append.");
        }
        if (failure != null) {
            throw new UncheckedIOException("The ledger journal " + file + " failed an earlier write (" + failure.getMessage()
                    + ") and refuses appends; check the disk and restart so the journal is reopened.", failure);
        }
    }

    /** Waits for queued appends, closes the journal and releases the writer lock. Closing twice is harmless. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        boolean interrupted = false;
        while (writing || !queue.isEmpty()) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        trimReservedSpace();
        closeChannel();
        writerLock.close();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** A closed journal ends with its last record; only a journal that was not closed carries reserved zeros. */
    private void trimReservedSpace() {
        if (failure != null || allocated <= end) {
            return;
        }
        try {
            channel.truncate(end);
            channel.force(true);
        } catch (IOException e) {
            // the zeros stay; the next open reads them as reserved space
        }
    }

    private void closeChannel() {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            // nothing is buffered: every acknowledged record was already forced
        }
    }
}
