package io.jenkins.plugins.routetolive.engine.ledger.journal.internal;

import io.jenkins.plugins.routetolive.engine.artifact.Digest;
import io.jenkins.plugins.routetolive.engine.ledger.EntryType;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * Encodes and decodes journal records (see docs/ledger-format.md). A record is a 4-byte payload length,
 * a 4-byte CRC32C of the payload, and the payload. All integers are big-endian. Enum values are stored by
 * name. One codec decodes one journal: it shares repeated strings and digests between entries to keep the
 * index small.
 */
public final class RecordCodec {

    /** Bytes before the payload: length and checksum. */
    public static final int HEADER = 8;
    /** Smallest possible payload: sequence, batch index, time, and nine empty strings and the attribute count. */
    public static final int MIN_PAYLOAD = 8 + 4 + 8 + 4 + 9 * 4 + 4;
    /** Largest payload accepted; anything longer is damage. */
    public static final int MAX_PAYLOAD = 16 * 1024 * 1024;

    private final StringCache<String> strings = new StringCache<>(s -> s);
    private final StringCache<Digest> digests = new StringCache<>(Digest::new);
    private final StringCache<EntryType> types = new StringCache<>(64, EntryType::valueOf);
    private final StringCache<PromotionState> states = new StringCache<>(64, s -> s.isEmpty() ? null : PromotionState.valueOf(s));

    /** Appends one complete record (header and payload) to the buffer. */
    public static void encode(LedgerEntry e, int batchIndex, GrowableBuffer out) {
        int start = out.size();
        out.skip(HEADER);
        out.putLong(e.sequence());
        out.putInt(batchIndex);
        out.putLong(e.time().getEpochSecond());
        out.putInt(e.time().getNano());
        out.putString(e.type().name());
        out.putString(e.promotionId());
        out.putString(e.application());
        out.putString(e.version());
        out.putString(e.digest().value());
        out.putString(e.environment());
        out.putString(e.state() == null ? "" : e.state().name());
        out.putString(e.actor());
        out.putString(e.reason());
        out.putInt(e.attributes().size());
        for (Map.Entry<String, String> a : e.attributes().entrySet()) {
            out.putString(a.getKey());
            out.putString(a.getValue());
        }
        int payload = out.size() - start - HEADER;
        CRC32C crc = new CRC32C();
        crc.update(out.array(), start + HEADER, payload);
        out.putIntAt(start, payload);
        out.putIntAt(start + 4, (int) crc.getValue());
    }

    /** Whether the payload at {@code off} of length {@code len} matches the checksum. */
    public static boolean checksumMatches(byte[] buf, int off, int len, int expected) {
        CRC32C crc = new CRC32C();
        crc.update(buf, off, len);
        return (int) crc.getValue() == expected;
    }

    /** The batch index stored in a payload (records before it in the same forced write). */
    public static int batchIndex(byte[] buf, int payloadOffset) {
        return readInt(buf, payloadOffset + 8);
    }

    /** The sequence number stored in a payload. */
    public static long sequence(byte[] buf, int payloadOffset) {
        return readLong(buf, payloadOffset);
    }

    /** Decodes a payload whose checksum matched; throws IllegalArgumentException when its content is invalid. */
    public LedgerEntry decode(byte[] buf, int off, int len) {
        Cursor c = new Cursor(buf, off, off + len);
        long sequence = c.getLong();
        c.getInt();
        Instant time = Instant.ofEpochSecond(c.getLong(), c.getInt());
        EntryType type = c.get(types);
        String promotionId = shared(c);
        String application = shared(c);
        String version = shared(c);
        Digest digest = c.get(digests);
        String environment = shared(c);
        PromotionState state = c.get(states);
        String actor = shared(c);
        String reason = c.getString();
        int attributeCount = c.getInt();
        Map<String, String> attributes;
        if (attributeCount == 0) {
            attributes = Map.of();
        } else if (attributeCount == 1) {
            attributes = Map.of(shared(c), shared(c));
        } else {
            attributes = new TreeMap<>();
            for (int i = 0; i < attributeCount; i++) {
                attributes.put(shared(c), shared(c));
            }
        }
        if (c.position != c.end) {
            throw new IllegalArgumentException("record has " + (c.end - c.position) + " bytes after its last field");
        }
        return new LedgerEntry(sequence, time, type, promotionId, application, version, digest, environment,
                state, actor, reason, attributes);
    }

    private String shared(Cursor c) {
        return c.get(strings);
    }

    public static int readInt(byte[] b, int i) {
        return (b[i] & 0xff) << 24 | (b[i + 1] & 0xff) << 16 | (b[i + 2] & 0xff) << 8 | b[i + 3] & 0xff;
    }

    static long readLong(byte[] b, int i) {
        return (long) readInt(b, i) << 32 | readInt(b, i + 4) & 0xffffffffL;
    }

    private static final class Cursor {
        private final byte[] buf;
        private final int end;
        private int position;

        Cursor(byte[] buf, int position, int end) {
            this.buf = buf;
            this.position = position;
            this.end = end;
        }

        private void need(int n) {
            if (n < 0 || end - position < n) {
                throw new IllegalArgumentException("record ends inside a field at payload position " + position);
            }
        }

        int getInt() {
            need(4);
            int v = readInt(buf, position);
            position += 4;
            return v;
        }

        long getLong() {
            need(8);
            long v = readLong(buf, position);
            position += 8;
            return v;
        }

        /** Reads a string field through the cache (short strings) or decodes it directly (empty or long ones). */
        <T> T get(StringCache<T> cache) {
            int n = getInt();
            need(n);
            T value = n == 0 || n > 200 ? cache.decode(n == 0 ? "" : new String(buf, position, n, StandardCharsets.UTF_8))
                    : cache.get(buf, position, n);
            position += n;
            return value;
        }

        String getString() {
            int n = getInt();
            need(n);
            String s = n == 0 ? "" : new String(buf, position, n, StandardCharsets.UTF_8);
            position += n;
            return s;
        }
    }
}
