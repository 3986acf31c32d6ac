package io.jenkins.plugins.routetolive.engine.bench;

import io.jenkins.plugins.routetolive.engine.artifact.Digest;
import io.jenkins.plugins.routetolive.engine.ledger.EntryType;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;
import io.jenkins.plugins.routetolive.engine.rollback.ManualRollback;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A ledger's worth of releases for the metrics benchmark: many applications, each release registered and promoted
 * through four environments with approvals and gates as the engine records them; some fail and are rolled back,
 * a few leave the environment broken until a resolution, some production approvals are rejected, and now and
 * then someone rolls production back by hand. Seeded, so every run builds the same ledger.
 */
final class MetricsWorkload {

    static final String[] ENVIRONMENTS = {"development", "test", "stage", "production"};
    static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    static final Duration SPAN = Duration.ofDays(730);

    private final Random random = new Random(42);
    private final List<LedgerEntry> entries = new ArrayList<>();
    private final int applications;
    private int promotions;

    private MetricsWorkload(int applications) {
        this.applications = applications;
    }

    /** At least {@code records} entries over {@link #SPAN}, in time order, sequenced from 1. */
    static List<LedgerEntry> build(int applications, int records) {
        MetricsWorkload w = new MetricsWorkload(applications);
        int releasesGuess = records / 28;
        long stepNanos = SPAN.toNanos() / releasesGuess;
        for (int release = 0; w.entries.size() < records; release++) {
            w.release("app-" + String.format("%03d", w.random.nextInt(applications)), release,
                    T0.plusNanos(stepNanos * release));
        }
        w.entries.sort(Comparator.comparing(LedgerEntry::time));
        List<LedgerEntry> sequenced = new ArrayList<>(w.entries.size());
        for (int i = 0; i < w.entries.size(); i++) {
            sequenced.add(w.entries.get(i).withSequence(i + 1));
        }
        return sequenced;
    }

    private void release(String app, int n, Instant start) {
        Digest digest = new Digest(String.format("sha256:%064x", n + 1));
        String version = "1." + n;
        Instant t = start;
        add(t, EntryType.ARTIFACT_REGISTERED, "", app, version, digest, "build", null, Map.of(
                LedgerEntry.Attributes.SOURCE_REVISION, String.format("%040x", n)));
        for (int e = 0; e < ENVIRONMENTS.length && t != null; e++) {
            t = promote(t.plus(Duration.ofMinutes(20 + random.nextInt(240))), app, version, digest, ENVIRONMENTS[e], e > 0);
        }
        if (t != null && random.nextInt(100) < 2) {
            t = t.plus(Duration.ofHours(1 + random.nextInt(24)));
            String id = "rollback-" + ++promotions;
            state(t, id, app, version, digest, "production", PromotionState.REQUESTED,
                    Map.of(ManualRollback.KIND_ATTRIBUTE, ManualRollback.KIND_ROLLBACK));
            state(t, id, app, version, digest, "production", PromotionState.DEPLOYING, Map.of());
            state(t, id, app, version, digest, "production", PromotionState.VERIFIED, Map.of());
        }
    }

    /** One promotion from its request on; returns when it was verified, or null when it was rejected or failed. */
    private Instant promote(Instant requested, String app, String version, Digest digest, String env, boolean approved) {
        Instant t = requested;
        String id = "p" + ++promotions;
        state(t, id, app, version, digest, env, PromotionState.REQUESTED, Map.of());
        if (approved) {
            state(t, id, app, version, digest, env, PromotionState.AWAITING_APPROVAL, Map.of());
            t = t.plus(Duration.ofMinutes(random.nextInt(120)));
            if (env.equals("production") && random.nextInt(100) < 3) {
                add(t, EntryType.APPROVAL_REJECTED, id, app, version, digest, env, null, Map.of());
                state(t, id, app, version, digest, env, PromotionState.REJECTED, Map.of());
                return null;
            }
            add(t, EntryType.APPROVAL_GIVEN, id, app, version, digest, env, null, Map.of());
        }
        state(t, id, app, version, digest, env, PromotionState.DEPLOYING, Map.of());
        state(t, id, app, version, digest, env, PromotionState.VERIFYING, Map.of());
        t = t.plus(Duration.ofMinutes(2 + random.nextInt(10)));
        boolean fails = random.nextInt(100) < 6;
        add(t, EntryType.GATE_VERDICT, id, app, version, digest, env, null, Map.of(LedgerEntry.Attributes.VERDICT,
                fails ? "failed" : "passed"));
        if (fails) {
            fail(t, id, app, version, digest, env);
            return null;
        }
        state(t, id, app, version, digest, env, PromotionState.VERIFIED, Map.of());
        return t;
    }

    private void fail(Instant at, String id, String app, String version, Digest digest, String env) {
        state(at, id, app, version, digest, env, PromotionState.FAILED, Map.of());
        state(at, id, app, version, digest, env, PromotionState.ROLLING_BACK, Map.of());
        Instant t = at.plus(Duration.ofMinutes(1 + random.nextInt(15)));
        if (random.nextInt(100) < 10) {
            state(t, id, app, version, digest, env, PromotionState.ROLLBACK_FAILED, Map.of());
            add(t.plus(Duration.ofHours(1 + random.nextInt(48))), EntryType.ENVIRONMENT_RESOLVED, "", app, version, digest, env,
                    null, Map.of());
        } else {
            state(t, id, app, version, digest, env, PromotionState.ROLLED_BACK, Map.of());
        }
    }

    private void state(Instant at, String id, String app, String version, Digest digest, String env, PromotionState state,
                       Map<String, String> attributes) {
        add(at, EntryType.STATE_CHANGED, id, app, version, digest, env, state, attributes);
    }

    private void add(Instant at, EntryType type, String id, String app, String version, Digest digest, String env,
                     PromotionState state, Map<String, String> attributes) {
        entries.add(new LedgerEntry(0, at, type, id, app, version, digest, env, state, "system", "", attributes));
    }
}
