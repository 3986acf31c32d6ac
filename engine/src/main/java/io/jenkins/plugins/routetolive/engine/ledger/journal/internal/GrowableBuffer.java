package io.jenkins.plugins.routetolive.engine.ledger.journal.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A byte array that grows as records are encoded into it; big-endian. */
public final class GrowableBuffer {

    private byte[] bytes;
    private int size;

    public GrowableBuffer(int initialCapacity) {
        bytes = new byte[Math.max(64, initialCapacity)];
    }

    public int size() {
        return size;
    }

    public byte[] array() {
        return bytes;
    }

    public void clear() {
        size = 0;
    }

    /** The content as a buffer ready to be written. */
    public ByteBuffer asByteBuffer() {
        return ByteBuffer.wrap(bytes, 0, size);
    }

    void skip(int n) {
        ensure(n);
        size += n;
    }

    void putInt(int v) {
        ensure(4);
        putIntAt(size, v);
        size += 4;
    }

    void putIntAt(int at, int v) {
        bytes[at] = (byte) (v >>> 24);
        bytes[at + 1] = (byte) (v >>> 16);
        bytes[at + 2] = (byte) (v >>> 8);
        bytes[at + 3] = (byte) v;
    }

    void putLong(long v) {
        putInt((int) (v >>> 32));
        putInt((int) v);
    }

    void putString(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        putInt(utf8.length);
        ensure(utf8.length);
        System.arraycopy(utf8, 0, bytes, size, utf8.length);
        size += utf8.length;
    }

    private void ensure(int n) {
        if (bytes.length - size < n) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + n));
        }
    }
}
