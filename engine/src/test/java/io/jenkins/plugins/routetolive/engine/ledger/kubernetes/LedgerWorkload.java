package io.jenkins.plugins.routetolive.engine.ledger.kubernetes;

import io.jenkins.plugins.routetolive.engine.artifact.Digest;
import io.jenkins.plugins.routetolive.engine.ledger.EntryType;
import io.jenkins.plugins.routetolive.engine.ledger.Ledger;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Releases of many applications as the engine records them: each registered in build, then promoted to development
 * and test (request, deploying, verifying, gate verdict, verified); every seventh release fails its gate in test and
 * is rolled back. Built the same way every run.
 */
final class LedgerWorkload {

    static final String[] ENVIRONMENTS = {"development", "test"};
    private static final Instant T0 = Instant.parse("2026-01-05T08:00:00Z");

    /** One application's releases, each the list of entries it appends, in order. */
    private final List<List<List<LedgerEntry>>> releasesByApplication = new ArrayList<>();
    private final int entries;

    private LedgerWorkload(int applications, int wanted) {
        for (int a = 0; a < applications; a++) {
            releasesByApplication.add(new ArrayList<>());
        }
        int total = 0;
        for (int release = 0; total < wanted; release++) {
            for (int a = 0; a < applications && total < wanted; a++) {
                List<LedgerEntry> r = release(a, release);
                releasesByApplication.get(a).add(r);
                total += r.size();
            }
        }
        this.entries = total;
    }

    /** Whole releases round-robin over the applications until there are at least {@code entries} entries. */
    static LedgerWorkload of(int applications, int entries) {
        return new LedgerWorkload(applications, entries);
    }

    int entries() {
        return entries;
    }

    static String application(int a) {
        return String.format("app-%04d", a);
    }

    static Digest digest(int application, int release) {
        return new Digest(String.format("sha256:%064x", application * 1_000_000L + release));
    }

    private static List<LedgerEntry> release(int a, int release) {
        String app = application(a);
        String version = "1." + release + ".0";
        Digest digest = digest(a, release);
        Instant t = T0.plus(Duration.ofMinutes(release * 60L + a % 60));
        List<LedgerEntry> out = new ArrayList<>();
        out.add(new LedgerEntry(0, t, EntryType.ARTIFACT_REGISTERED, "", app, version, digest, "build", null, "ci", "",
                Map.of(LedgerEntry.Attributes.SOURCE_REVISION, String.format("%040x", a * 1_000_000L + release),
                        LedgerEntry.Attributes.BUILD, app + "/main#" + (release + 1))));
        for (String env : ENVIRONMENTS) {
            String id = "jenkins-a-" + app + "-" + release + "-" + env;
            boolean fails = env.equals("test") && release % 7 == 6;
            t = t.plusSeconds(120);
            out.add(state(t, id, app, version, digest, env, PromotionState.REQUESTED, "dora",
                    Map.of(LedgerEntry.Attributes.BUILD, app + "/main#" + (release + 1))));
            out.add(state(t, id, app, version, digest, env, PromotionState.DEPLOYING, "system", Map.of()));
            out.add(state(t.plusSeconds(20), id, app, version, digest, env, PromotionState.VERIFYING, "system", Map.of()));
            out.add(new LedgerEntry(0, t.plusSeconds(50), EntryType.GATE_VERDICT, id, app, version, digest, env, null, "system",
                    fails ? "Health gate: 0/3 checks passed in 30.0 s" : "Health gate: 3/3 checks passed in 30.0 s",
                    Map.of(LedgerEntry.Attributes.VERDICT, fails ? "failed" : "passed")));
            if (fails) {
                out.add(state(t.plusSeconds(50), id, app, version, digest, env, PromotionState.FAILED, "system", Map.of()));
                out.add(state(t.plusSeconds(50), id, app, version, digest, env, PromotionState.ROLLING_BACK, "system", Map.of()));
                out.add(state(t.plusSeconds(80), id, app, version, digest, env, PromotionState.ROLLED_BACK, "system", Map.of()));
                break;
            }
            out.add(state(t.plusSeconds(50), id, app, version, digest, env, PromotionState.VERIFIED, "system", Map.of()));
        }
        return out;
    }

    private static LedgerEntry state(Instant t, String id, String app, String version, Digest digest, String env,
                                     PromotionState state, String actor, Map<String, String> attributes) {
        return new LedgerEntry(0, t, EntryType.STATE_CHANGED, id, app, version, digest, env, state, actor, "", attributes);
    }

    /**
     * What {@link #append} wrote: the entries whose append returned (each application's in order), how long it took, and
     * when the last append returned ({@link System#nanoTime}).
     */
    record Appended(List<LedgerEntry> entries, long nanos, long lastAcknowledged, boolean complete) {

        double perSecond() {
            return entries.size() / (nanos / 1e9);
        }
    }

    /**
     * Appends the workload through the ledger from {@code threads} threads, each owning every {@code threads}-th
     * application and appending one release of each of its applications in turn. Stops starting releases once the
     * budget is spent, so it may write only part of the workload ({@link Appended#complete} says which).
     */
    Appended append(Ledger ledger, int threads, Duration budget) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + budget.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<LedgerEntry>>> workers = new ArrayList<>();
            long[] lastAck = new long[threads];
            for (int t = 0; t < threads; t++) {
                int thread = t;
                workers.add(pool.submit(() -> appendShare(ledger, thread, threads, deadline, lastAck)));
            }
            List<LedgerEntry> written = new ArrayList<>();
            for (Future<List<LedgerEntry>> w : workers) {
                written.addAll(w.get());
            }
            long last = 0;
            for (long ack : lastAck) {
                last = Math.max(last, ack);
            }
            return new Appended(written, System.nanoTime() - start, last, written.size() == entries);
        } catch (ExecutionException e) {
            throw new IllegalStateException("appending the workload failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private List<LedgerEntry> appendShare(Ledger ledger, int thread, int threads, long deadline, long[] lastAck) {
        List<LedgerEntry> written = new ArrayList<>();
        for (int release = 0; ; release++) {
            boolean any = false;
            for (int a = thread; a < releasesByApplication.size(); a += threads) {
                List<List<LedgerEntry>> releases = releasesByApplication.get(a);
                if (release >= releases.size()) {
                    continue;
                }
                if (System.nanoTime() > deadline) {
                    return written;
                }
                for (LedgerEntry e : releases.get(release)) {
                    ledger.append(e);
                    lastAck[thread] = System.nanoTime();
                    written.add(e);
                }
                any = true;
            }
            if (!any) {
                return written;
            }
        }
    }
}
