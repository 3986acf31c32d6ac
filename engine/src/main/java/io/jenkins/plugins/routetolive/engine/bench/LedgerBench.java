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
    private static final long RESERVED_BYTES = 16L << 20;
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final PromotionState[] FLOW = {PromotionState.REQUESTED, PromotionState.DEPLOYING,
        PromotionState.VERIFYING, PromotionState.VERIFIED, PromotionState.VERIFIED};
    private static final String[] ENVIRONMENTS = {"development", "test", "stage", "production"};
    /**
     * Digests of the promotions the workload cycles through, made before anything is timed: a caller of the
     * ledger holds its artifact's {@link Digest} already, so formatting one per record would only time the
     * benchmark itself (for every contender alike).
     */
    private static final Digest[] DIGESTS = digests(1 << 16);

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

        Rates raw1 = new Rates("raw write+force, 1 thread");
        Rates reserved1 = new Rates("raw write+force into zero-filled space, 1 thread");
        Rates ours1 = new Rates("journal append, 1 thread");
        Rates xml1 = new Rates("XML file per record (as Jenkins), 1 thread");
        Rates lean1 = new Rates("lean XML file per record, 1 thread");
        Rates raw16 = new Rates("raw write+force, " + THREADS + " threads");
        Rates ours16 = new Rates("journal append, " + THREADS + " threads");
        Rates xml16 = new Rates("XML file per record (as Jenkins), " + THREADS + " threads");
        Rates lean16 = new Rates("lean XML file per record, " + THREADS + " threads");
        // Interleaved rounds, so a neighbour's burst of disk traffic hits every contender alike.
        for (int round = 0; round < ROUNDS; round++) {
            raw1.add(rawWriteForce(1, round));
            reserved1.add(rawWriteForceIntoReservedSpace(round));
            ours1.add(journalAppends(1, round));
            xml1.add(xmlPerRecord(1, round));
            lean1.add(leanXmlPerRecord(1, round));
            raw16.add(rawWriteForce(THREADS, round));
            ours16.add(journalAppends(THREADS, round));
            xml16.add(xmlPerRecord(THREADS, round));
            lean16.add(leanXmlPerRecord(THREADS, round));
        }
        System.out.printf("%nrecords per second, mean of %d rounds [each round]:%n", ROUNDS);
        for (Rates r : List.of(raw1, reserved1, ours1, xml1, lean1, raw16, ours16, xml16, lean16)) {
            System.out.println("  " + r);
        }
        System.out.printf("%nratios of the means [lowest and highest ratio within one round]:%n");
        ratio(reserved1, raw1);
        ratio(ours1, raw1);
        ratio(ours16, raw1);
        ratio(ours16, raw16);
        ratio(ours1, xml1);
        ratio(ours16, xml16);
        ratio(ours1, lean1);
        ratio(ours16, lean16);
        if (!Boolean.getBoolean("bench.skipOpen")) {
            bigLedger(); // -Dbench.skipOpen=true skips the million-record open
        }
        clean(root);
    }

    /** One contender's rate in each round. */
    private static final class Rates {
        final String name;
        final List<Double> rounds = new ArrayList<>();

        Rates(String name) {
            this.name = name;
        }

        void add(double rate) {
            rounds.add(rate);
        }

        double mean() {
            return rounds.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        }

        @Override
        public String toString() {
            StringBuilder each = new StringBuilder();
            for (double r : rounds) {
                each.append(each.length() == 0 ? "" : " ").append(String.format("%,.0f", r));
            }
            return String.format("%-56s %,9.0f  [%s]", name, mean(), each);
        }
    }

    private static void ratio(Rates ours, Rates theirs) {
        double low = Double.MAX_VALUE;
        double high = 0;
        for (int i = 0; i < ours.rounds.size(); i++) {
            double r = ours.rounds.get(i) / theirs.rounds.get(i);
            low = Math.min(low, r);
            high = Math.max(high, r);
        }
        System.out.printf("  %-40s / %-50s = %5.2f  [%.2f .. %.2f]%n", ours.name, theirs.name, ours.mean() / theirs.mean(),
                low, high);
    }

    private static Digest[] digests(int count) {
        Digest[] digests = new Digest[count];
        for (int i = 0; i < count; i++) {
            digests[i] = new Digest(String.format("sha256:%064x", i));
        }
        return digests;
    }

    private static LedgerEntry entry(long n) {
        int app = (int) (n % 200);
        int promotion = (int) (n / 5);
        return new LedgerEntry(0, T0.plusMillis(n), EntryType.STATE_CHANGED, "promotion-" + promotion, "app-" + app,
                "1." + promotion, DIGESTS[promotion % DIGESTS.length], ENVIRONMENTS[promotion % ENVIRONMENTS.length],
                FLOW[(int) (n % 5)], "jenkins-user-" + (n % 50), "", Map.of(LedgerEntry.Attributes.BUILD, "app-" + app
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

    /**
     * The same single-threaded write+force, into space filled with zeros and forced beforehand, as the journal
     * reserves it ({@link io.jenkins.plugins.routetolive.engine.ledger.journal.JournalOptions#preallocateBytes()}):
     * the file's size no longer changes, so the force needs no metadata commit. Filling is not timed.
     */
    private double rawWriteForceIntoReservedSpace(int round) throws Exception {
        byte[] record = recordBytes(entry(1));
        Path file = root.resolve("reserved-" + round + ".bin");
        AtomicLong position = new AtomicLong();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ByteBuffer zeros = ByteBuffer.allocate(1 << 20);
            for (long at = 0; at < RESERVED_BYTES; at += zeros.capacity()) {
                zeros.clear();
                while (zeros.hasRemaining()) {
                    channel.write(zeros, at + zeros.position());
                }
            }
            channel.force(true);
            return measure(1, n -> {
                ByteBuffer bytes = ByteBuffer.wrap(record);
                long at = position.getAndAdd(record.length) % (RESERVED_BYTES - record.length);
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
     * The way Jenkins plugins commonly persist a record, step by step as Jenkins core's {@code XmlFile.write} with
     * {@code AtomicFileWriter} does it: a temp file created next to the target ({@code File.createTempFile}),
     * the XML written to it, forced ({@code force(true)} on close), moved atomically over the target, the temp
     * path deleted if still there, and the directory forced (the default everywhere but Windows). Only the
     * XStream serialization is replaced by a string builder, which makes this peer cheaper than the real one.
     */
    private double xmlPerRecord(int threads, int round) throws Exception {
        return xmlFiles(threads, root.resolve("xml-" + threads + "-" + round), true);
    }

    /**
     * A leaner XML file per record than Jenkins writes, to show how much of the gap is {@code createTempFile}: the
     * temp file has a fixed name (no random name, no existence check, one open) and is not deleted afterwards; the
     * forces, the atomic move and the directory force are the same.
     */
    private double leanXmlPerRecord(int threads, int round) throws Exception {
        return xmlFiles(threads, root.resolve("lean-xml-" + threads + "-" + round), false);
    }

    private static double xmlFiles(int threads, Path directory, boolean asJenkins) throws Exception {
        Path dir = Files.createDirectories(directory);
        return measure(threads, n -> {
            LedgerEntry e = entry(n).withSequence(n);
            Path target = dir.resolve("entry-" + n + ".xml");
            Path temp = asJenkins ? java.io.File.createTempFile(target.getFileName() + "-atomic", "tmp", dir.toFile()).toPath()
                    : dir.resolve("entry-" + n + ".xml.tmp");
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE,
                    asJenkins ? StandardOpenOption.CREATE : StandardOpenOption.CREATE_NEW)) {
                ByteBuffer bytes = ByteBuffer.wrap(xml(e).getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
                out.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            if (asJenkins) {
                Files.deleteIfExists(temp);
            }
            try (FileChannel folder = FileChannel.open(dir, StandardOpenOption.READ)) {
                folder.force(true);
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
