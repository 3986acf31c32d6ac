package io.jenkins.plugins.routetolive.engine.ledger.journal.internal;

import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerIndex;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Reads one record back from the journal by its byte offset, for history queries: the index keeps offsets,
 * not entries. Called with the ledger's monitor held; positional reads do not disturb appends.
 */
public final class RecordLookup implements LedgerIndex.EntryReader {

    private final Path file;
    private final RecordCodec codec = new RecordCodec();
    private volatile FileChannel channel;

    public RecordLookup(Path file) {
        this.file = file;
    }

    public void use(FileChannel journal) {
        this.channel = journal;
    }

    @Override
    public LedgerEntry read(long offset) {
        try {
            ByteBuffer header = ByteBuffer.allocate(RecordCodec.HEADER);
            readFully(header, offset);
            int length = header.getInt(0);
            if (length < RecordCodec.MIN_PAYLOAD || length > RecordCodec.MAX_PAYLOAD) {
                throw damaged(offset, "record length " + length + " is impossible");
            }
            ByteBuffer payload = ByteBuffer.allocate(length);
            readFully(payload, offset + RecordCodec.HEADER);
            if (!RecordCodec.checksumMatches(payload.array(), 0, length, header.getInt(4))) {
                throw damaged(offset, "checksum mismatch");
            }
            return codec.decode(payload.array(), 0, length);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the ledger record at offset " + offset + " of " + file + ": "
                    + e.getMessage(), e);
        }
    }

    private void readFully(ByteBuffer target, long position) throws IOException {
        while (target.hasRemaining()) {
            if (channel.read(target, position + target.position()) < 0) {
                throw new IOException("the file ends before the record does");
            }
        }
    }

    private IllegalStateException damaged(long offset, String why) {
        return new IllegalStateException("The ledger record at offset " + offset + " of " + file + " was valid when the"
                + " journal was opened but now reads back damaged (" + why + "); the file was changed behind the ledger's back"
                + " or the disk is failing. Restore it from a backup.");
    }
}
