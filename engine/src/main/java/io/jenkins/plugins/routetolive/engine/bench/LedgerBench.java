package io.jenkins.plugins.routetolive.engine.bench;

import io.jenkins.plugins.routetolive.engine.artifact.Digest;
import io.jenkins.plugins.routetolive.engine.ledger.EntryType;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.ledger.journal.JournalLedger;
import io.jenkins.plugins.routetolive.engine.ledger.journal.internal.GrowableBuffer;
import io.jenkins.plugins.routetolive.engine.ledger.journal.internal.JournalFile;
import io.jenkins.plugins.routetolive.engine.ledger.journal.internal.RecordCodec;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Measures the journal ledger against the physical limit of the disk and against one-XML-file-per-record
 * persistence, all in one run on one disk. Not a test: run it by hand (see docs/ledger-format.md).
 * Argument: a scratch directory (default target/ledger-bench); its content is deleted.
 */
public final class LedgerBench {

    private static final long PHASE_NANOS = 1_000_000_000L;
    private static final int ROUNDS = 5;
    private static final int THREADS = 16;
    private static final int BIG = 1_000_000;
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final Path root;

    private LedgerBench(Path root) {
        this.root = root;
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : "target/ledger-bench").toAbsolutePath();
        new LedgerBench(root).run();
    }

    private void run() throws Exception {
        clean(root);
        Files.createDirectories(root);
        int recordSize = recordBytes(entry(1)).length;
        System.out.printf("Ledger benchmark %s in %s (%d cores, Java %s, load average %.1f), record size %d bytes,"
                + " %d rounds of %d s per contender%n", Instant.now(), root, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                recordSize, ROUNDS, PHASE_NANOS / 1_000_000_000L);

        double raw1 = 0;
        double ours1 = 0;
        double xml1 = 0;
        double raw16 = 0;
        double ours16 = 0;
        double xml16 = 0;
        // Interleaved rounds, so a neighbour's burst of disk traffic hits every contender alike.
        for (int round = 0; round < ROUNDS; round++) {
            raw1 += rawWriteForce(1, round) / ROUNDS;
            ours1 += journalAppends(1, round) / ROUNDS;
            xml1 += xmlPerRecord(1, round) / ROUNDS;
            raw16 += rawWriteForce(THREADS, round) / ROUNDS;
            ours16 += journalAppends(THREADS, round) / ROUNDS;
            xml16 += xmlPerRecord(THREADS, round) / ROUNDS;
        }
        System.out.printf("%nraw write+force, 1 thread:        %,10.0f records/s%n", raw1);
        System.out.printf("raw write+force, %d threads:      %,10.0f records/s%n", THREADS, raw16);
        System.out.printf("journal append, 1 thread:         %,10.0f records/s  = %.2f x raw (1 thread)%n", ours1, ours1 / raw1);
        System.out.printf("journal append, %d threads:       %,10.0f records/s  = %.2f x raw (1 thread), %.2f x raw (%d threads)%n",
                THREADS, ours16, ours16 / raw1, ours16 / raw16, THREADS);
        System.out.printf("XML file per record, 1 thread:    %,10.0f records/s  -> journal / XML = %.1f%n", xml1, ours1 / xml1);
        System.out.printf("XML file per record, %d threads:  %,10.0f records/s  -> journal / XML = %.1f%n", THREADS, xml16,
                ours16 / xml16);
        if (!Boolean.getBoolean("bench.skipOpen")) {
            bigLedger(); // -Dbench.skipOpen=true skips the million-record open
        }
        clean(root);
    }

    private static LedgerEntry entry(long n) {
        int app = (int) (n % 200);
        int promotion = (int) (n / 5);
        PromotionState[] flow = {PromotionState.REQUESTED, PromotionState.DEPLOYING, PromotionState.VERIFYING,
            PromotionState.VERIFIED, PromotionState.VERIFIED};
        String[] envs = {"development", "test", "stage", "production"};
        return new LedgerEntry(0, T0.plusMillis(n), EntryType.STATE_CHANGED, "promotion-" + promotion, "app-" + app,
                "1." + promotion, new Digest(String.format("sha256:%064x", promotion)), envs[promotion % envs.length],
                flow[(int) (n % 5)], "jenkins-user-" + (n % 50), "", Map.of(LedgerEntry.Attributes.BUILD, "app-" + app
                + "/main#" + promotion));
    }

    private static byte[] recordBytes(LedgerEntry e) {
        GrowableBuffer buffer = new GrowableBuffer(256);
        RecordCodec.encode(e.withSequence(1), 0, buffer);
        return Arrays.copyOf(buffer.array(), buffer.size());
    }

    private interface Worker {
        void once(long n) throws Exception;
    }

    /** Runs the worker from {@code threads} threads for one phase and returns operations per second. */
    private static double measure(int threads, Worker worker) throws Exception {
        AtomicLong count = new AtomicLong();
        long deadline = System.nanoTime() + PHASE_NANOS;
        long start = System.nanoTime();
        List<Thread> running = new ArrayList<>();
        List<Exception> failures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                try {
                    while (System.nanoTime() < deadline) {
                        worker.once(count.incrementAndGet());
                    }
                } catch (Exception e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            });
            running.add(thread);
            thread.start();
        }
        for (Thread thread : running) {
            thread.join();
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
        return count.get() / ((System.nanoTime() - start) / 1e9);
    }

    private double rawWriteForce(int threads, int round) throws Exception {
        byte[] record = recordBytes(entry(1));
        Path file = root.resolve("raw-" + threads + "-" + round + ".bin");
        AtomicLong position = new AtomicLong();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            return measure(threads, n -> {
                ByteBuffer bytes = ByteBuffer.wrap(record);
                long at = position.getAndAdd(record.length);
                while (bytes.hasRemaining()) {
                    at += channel.write(bytes, at);
                }
                channel.force(false);
            });
        }
    }

    private double journalAppends(int threads, int round) throws Exception {
        try (JournalLedger ledger = JournalLedger.open(root.resolve("journal-" + threads + "-" + round))) {
            return measure(threads, n -> ledger.append(entry(n)));
        }
    }

    /**
     * The way Jenkins plugins commonly persist a record (Jenkins core's AtomicFileWriter): an XML file written to a
     * temp file, forced, moved atomically over the target, and the directory forced (the default on Linux).
     */
    private double xmlPerRecord(int threads, int round) throws Exception {
        Path dir = Files.createDirectories(root.resolve("xml-" + threads + "-" + round));
        return measure(threads, n -> {
            LedgerEntry e = entry(n).withSequence(n);
            Path target = dir.resolve("entry-" + n + ".xml");
            Path temp = dir.resolve("entry-" + n + ".xml.tmp");
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(xml(e).getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
                out.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
                directory.force(true);
            }
        });
    }

    private static String xml(LedgerEntry e) {
        StringBuilder x = new StringBuilder("<?xml version='1.1' encoding='UTF-8'?>\n<ledgerEntry>\n");
        field(x, "sequence", String.valueOf(e.sequence()));
        field(x, "time", e.time().toString());
        field(x, "type", e.type().name());
        field(x, "promotionId", e.promotionId());
        field(x, "application", e.application());
        field(x, "version", e.version());
        field(x, "digest", e.digest().value());
        field(x, "environment", e.environment());
        field(x, "state", e.state() == null ? "" : e.state().name());
        field(x, "actor", e.actor());
        field(x, "reason", e.reason());
        x.append("  <attributes>\n");
        e.attributes().forEach((k, v) -> x.append("    <entry><string>").append(k).append("</string><string>").append(v)
                .append("</string></entry>\n"));
        return x.append("  </attributes>\n</ledgerEntry>\n").toString();
    }

    private static void field(StringBuilder x, String name, String value) {
        x.append("  <").append(name).append('>').append(value).append("</").append(name).append(">\n");
    }

    private void bigLedger() throws IOException {
        Path dir = Files.createDirectories(root.resolve("big"));
        List<LedgerEntry> entries = new ArrayList<>(BIG);
        for (long n = 1; n <= BIG; n++) {
            entries.add(entry(n).withSequence(n));
        }
        JournalFile.writeAtomically(dir.resolve(JournalLedger.JOURNAL), 0, entries);
        entries = null;
        System.gc();
        long size = Files.size(dir.resolve(JournalLedger.JOURNAL));
        System.out.printf("%nopen of a %,d-record ledger (%,d MB, file in the OS page cache):%n", BIG, size / 1_000_000);
        for (int attempt = 1; attempt <= 3; attempt++) {
            long cpu = processCpuNanos();
            long gc = gcMillis();
            long start = System.nanoTime();
            try (JournalLedger ledger = JournalLedger.open(dir)) {
                long openNanos = System.nanoTime() - start;
                System.out.printf("  open %d%s: %.2f s wall, %.2f s CPU (all threads), %.2f s in GC, %,d entries%n", attempt,
                        attempt == 1 ? " (cold JIT)" : "", openNanos / 1e9, (processCpuNanos() - cpu) / 1e9,
                        (gcMillis() - gc) / 1e3, ledger.size());
                if (attempt == 3) {
                    lookups(ledger);
                }
            }
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
    }

    private static void lookups(JournalLedger ledger) {
        String[] envs = {"development", "test", "stage", "production"};
        Random random = new Random(7);
        int samples = 1_000_000;
        long[] nanos = new long[samples];
        long found = 0;
        for (int i = -200_000; i < samples; i++) {
            String app = "app-" + random.nextInt(200);
            String env = envs[random.nextInt(envs.length)];
            long t = System.nanoTime();
            boolean present = ledger.environment(app, env).lastKnownGood().isPresent();
            long took = System.nanoTime() - t;
            if (i >= 0) {
                nanos[i] = took;
                found += present ? 1 : 0;
            }
        }
        Arrays.sort(nanos);
        System.out.printf("last-known-good lookup at %,d records: p50 %d ns, p99 %d ns, p99.9 %d ns (%d of %d found)%n",
                ledger.size(), nanos[samples / 2], nanos[samples * 99 / 100], nanos[samples * 999 / 1000], found, samples);
    }

    private static void clean(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
