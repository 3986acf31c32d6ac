package io.jenkins.plugins.routetolive.engine.ledger.kubernetes;

import io.jenkins.plugins.routetolive.engine.artifact.Digest;
import io.jenkins.plugins.routetolive.engine.ledger.EntryType;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerQueries;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The questions admission asks the ledger, drawn at random (seeded) over the applications of a ledger: what is in an
 * environment now ({@code environment}), was this digest verified there ({@code verifiedIn}), which artifact is this
 * version ({@code registration}), in equal parts. Drawn before anything is timed.
 */
final class AdmissionQueries {

    private record Query(int kind, String application, String environment, String version, Digest digest) {
    }

    private final Query[] queries;
    /** Counts null answers, so no answer can be optimised away. */
    private long nulls;

    private AdmissionQueries(Query[] queries) {
        this.queries = queries;
    }

    /** {@code count} queries about the applications and registered versions among {@code entries}. */
    static AdmissionQueries over(List<LedgerEntry> entries, int count, long seed) {
        Map<String, List<LedgerEntry>> registrations = new LinkedHashMap<>();
        for (LedgerEntry e : entries) {
            if (e.type() == EntryType.ARTIFACT_REGISTERED) {
                registrations.computeIfAbsent(e.application(), a -> new ArrayList<>()).add(e);
            }
        }
        List<List<LedgerEntry>> byApplication = new ArrayList<>(registrations.values());
        if (byApplication.isEmpty()) {
            throw new IllegalArgumentException("no registration among the " + entries.size() + " entries written, so there"
                    + " is nothing to ask about; give the writers more time (-Dbench.populateSeconds)");
        }
        Random random = new Random(seed);
        Query[] queries = new Query[count];
        for (int i = 0; i < count; i++) {
            List<LedgerEntry> releases = byApplication.get(random.nextInt(byApplication.size()));
            LedgerEntry r = releases.get(random.nextInt(releases.size()));
            String env = LedgerWorkload.ENVIRONMENTS[random.nextInt(LedgerWorkload.ENVIRONMENTS.length)];
            queries[i] = new Query(random.nextInt(3), r.application(), env, r.version(), r.digest());
        }
        return new AdmissionQueries(queries);
    }

    int size() {
        return queries.length;
    }

    long nullAnswers() {
        return nulls;
    }

    /** Asks query {@code i} (modulo the number drawn) and returns the answer. */
    Object ask(LedgerQueries ledger, int i) {
        Query q = queries[i % queries.length];
        return switch (q.kind()) {
            case 0 -> ledger.environment(q.application(), q.environment());
            case 1 -> ledger.verifiedIn(q.application(), q.environment(), q.digest());
            default -> ledger.registration(q.application(), q.version());
        };
    }

    /** Nanoseconds per call of one ledger, sorted, and how many calls that was. */
    record Latencies(long[] sorted) {

        static Latencies of(long[] nanos, int count) {
            long[] copy = Arrays.copyOf(nanos, count);
            Arrays.sort(copy);
            return new Latencies(copy);
        }

        int calls() {
            return sorted.length;
        }

        double mean() {
            return Arrays.stream(sorted).average().orElse(Double.NaN);
        }

        /** The smallest sample at or above the percentile (nearest rank). */
        double p(double percentile) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            return sorted[(int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(percentile / 100 * sorted.length) - 1))];
        }

        double max() {
            return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1];
        }
    }

    /**
     * Times queries one call at a time: {@code warmUp} calls not recorded (stopping early after a quarter of the budget),
     * then up to {@code calls} recorded, stopping early when the budget is spent. The first answers go to {@code answers}.
     */
    Latencies time(LedgerQueries ledger, int warmUp, int calls, long budgetNanos, Object[] answers) {
        long start = System.nanoTime();
        for (int i = 0; i < warmUp && System.nanoTime() - start < budgetNanos / 4; i++) {
            nulls += ask(ledger, queries.length - 1 - i % queries.length) == null ? 1 : 0;
        }
        long[] nanos = new long[calls];
        int recorded = 0;
        while (recorded < calls && System.nanoTime() - start < budgetNanos) {
            long t = System.nanoTime();
            Object answer = ask(ledger, recorded);
            nanos[recorded] = System.nanoTime() - t;
            nulls += answer == null ? 1 : 0;
            if (answers != null && recorded < answers.length) {
                answers[recorded] = answer;
            }
            recorded++;
        }
        return Latencies.of(nanos, recorded);
    }
}
