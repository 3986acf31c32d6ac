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

    private final byte[][] keys = new byte[SLOTS][];
    private final Object[] values = new Object[SLOTS];
    private final Function<String, T> decode;

    StringCache(Function<String, T> decode) {
        this.decode = decode;
    }

    T decode(String text) {
        return decode.apply(text);
    }

    @SuppressWarnings("unchecked")
    T get(byte[] buf, int off, int len) {
        int hash = 1;
        for (int i = off; i < off + len; i++) {
            hash = 31 * hash + buf[i];
        }
        int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
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
