package io.jenkins.plugins.routetolive.engine.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Computes sha256 digests by streaming: memory use does not depend on the size of the input. */
public final class Digests {

    private static final int BUFFER = 1 << 16;

    private Digests() {
    }

    /** Streams the file through sha256 with a fixed 64 KiB buffer. */
    public static Digest ofFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("cannot compute the digest of '" + file
                    + "': it is not a regular file (check the path, relative to the workspace)");
        }
        MessageDigest sha = sha256();
        ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (channel.read(buffer) >= 0) {
                buffer.flip();
                sha.update(buffer);
                buffer.clear();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read '" + file + "' to compute its digest: " + e.getMessage(), e);
        }
        return fromBytes(sha.digest());
    }

    /** Streams the input through sha256; the caller closes the stream. */
    public static Digest ofStream(InputStream in) throws IOException {
        MessageDigest sha = sha256();
        byte[] buffer = new byte[BUFFER];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            sha.update(buffer, 0, n);
        }
        return fromBytes(sha.digest());
    }

    /** The digest of a byte array (canonical documents such as manifests). */
    public static Digest ofBytes(byte[] bytes) {
        return fromBytes(sha256().digest(bytes));
    }

    private static Digest fromBytes(byte[] hash) {
        return new Digest("sha256:" + HexFormat.of().formatHex(hash));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java runtime has no SHA-256", e);
        }
    }
}
