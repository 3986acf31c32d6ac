package io.jenkins.plugins.routetolive.engine.ledger.kubernetes;

import io.jenkins.plugins.routetolive.engine.ledger.Ledger;
import io.jenkins.plugins.routetolive.engine.ledger.kubernetes.baseline.RelistingLedgerFill;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

import static io.jenkins.plugins.routetolive.engine.ledger.kubernetes.KubernetesLedgerBench.NAMESPACE;
import static io.jenkins.plugins.routetolive.engine.ledger.kubernetes.KubernetesLedgerBench.micros;
import static io.jenkins.plugins.routetolive.engine.ledger.kubernetes.KubernetesLedgerBench.times;
import static io.jenkins.plugins.routetolive.engine.ledger.kubernetes.KubernetesLedgerBench.verdict;

/**
 * Part 2 of the benchmark: admission queries on a big shared ledger. The KubernetesLedger's store is filled through its
 * own append path (several threads, one writer instance); the baseline's store gets the same entries written directly
 * in its format, because appending through it costs two full re-lists per entry. Each contender then opens a fresh
 * ledger on its store and answers the same random queries, timed one call at a time.
 */
final class QueryLatency {

    private static final double TARGET_P99_NANOS = 50_000;
    private static final Clock CLOCK = Clock.systemUTC();

    private record Opened(Ledger ledger, long constructorNanos, long visibleNanos, long size, ApiCalls calls) {
    }

    private QueryLatency() {
    }

    static void run(KubernetesLedgerBench.Settings s) throws Exception {
        LedgerWorkload workload = LedgerWorkload.of(s.applications(), s.entries());
        System.out.printf("%n2. Admission query latency on a ledger of up to %,d entries over %,d applications (development and test,"
                + " %,d writer threads)%n", workload.entries(), s.applications(), s.writerThreads());
        try (MockApiServer ours = MockApiServer.start(); MockApiServer theirs = MockApiServer.start()) {
            LedgerWorkload.Appended appended;
            try (Ledger writer = Contender.KUBERNETES_LEDGER.open(ours.newClient(), NAMESPACE, "bench-writer", CLOCK)) {
                appended = workload.append(writer, s.writerThreads(), s.populateBudget());
            }
            int n = appended.entries().size();
            System.out.printf("   KubernetesLedger's store: %,d of %,d entries appended through KubernetesLedger.append in %.1f s"
                    + " (%,.0f entries/s)%s%n", n, workload.entries(), appended.nanos() / 1e9, appended.perSecond(),
                    appended.complete() ? "" : String.format("; the %d s budget (-Dbench.populateSeconds) was spent, so"
                            + " everything below is measured at %,d entries", s.populateBudget().toSeconds(), n));
            long fill = System.nanoTime();
            int configMaps = RelistingLedgerFill.write(theirs.client(), NAMESPACE, appended.entries(), "bench-writer", CLOCK);
            System.out.printf("   baseline's store: the same %,d entries created directly as %,d ConfigMaps in its format in %.1f s%n",
                    n, configMaps, (System.nanoTime() - fill) / 1e9);
            Opened k = open(Contender.KUBERNETES_LEDGER, ours, n, s.visibilityTimeout());
            Opened b = open(Contender.BASELINE, theirs, n, s.visibilityTimeout());
            try (Ledger kl = k.ledger(); Ledger bl = b.ledger()) {
                printOpen(k, b, n);
                AdmissionQueries queries = AdmissionQueries.over(appended.entries(), 1 << 16, 7);
                Object[] ourAnswers = new Object[s.baselineQueries()];
                AdmissionQueries.Latencies ourTimes = queries.time(kl, Math.min(s.queries(), 100_000), s.queries(),
                        s.queryBudget().toNanos(), ourAnswers);
                Object[] theirAnswers = new Object[s.baselineQueries()];
                AdmissionQueries.Latencies theirTimes = queries.time(bl, 2, s.baselineQueries(), s.queryBudget().toNanos(),
                        theirAnswers);
                int compared = Math.min(ourTimes.calls(), theirTimes.calls());
                int differing = 0;
                for (int i = 0; i < compared; i++) {
                    differing += Objects.equals(ourAnswers[i], theirAnswers[i]) ? 0 : 1;
                }
                printLatencies(ourTimes, theirTimes, s);
                System.out.printf("   answers of both to the same %,d queries compared: %d differing%n", compared, differing);
                System.out.printf("   target p99 <= 50 us for KubernetesLedger: p99 %s at %,d entries -> %s%s%n",
                        micros(ourTimes.p(99)), n, verdict(ourTimes.p(99) <= TARGET_P99_NANOS),
                        n < 100_000 ? " (the target is stated for 100,000 entries)" : "");
            }
        }
    }

