package io.jenkins.plugins.routetolive.engine.artifact;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DigestsTest {

    private static final long ONE_GIB = 1L << 30;
    /** The published sha256 of 1 GiB of zero bytes. */
    private static final String SHA256_OF_1_GIB_OF_ZEROS = "49bc20df15e412a64472421e13fe86ff1c5165e18b2afccf160d4dc19fe68a14";

    @TempDir
    Path dir;

    @Test
    void digestOfOneGibSparseFileIsComputedByStreamingInConstantMemory() throws IOException {
        Path file = dir.resolve("one-gib.bin");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(ONE_GIB);
        }
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long before = memory.getHeapMemoryUsage().getUsed();
        long peakBefore = peakHeap();

        Digest digest = Digests.ofFile(file);

        long after = memory.getHeapMemoryUsage().getUsed();
        assertThat(digest.value()).isEqualTo("sha256:" + SHA256_OF_1_GIB_OF_ZEROS);
        // The surefire JVM runs with -Xmx512m, so reading the file into memory would fail outright;
        // on top of that the heap used must not grow by anything near the file's size.
        assertThat(after - before).as("heap growth in bytes").isLessThan(64L << 20);
        assertThat(peakHeap() - peakBefore).as("growth of the heap's peak in bytes").isLessThan(256L << 20);
        assertThat(Runtime.getRuntime().maxMemory()).as("max heap").isLessThan(ONE_GIB);
    }

    @Test
    void publishedConstantIsTheSha256OfOneGibOfZeros() throws NoSuchAlgorithmException {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] zeros = new byte[1 << 20];
        for (int i = 0; i < 1024; i++) {
            sha.update(zeros);
        }
        assertThat(HexFormat.of().formatHex(sha.digest())).isEqualTo(SHA256_OF_1_GIB_OF_ZEROS);
    }

    @Test
    void fileStreamAndBytesAgreeOnTheSameContent() throws IOException {
        byte[] content = "demo-shop 1.0.0 build output\n".repeat(10_000).getBytes(StandardCharsets.UTF_8);
        Path file = Files.write(dir.resolve("artifact.jar"), content);

        Digest expected = Digests.ofBytes(content);

        assertThat(Digests.ofFile(file)).isEqualTo(expected);
        assertThat(Digests.ofStream(new ByteArrayInputStream(content))).isEqualTo(expected);
        assertThat(Digests.ofBytes("".getBytes(StandardCharsets.UTF_8)).value())
                .isEqualTo("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void refusesSomethingThatIsNotARegularFileNamingThePath() {
        Path missing = dir.resolve("no-such.jar");

        assertThatThrownBy(() -> Digests.ofFile(missing))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("not a regular file");
        assertThatThrownBy(() -> Digests.ofFile(dir)).hasMessageContaining("not a regular file");
    }

    private static long peakHeap() {
        long peak = 0;
        for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getPeakUsage() != null) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}
