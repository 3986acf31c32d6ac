package io.jenkins.plugins.routetolive.engine.ledger.journal.internal;

import io.jenkins.plugins.routetolive.engine.ledger.journal.JournalLockedException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The exclusive right to write one journal directory: an OS file lock on {@code ledger.lock}, whose text
 * names the holder (pid, host, time) for whoever is refused. The OS drops the lock when the process dies.
 */
public final class WriterLock implements AutoCloseable {

    public static final String FILE = "ledger.lock";
    /** The locked byte lies past the holder text, so readers on every platform can still read the text. */
    private static final long LOCK_POSITION = Long.MAX_VALUE - 1;

    private final FileChannel channel;
    private final FileLock lock;

    private WriterLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    public static WriterLock acquire(Path directory, Instant now) {
        Path file = directory.resolve(FILE);
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock(LOCK_POSITION, 1, false);
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                String holder = readHolder(channel);
                channel.close();
                throw new JournalLockedException("Ledger directory " + directory + " is already open for writing by "
                        + (holder.isEmpty() ? "another process" : holder) + ". Only one Jenkins controller may write a"
                        + " journal ledger; stop the other one (or close the other ledger), or give this one its own"
                        + " directory. Use the Kubernetes ledger to share a ledger between controllers.");
            }
            String holder = "pid " + ProcessHandle.current().pid() + " on host " + host() + " since " + now;
            channel.truncate(0);
            ByteBuffer text = ByteBuffer.wrap((holder + "\n").getBytes(StandardCharsets.UTF_8));
            while (text.hasRemaining()) {
                channel.write(text, text.position());
            }
            channel.force(false);
            return new WriterLock(channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot lock ledger directory " + directory + " for writing: " + e.getMessage(), e);
        }
    }

    private static String readHolder(FileChannel channel) throws IOException {
        ByteBuffer text = ByteBuffer.allocate(512);
        channel.read(text, 0);
        return new String(text.array(), 0, text.position(), StandardCharsets.UTF_8).trim();
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // closing the channel releases the lock in any case
        }
    }
}
