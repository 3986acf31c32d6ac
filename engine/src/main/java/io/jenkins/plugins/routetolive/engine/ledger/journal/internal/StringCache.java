package io.jenkins.plugins.routetolive.engine.ledger.journal.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Function;

/**
 * A direct-mapped cache from UTF-8 bytes to a decoded value. A hit costs a hash and a byte comparison and
 * allocates nothing, so the repeated names of a journal (applications, environments, states, actors, and
 * the ids and digests of one promotion, which sit close together) decode to shared objects. A miss simply
 * replaces the slot: the cache never grows.
 */
final class StringCache<T> {

    private static final int SLOTS = 8192;

    private final byte[][] keys;
    private final Object[] values;
    private final int mask;
    private final Function<String, T> decode;

    StringCache(Function<String, T> decode) {
        this(SLOTS, decode);
    }

    /** A cache of {@code slots} (a power of two) slots. */
    StringCache(int slots, Function<String, T> decode) {
        if (Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots must be a power of two, but was " + slots);
        }
        this.keys = new byte[slots][];
        this.values = new Object[slots];
        this.mask = slots - 1;
        this.decode = decode;
    }

    /** Hashes the length and the first and last eight bytes: names differ at their ends (ids, versions, digests). */
    private int slot(byte[] buf, int off, int len) {
        long h = len;
        int head = Math.min(len, 8);
        for (int i = 0; i < head; i++) {
            h = h * 31 + buf[off + i];
        }
        for (int i = Math.max(head, len - 8); i < len; i++) {
            h = h * 31 + buf[off + i];
        }
        int hash = (int) (h ^ (h >>> 32));
        return (hash ^ (hash >>> 16)) & mask;
    }

    T decode(String text) {
        return decode.apply(text);
    }

    @SuppressWarnings("unchecked")
    T get(byte[] buf, int off, int len) {
        int slot = slot(buf, off, len);
        byte[] key = keys[slot];
        if (key != null && Arrays.equals(key, 0, key.length, buf, off, off + len)) {
            return (T) values[slot];
        }
        T value = decode.apply(new String(buf, off, len, StandardCharsets.UTF_8));
        keys[slot] = Arrays.copyOfRange(buf, off, off + len);
        values[slot] = value;
        return value;
    }
}
