package io.jenkins.plugins.routetolive.engine.ledger.kubernetes;

import io.jenkins.plugins.routetolive.engine.ledger.Ledger;

import java.time.Clock;
import java.util.concurrent.locks.LockSupport;

import static io.jenkins.plugins.routetolive.engine.ledger.kubernetes.KubernetesLedgerBench.NAMESPACE;

/**
 * Part 3 of the benchmark: how soon one controller sees another's writes. Reader R is open; writer W, a second ledger
 * instance on the same API server (as another controller would be), appends the workload from several threads. Then R
 * is asked for its size until it shows every entry, and a ledger opened afterwards is timed until it shows them all.
 */
final class InformerCatchUp {

    private static final Clock CLOCK = Clock.systemUTC();

    private record Result(Contender contender, LedgerWorkload.Appended appended, long firstLook, long catchUpNanos,
                          long freshOpenNanos, long freshSize) {
    }

    private InformerCatchUp() {
    }

    static void run(KubernetesLedgerBench.Settings s) throws Exception {
        LedgerWorkload workload = LedgerWorkload.of(s.catchUpApplications(), s.catchUpEntries());
        System.out.printf("%n3. Another controller's writes: W appends up to %,d entries over %,d applications from %d threads while"
                + " reader R is open (budget %d s each, -Dbench.catchUpSeconds)%n", workload.entries(),
                s.catchUpApplications(), s.writerThreads(), s.catchUpBudget().toSeconds());
        System.out.printf("   %-18s %9s %9s %10s %16s %18s %20s%n", "ledger", "written", "in", "entries/s",
                "R at first look", "R shows all", "a fresh ledger");
        System.out.printf("   %-18s %9s %9s %10s %16s %18s %20s%n", "", "by W", "", "", "after W's last", "after W's last",
                "shows all (open");
        System.out.printf("   %-18s %9s %9s %10s %16s %18s %20s%n", "", "", "", "", "write", "write", "and load)");
        for (Contender c : new Contender[] {Contender.KUBERNETES_LEDGER, Contender.BASELINE}) {
            Result r = measure(c, workload, s);
            int n = r.appended().entries().size();
            String caughtUp = r.catchUpNanos() < 0 ? "NOT within " + s.visibilityTimeout().toSeconds() + " s"
                    : String.format("%.1f ms", r.catchUpNanos() / 1e6);
            System.out.printf("   %-18s %,9d %7.1f s %,10.0f %,16d %18s %18.3f s%s%n", c.label, n,
                    r.appended().nanos() / 1e9, r.appended().perSecond(), r.firstLook(), caughtUp,
                    r.freshOpenNanos() / 1e9, r.freshSize() < n ? " (NOT ALL: " + r.freshSize() + ")" : "");
        }
        System.out.println("   (R, W and the fresh ledger are ledger instances in this JVM, each with its own client; R's catch-up"
                + " for the baseline is one re-list, which it does on every call)");
    }

    private static Result measure(Contender c, LedgerWorkload workload, KubernetesLedgerBench.Settings s) throws Exception {
        try (MockApiServer api = MockApiServer.start();
             Ledger reader = c.open(api.client(), NAMESPACE, "bench-reader", CLOCK);
             Ledger writer = c.open(api.newClient(), NAMESPACE, "bench-writer", CLOCK)) {
            LedgerWorkload.Appended appended = workload.append(writer, s.writerThreads(), s.catchUpBudget());
            long n = appended.entries().size();
            long firstLook = reader.size();
            long deadline = System.nanoTime() + s.visibilityTimeout().toNanos();
            long seen = firstLook;
            while (seen < n && System.nanoTime() < deadline) {
                LockSupport.parkNanos(100_000);
                seen = reader.size();
            }
            long caughtUp = seen >= n ? System.nanoTime() - appended.lastAcknowledged() : -1;
            long start = System.nanoTime();
            long freshSize;
            try (Ledger fresh = c.open(api.newClient(), NAMESPACE, "bench-late-reader", CLOCK)) {
                freshSize = KubernetesLedgerBench.awaitSize(fresh, n, s.visibilityTimeout());
            }
            return new Result(c, appended, firstLook, caughtUp, System.nanoTime() - start, freshSize);
        }
    }
}
