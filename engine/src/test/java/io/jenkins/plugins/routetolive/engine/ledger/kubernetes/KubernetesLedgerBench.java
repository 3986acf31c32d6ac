package io.jenkins.plugins.routetolive.engine.ledger.kubernetes;

import io.jenkins.plugins.routetolive.engine.ledger.LedgerQueries;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Compares the {@link KubernetesLedger} on the classpath with the re-listing implementation it replaces (kept as
 * {@link io.jenkins.plugins.routetolive.engine.ledger.kubernetes.baseline.RelistingKubernetesLedger}), in one run on
 * fabric8's mock API server (CRUD mode, 127.0.0.1, in this JVM): (1) API requests per real promotion, counted on the
 * server by kind and verb; (2) admission query latency on a big ledger and the time to open it; (3) how soon one
 * controller sees another's writes. Not a test: run it by hand (README, "Benchmarks"). Sizes and time budgets are system
 * properties, printed at the start; a phase that spends its budget says so and reports what it measured.
 */
public final class KubernetesLedgerBench {

    static final String NAMESPACE = "route-to-live";

    /** Sizes and budgets, each a system property {@code bench.<name>}. */
    record Settings(List<String> parts, int artifacts, int entries, int applications, int writerThreads,
                    Duration populateBudget, int queries, int baselineQueries, Duration queryBudget, int catchUpEntries,
                    int catchUpApplications, Duration catchUpBudget, Duration visibilityTimeout) {

        static Settings fromSystemProperties() {
            return new Settings(List.of(System.getProperty("bench.parts", "requests,queries,catchup").split(",")),
                    Integer.getInteger("bench.artifacts", 20), Integer.getInteger("bench.entries", 100_000),
                    Integer.getInteger("bench.applications", 1_000), Integer.getInteger("bench.writerThreads", 4),
                    Duration.ofSeconds(Integer.getInteger("bench.populateSeconds", 45)),
                    Integer.getInteger("bench.queries", 200_000), Integer.getInteger("bench.baselineQueries", 30),
                    Duration.ofSeconds(Integer.getInteger("bench.querySeconds", 10)),
                    Integer.getInteger("bench.catchUpEntries", 10_000), Integer.getInteger("bench.catchUpApplications", 100),
                    Duration.ofSeconds(Integer.getInteger("bench.catchUpSeconds", 20)),
                    Duration.ofSeconds(Integer.getInteger("bench.visibilitySeconds", 60)));
        }

        String describe() {
            return String.format("-Dbench.parts=%s -Dbench.artifacts=%d -Dbench.entries=%d -Dbench.applications=%d"
                    + " -Dbench.writerThreads=%d -Dbench.populateSeconds=%d -Dbench.queries=%d -Dbench.baselineQueries=%d"
                    + " -Dbench.querySeconds=%d -Dbench.catchUpEntries=%d -Dbench.catchUpApplications=%d"
                    + " -Dbench.catchUpSeconds=%d -Dbench.visibilitySeconds=%d", String.join(",", parts), artifacts, entries,
                    applications, writerThreads, populateBudget.toSeconds(), queries, baselineQueries,
                    queryBudget.toSeconds(), catchUpEntries, catchUpApplications, catchUpBudget.toSeconds(),
                    visibilityTimeout.toSeconds());
        }
    }

    private KubernetesLedgerBench() {
    }

    public static void main(String[] args) throws Exception {
        Settings s = Settings.fromSystemProperties();
        long start = System.nanoTime();
        System.out.printf("Kubernetes ledger benchmark %s (%d cores, Java %s, max heap %,d MB, load average %.1f)%n",
                Instant.now(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.printf("KubernetesLedger: %s from %s%n", KubernetesLedger.class.getName(),
                KubernetesLedger.class.getProtectionDomain().getCodeSource().getLocation());
        System.out.println("baseline: RelistingKubernetesLedger, a copy of KubernetesLedger at commit 26735a7 (re-lists every"
                + " ledger ConfigMap per query and append, shared sequence counter)");
        System.out.println("API server: fabric8 KubernetesMockServer 7.3.1, CRUD mode, on 127.0.0.1 in this JVM; a fresh one"
                + " per measurement");
        System.out.println("settings: " + s.describe());
        if (s.parts().contains("requests")) {
            List<PromotionTraffic.Run> runs = new ArrayList<>();
            for (Contender c : new Contender[] {Contender.BASELINE, Contender.KUBERNETES_LEDGER}) {
                runs.add(PromotionTraffic.run(c, false, s.artifacts()));
            }
            runs.add(PromotionTraffic.run(Contender.KUBERNETES_LEDGER, true, s.artifacts()));
            PromotionTraffic.print(runs);
        }
        if (s.parts().contains("queries")) {
            QueryLatency.run(s);
        }
        if (s.parts().contains("catchup")) {
            InformerCatchUp.run(s);
        }
        System.out.printf("%nbenchmark took %.0f s%n", (System.nanoTime() - start) / 1e9);
    }

    /** Asks the ledger for its size until it shows {@code expected} entries or the timeout passes; returns the last size. */
    static long awaitSize(LedgerQueries ledger, long expected, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long size = ledger.size();
        while (size < expected && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000);
            size = ledger.size();
        }
        return size;
    }

    static String micros(double nanos) {
        return Double.isNaN(nanos) ? "-" : String.format("%,.1f us", nanos / 1e3);
    }

    /** A ratio with as many digits as it needs to be read: 1.07 x, 12.3 x, 4,210 x. */
    static String times(double ratio) {
        if (Double.isNaN(ratio)) {
            return "- x";
        }
        if (Double.isInfinite(ratio)) {
            return "infinite (none against some)";
        }
        return String.format(ratio < 10 ? "%.2f x" : ratio < 100 ? "%.1f x" : "%,.0f x", ratio);
    }

    static String verdict(boolean met) {
        return met ? "met" : "NOT met";
    }
}