    /** Opens a ledger and waits until it shows every entry (another controller's writes arrive asynchronously). */
    private static Opened open(Contender c, MockApiServer api, long expected, Duration timeout) {
        ApiCalls before = api.calls();
        long start = System.nanoTime();
        Ledger ledger = c.open(api.client(), NAMESPACE, "bench-reader", CLOCK);
        long constructed = System.nanoTime() - start;
        long size = KubernetesLedgerBench.awaitSize(ledger, expected, timeout);
        long visible = System.nanoTime() - start;
        return new Opened(ledger, constructed, visible, size, api.calls().minus(before));
    }

    private static void printOpen(Opened k, Opened b, long expected) {
        System.out.println("   fresh ledger on the full store        constructor   until size() shows all   entries"
                + "   API requests (LIST / GET / WATCH)");
        for (var row : new Object[][] {{Contender.KUBERNETES_LEDGER, k}, {Contender.BASELINE, b}}) {
            Opened o = (Opened) row[1];
            System.out.printf("   %-36s %9.3f s   %20.3f s   %,7d%s   %d / %d / %d%n", ((Contender) row[0]).label,
                    o.constructorNanos() / 1e9, o.visibleNanos() / 1e9, o.size(), o.size() < expected ? " (NOT ALL)" : "",
                    o.calls().verb("LIST"), o.calls().verb("GET"), o.calls().verb("WATCH"));
        }
        System.out.printf("   ratio baseline / KubernetesLedger until all shown: %s (the baseline's size() re-lists once"
                + " more)%n", times((double) b.visibleNanos() / k.visibleNanos()));
    }

    private static void printLatencies(AdmissionQueries.Latencies ours, AdmissionQueries.Latencies theirs,
                                       KubernetesLedgerBench.Settings s) {
        System.out.println("   queries: environment(app, env), verifiedIn(app, env, digest), registration(app, version) in"
                + " equal parts, random applications; one call at a time, each timed");
        System.out.println("   per call                                calls         mean          p50          p99"
                + "        p99.9          max");
        row(Contender.KUBERNETES_LEDGER.label + " (after warm-up)", ours);
        row(Contender.BASELINE.label + " (after 2 calls)", theirs);
        System.out.printf("   ratio baseline / KubernetesLedger: mean %s, p50 %s, p99 %s"
                + " (budget %d s each, -Dbench.querySeconds; -Dbench.queries=%d, -Dbench.baselineQueries=%d)%n",
                times(theirs.mean() / ours.mean()), times(theirs.p(50) / ours.p(50)), times(theirs.p(99) / ours.p(99)),
                s.queryBudget().toSeconds(), s.queries(), s.baselineQueries());
    }

    private static void row(String name, AdmissionQueries.Latencies l) {
        System.out.printf("   %-36s %,9d %12s %12s %12s %12s %12s%n", name, l.calls(), micros(l.mean()), micros(l.p(50)),
                micros(l.p(99)), micros(l.p(99.9)), micros(l.max()));
    }
}
