package io.jenkins.plugins.routetolive.engine.ledger.journal.internal;

import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.ledger.journal.JournalCorruptedException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/** The 16-byte file header (magic, format version, sequence floor) and whole-file writes. */
public final class JournalFile {

    public static final int MAGIC = 0x52544C4A; // "RTLJ"
    public static final int VERSION = 1;
    public static final int HEADER = 16;

    private JournalFile() {
    }

    /** Reads the header and returns the sequence floor (the next append gets a sequence above it). */
    public static long readBase(FileChannel channel, Path file) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(HEADER);
        while (header.hasRemaining() && channel.read(header, header.position()) >= 0) {
            // read until full
        }
        if (header.hasRemaining()) {
            throw new JournalCorruptedException(file, 0, "the file is " + header.position()
                    + " bytes long, shorter than its " + HEADER + "-byte header");
        }
        header.flip();
        int magic = header.getInt();
        int version = header.getInt();
        if (magic != MAGIC) {
            throw new JournalCorruptedException(file, 0, "it does not start with the journal magic RTLJ");
        }
        if (version != VERSION) {
            throw new JournalCorruptedException(file, 4, "format version " + version + " is not " + VERSION
                    + "; a newer plugin wrote it");
        }
        return header.getLong();
    }

    /**
     * Writes a complete journal (header and entries) to a temporary file, forces it, and moves it over
     * {@code target} atomically, so a crash leaves either the old or the new file.
     */
    public static void writeAtomically(Path target, long base, List<LedgerEntry> entries) throws IOException {
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            GrowableBuffer buffer = new GrowableBuffer(1 << 20);
            ByteBuffer header = ByteBuffer.allocate(HEADER).putInt(MAGIC).putInt(VERSION).putLong(base).flip();
            writeFully(out, header);
            for (LedgerEntry e : entries) {
                RecordCodec.encode(e, 0, buffer);
                if (buffer.size() > (1 << 20)) {
                    writeFully(out, buffer.asByteBuffer());
                    buffer.clear();
                }
            }
            writeFully(out, buffer.asByteBuffer());
            out.force(true);
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        forceDirectory(target.getParent());
    }

    static void writeFully(FileChannel out, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            out.write(bytes);
        }
    }

    /** Makes a rename durable where the platform allows forcing a directory (Linux, macOS). */
    public static void forceDirectory(Path directory) {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open a directory as a channel; NTFS journals the rename itself.
        }
    }
}
