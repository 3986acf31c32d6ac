package io.jenkins.plugins.routetolive.engine.ledger.journal.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

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

    /**
     * Hashes the length and the first and last eight bytes, read as two longs: names differ at their ends (ids,
     * versions, digests), and a handful of multiplications cost far less than a loop over every byte.
     */
    private int slot(byte[] buf, int off, int len) {
        long h;
        if (len >= Long.BYTES) {
            h = (long) LONGS.get(buf, off) * 0x9E3779B97F4A7C15L ^ (long) LONGS.get(buf, off + len - Long.BYTES)
                    * 0xC2B2AE3D27D4EB4FL ^ len;
        } else {
            h = len;
            for (int i = 0; i < len; i++) {
                h = h * 31 + buf[off + i];
            }
        }
        h *= 0x9E3779B97F4A7C15L;
        return (int) (h >>> 40) & mask;
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
