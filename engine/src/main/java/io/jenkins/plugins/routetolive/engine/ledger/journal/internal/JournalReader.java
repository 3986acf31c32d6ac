package io.jenkins.plugins.routetolive.engine.ledger.journal.internal;

import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.ledger.journal.JournalCorruptedException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a journal from its first record to its end, handing each valid entry to a consumer in file order.
 * Where no further record can be read, decides whether the rest is preallocated space (only zeros: the clean
 * end), a torn tail (only records of the last, never acknowledged, write follow) or corruption (a record of a
 * later write follows, so a forced and acknowledged record was damaged), and throws
 * {@link JournalCorruptedException} for the latter.
 */
public final class JournalReader {

    /** How far past a damaged record the reader looks for valid records before calling it corruption. */
    static final int SCAN_LIMIT = 64 * 1024 * 1024;

    private final FileChannel channel;
    private final Path file;
    private final long fileSize;
    private final RecordCodec codec;
    private byte[] buf = new byte[1 << 20];
    private long bufStart;
    private int bufLength;

    /** Receives each valid entry with the byte offset of its record. */
    @FunctionalInterface
    public interface Sink {
        void accept(LedgerEntry entry, long offset);
    }

    /**
     * What a read found: where valid data ends, and what (if anything) was unreadable after it; {@code damagedBytes}
     * counts from {@code damageOffset} to the last byte that is not zero (preallocated zeros after it are not damage).
     */
    public record Result(long validEnd, long lastSequence, long records, long damageOffset, long damagedBytes,
                         String damage) {
        public boolean damaged() {
            return damageOffset >= 0;
        }
    }

    public JournalReader(FileChannel channel, Path file, RecordCodec codec) throws IOException {
        this.channel = channel;
        this.file = file;
        this.fileSize = channel.size();
        this.codec = codec;
    }

    /** Reads records from {@code start}; sequences must exceed {@code baseSequence} and increase. */
    public Result read(long start, long baseSequence, Sink sink) throws IOException {
        long pos = start;
        long last = baseSequence;
        long records = 0;
        bufStart = start;
        bufLength = 0;
        while (pos < fileSize) {
            String damage = null;
            if (fileSize - pos < RecordCodec.HEADER) {
                damage = "only " + (fileSize - pos) + " bytes remain, fewer than a record header";
            } else {
                int off = window(pos, RecordCodec.HEADER);
                int length = RecordCodec.readInt(buf, off);
                int crc = RecordCodec.readInt(buf, off + 4);
                if (length < RecordCodec.MIN_PAYLOAD || length > RecordCodec.MAX_PAYLOAD
                        || pos + RecordCodec.HEADER + length > fileSize) {
                    damage = "record length " + length + " is impossible here (" + (fileSize - pos) + " bytes remain)";
                } else {
                    off = window(pos, RecordCodec.HEADER + length);
                    int payload = off + RecordCodec.HEADER;
                    if (!RecordCodec.checksumMatches(buf, payload, length, crc)) {
                        damage = "checksum mismatch";
                    } else if (RecordCodec.sequence(buf, payload) <= last) {
                        damage = "sequence " + RecordCodec.sequence(buf, payload) + " does not follow " + last;
                    } else {
                        try {
                            LedgerEntry entry = codec.decode(buf, payload, length);
                            sink.accept(entry, pos);
                            last = entry.sequence();
                            records++;
                            pos += RecordCodec.HEADER + length;
                            continue;
                        } catch (IllegalArgumentException e) {
                            damage = "unreadable content: " + e.getMessage();
                        }
                    }
                }
            }
            if (onlyZerosFrom(pos)) {
                return new Result(pos, last, records, -1, 0, "");
            }
            long damaged = requireTornTail(pos, last + 1, damage);
            return new Result(pos, last, records, pos, damaged, damage);
        }
        return new Result(pos, last, records, -1, 0, "");
    }

    /** Whether every byte from {@code pos} to the end of the file is zero: space preallocated for appends. */
    private boolean onlyZerosFrom(long pos) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
        for (long at = pos; at < fileSize; ) {
            chunk.clear();
            int read = channel.read(chunk, at);
            if (read < 0) {
                break;
            }
            byte[] bytes = chunk.array();
            for (int i = 0; i < read; i++) {
                if (bytes[i] != 0) {
                    return false;
                }
            }
            at += read;
        }
        return true;
    }

    /** Makes {@code n} bytes from file position {@code pos} available in {@link #buf}; returns their offset. */
    private int window(long pos, int n) throws IOException {
        if (pos >= bufStart && pos + n <= bufStart + bufLength) {
            return (int) (pos - bufStart);
        }
        if (buf.length < n) {
            buf = Arrays.copyOf(buf, n);
        }
        bufStart = pos;
        bufLength = 0;
        ByteBuffer target = ByteBuffer.wrap(buf);
        while (bufLength < n) {
            int read = channel.read(target, pos + bufLength);
            if (read < 0) {
                throw new IOException(file + " ended at " + (pos + bufLength) + " while reading a record it said was there");
            }
            bufLength += read;
        }
        return 0;
    }

    /** Throws unless everything from {@code damageOffset} on is one unfinished write; returns its non-zero length. */
    private long requireTornTail(long damageOffset, long expectedSequence, String damage) throws IOException {
        long remaining = fileSize - damageOffset;
        if (remaining > SCAN_LIMIT) {
            throw new JournalCorruptedException(file, damageOffset, damage + ", and " + remaining
                    + " bytes follow, far more than one unfinished write could leave");
        }
        byte[] tail = new byte[(int) remaining];
        ByteBuffer target = ByteBuffer.wrap(tail);
        while (target.hasRemaining() && channel.read(target, damageOffset + target.position()) >= 0) {
            // read until full
        }
        int i = 1;
        while (i + RecordCodec.HEADER + RecordCodec.MIN_PAYLOAD <= tail.length) {
            int length = validRecordAt(tail, i, expectedSequence);
            if (length < 0) {
                i++;
                continue;
            }
            long sequence = RecordCodec.sequence(tail, i + RecordCodec.HEADER);
            long batchFirst = sequence - RecordCodec.batchIndex(tail, i + RecordCodec.HEADER);
            if (batchFirst > expectedSequence) {
                throw new JournalCorruptedException(file, damageOffset, damage + ", but a valid record (sequence "
                        + sequence + ") written after it follows at offset " + (damageOffset + i)
                        + ", so this is not the tail of an unfinished write");
            }
            i += RecordCodec.HEADER + length;
        }
        int lastNonZero = tail.length - 1;
        while (lastNonZero >= 0 && tail[lastNonZero] == 0) {
            lastNonZero--;
        }
        return lastNonZero + 1;
    }

    private int validRecordAt(byte[] tail, int i, long expectedSequence) {
        int length = RecordCodec.readInt(tail, i);
        if (length < RecordCodec.MIN_PAYLOAD || length > tail.length - i - RecordCodec.HEADER) {
            return -1;
        }
        if (!RecordCodec.checksumMatches(tail, i + RecordCodec.HEADER, length, RecordCodec.readInt(tail, i + 4))) {
            return -1;
        }
        return RecordCodec.sequence(tail, i + RecordCodec.HEADER) >= expectedSequence ? length : -1;
    }
}
