package io.jenkins.plugins.routetolive.engine.bench;

import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.ledger.journal.JournalLedger;
import io.jenkins.plugins.routetolive.engine.ledger.journal.internal.JournalFile;
import io.jenkins.plugins.routetolive.engine.metrics.DeliveryMetrics;
import io.jenkins.plugins.routetolive.engine.metrics.MetricsWindow;
import io.jenkins.plugins.routetolive.engine.metrics.internal.HistoryScan;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Measures delivery metrics queries on a journal of 1,000,000 records over 250 applications and four environments:
 * the index's answer against the naive answer (read the application's whole history and apply the same rules),
 * both in this run on this machine, and checks that both give the same answer. Not a test: run it by hand (see
 * docs/metrics.md). Argument: a scratch directory (default target/metrics-bench); its content is deleted.
 */
public final class MetricsBench {

    private static final int RECORDS = 1_000_000;
    private static final int APPLICATIONS = 250;
    private static final int INDEXED_QUERIES = 200_000;
    private static final int NAIVE_QUERIES = 1_000;
    /** Where every answer's counts go, so the JIT cannot skip computing them. */
    private static volatile long blackhole;

    private MetricsBench() {
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : "target/metrics-bench").toAbsolutePath();
        clean(root);
        Files.createDirectories(root);
        System.out.printf("Metrics benchmark %s in %s (%d cores, Java %s, load average %.1f)%n", Instant.now(), root,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        List<LedgerEntry> entries = MetricsWorkload.build(APPLICATIONS, RECORDS);
        Instant now = entries.get(entries.size() - 1).time();
        JournalFile.writeAtomically(root.resolve(JournalLedger.JOURNAL), 0, entries);
        System.out.printf("ledger: %,d records, %d applications x %d environments, %s to %s (%,d MB)%n", entries.size(),
                APPLICATIONS, MetricsWorkload.ENVIRONMENTS.length, entries.get(0).time(), now,
                Files.size(root.resolve(JournalLedger.JOURNAL)) / 1_000_000);
        entries = null;
        long start = System.nanoTime();
        try (JournalLedger ledger = JournalLedger.open(root)) {
            System.out.printf("open (index and metrics facts built from the file): %.2f s%n", (System.nanoTime() - start) / 1e9);
            for (Duration length : List.of(Duration.ofDays(30), Duration.ofDays(365))) {
                compare(ledger, new MetricsWindow(now, length));
            }
        }
        clean(root);
    }

    private static void compare(JournalLedger ledger, MetricsWindow window) {
        System.out.printf("%nwindow of %d days to %s, with the previous %d days:%n", window.length().toDays(), window.end(),
                window.length().toDays());
        Random random = new Random(7);
        long[] indexed = timeIndexed(ledger, window, random);
        long[] naive = new long[NAIVE_QUERIES];
        long[] inMemory = new long[NAIVE_QUERIES];
        int differing = timeNaive(ledger, window, random, naive, inMemory);
        System.out.println("  per query (one application x environment)           mean       p50       p99     p99.9");
        print("indexed (LedgerQueries.metrics)", indexed);
        print("naive: read the history from the journal, scan", naive);
        print("naive: scan a history already in memory", inMemory);
        System.out.printf("  ratio naive / indexed: %.0f x (mean), %.0f x (p50); history in memory: %.0f x (mean), %.0f x (p50)%n",
                mean(naive) / mean(indexed), p(naive, 50) / p(indexed, 50), mean(inMemory) / mean(indexed),
                p(inMemory, 50) / p(indexed, 50));
        System.out.printf("  target <= 1 ms per query: %s (p99.9 %.3f ms); answers compared with the naive scan: %,d, differing: %d%n",
                p(indexed, 99.9) <= 1_000_000 ? "met" : "NOT met", p(indexed, 99.9) / 1e6, NAIVE_QUERIES + NAIVE_QUERIES / 10,
                differing);
    }

    /** Nanoseconds per indexed query, after as many again for warm-up. */
    private static long[] timeIndexed(JournalLedger ledger, MetricsWindow window, Random random) {
        long[] indexed = new long[INDEXED_QUERIES];
        for (int i = -INDEXED_QUERIES; i < INDEXED_QUERIES; i++) {
            String app = app(random);
            String env = env(random);
            long t = System.nanoTime();
            DeliveryMetrics m = ledger.metrics(app, env, window);
            long took = System.nanoTime() - t;
            blackhole += m.current().deploymentFrequency().deployments();
            if (i >= 0) {
                indexed[i] = took;
            }
        }
        return indexed;
    }

    /** Fills in nanoseconds per naive query, from the journal and from memory; returns how many answers differed. */
    private static int timeNaive(JournalLedger ledger, MetricsWindow window, Random random, long[] naive, long[] inMemory) {
        Map<String, List<LedgerEntry>> histories = new HashMap<>();
        int differing = 0;
        for (int i = -NAIVE_QUERIES / 10; i < NAIVE_QUERIES; i++) {
            String app = app(random);
            String env = env(random);
            long t = System.nanoTime();
            List<LedgerEntry> history = ledger.history(app);
            DeliveryMetrics scanned = HistoryScan.measure(history, app, env, window);
            long took = System.nanoTime() - t;
            List<LedgerEntry> kept = histories.computeIfAbsent(app, a -> history);
            t = System.nanoTime();
            DeliveryMetrics scannedInMemory = HistoryScan.measure(kept, app, env, window);
            long tookInMemory = System.nanoTime() - t;
            differing += scanned.equals(ledger.metrics(app, env, window)) && scannedInMemory.equals(scanned) ? 0 : 1;
            if (i >= 0) {
                naive[i] = took;
                inMemory[i] = tookInMemory;
            }
        }
        return differing;
    }

    private static String app(Random random) {
        return "app-" + String.format("%03d", random.nextInt(APPLICATIONS));
    }

    private static String env(Random random) {
        return MetricsWorkload.ENVIRONMENTS[random.nextInt(MetricsWorkload.ENVIRONMENTS.length)];
    }

    private static void print(String name, long[] nanos) {
        System.out.printf("  %-50s %s %s %s %s%n", name, ms(mean(nanos)), ms(p(nanos, 50)), ms(p(nanos, 99)), ms(p(nanos, 99.9)));
    }

    private static String ms(double nanos) {
        return String.format("%6.3f ms", nanos / 1e6);
    }

    private static double mean(long[] nanos) {
        return Arrays.stream(nanos).average().orElse(Double.NaN);
    }

    private static double p(long[] nanos, double percentile) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(percentile / 100 * sorted.length) - 1)];
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
