package io.jenkins.plugins.routetolive.engine.metrics;

import io.jenkins.plugins.routetolive.engine.MutableClock;
import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.ledger.EntryType;
import io.jenkins.plugins.routetolive.engine.ledger.Ledger;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;
import io.jenkins.plugins.routetolive.engine.rollback.ManualRollback;
import io.jenkins.plugins.routetolive.engine.support.Fixtures;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Writes a ledger by hand, entry by entry, the way the engine records promotions (see Rollout, ManualRollback,
 * RehearsingGate), at the time of a clock the test moves. Each step writes all its entries at the clock's now
 * unless it says otherwise, so the test knows every instant.
 */
final class LedgerScript {

    static final String APP = "shop";
    static final String PRODUCTION = "production";
    /** A Monday at midnight: windows of whole days are easy to read. */
    static final Instant T0 = Instant.parse("2026-11-02T00:00:00Z");

    final MutableClock clock = new MutableClock(T0);
    final Ledger ledger;
    final String application;
    private int promotions;

    LedgerScript(Ledger ledger) {
        this(ledger, APP);
    }

    LedgerScript(Ledger ledger, String application) {
        this.ledger = ledger;
        this.application = application;
    }

    LedgerScript advance(Duration duration) {
        clock.advance(duration);
        return this;
    }

    LedgerScript at(Instant instant) {
        clock.set(instant);
        return this;
    }

    /** Registers the version at Build, as built from a revision. */
    Artifact register(String version) {
        Artifact a = Fixtures.artifact(application, version);
        append(new LedgerEntry(0, clock.instant(), EntryType.ARTIFACT_REGISTERED, "", a.application(), a.version(), a.digest(),
                "build", null, "ci", "", Map.of(LedgerEntry.Attributes.SOURCE_REVISION, "c0ffee" + promotions++)));
        return a;
    }

    /** Requested and deploying, not yet ended. */
    String started(Artifact a, String env) {
        String id = application + "-p" + ++promotions;
        state(id, a, env, PromotionState.REQUESTED, Map.of());
        state(id, a, env, PromotionState.DEPLOYING, Map.of());
        return id;
    }

    String verified(Artifact a, String env) {
        String id = started(a, env);
        finishVerified(id, a, env);
        return id;
    }

    void finishVerified(String id, Artifact a, String env) {
        state(id, a, env, PromotionState.VERIFYING, Map.of());
        gate(id, a, env, true);
        state(id, a, env, PromotionState.VERIFIED, Map.of());
    }

    /** Gate failed, rollback to {@code restored} started; it ends after {@code rollbackTakes} with ROLLED_BACK. */
    String rolledBack(Artifact a, String env, Artifact restored, Duration rollbackTakes) {
        String id = failedAndRollingBack(a, env);
        advance(rollbackTakes);
        gate(id, restored, env, true);
        state(id, a, env, PromotionState.ROLLED_BACK, Map.of(LedgerEntry.Attributes.RESTORED_DIGEST, restored.digest().value(),
                LedgerEntry.Attributes.RESTORED_VERSION, restored.version()));
        return id;
    }

    /** Gate failed and the rollback failed too, {@code rollbackTakes} later: the environment is broken. */
    String rollbackFailed(Artifact a, String env, Artifact restored, Duration rollbackTakes) {
        String id = failedAndRollingBack(a, env);
        advance(rollbackTakes);
        gate(id, restored, env, false);
        state(id, a, env, PromotionState.ROLLBACK_FAILED, Map.of());
        return id;
    }

    /** Gate failed and nothing was rolled back (no last known good, or the pipeline must restore it). */
    String failedLeftAsIs(Artifact a, String env) {
        String id = started(a, env);
        state(id, a, env, PromotionState.VERIFYING, Map.of());
        gate(id, a, env, false);
        state(id, a, env, PromotionState.FAILED, Map.of(LedgerEntry.Attributes.ENVIRONMENT_STATE, "left-as-is"));
        return id;
    }

    private String failedAndRollingBack(Artifact a, String env) {
        String id = started(a, env);
        state(id, a, env, PromotionState.VERIFYING, Map.of());
        gate(id, a, env, false);
        state(id, a, env, PromotionState.FAILED, Map.of());
        state(id, a, env, PromotionState.ROLLING_BACK, Map.of());
        return id;
    }

    /** Someone recorded that the broken environment is repaired. */
    void resolved(Artifact running, String env) {
        append(new LedgerEntry(0, clock.instant(), EntryType.ENVIRONMENT_RESOLVED, "", running.application(), running.version(),
                running.digest(), env, null, "rhea", "restarted the database", Map.of()));
    }

    /** Awaited approval and was rejected: never deployed. */
    String rejected(Artifact a, String env) {
        String id = application + "-p" + ++promotions;
        state(id, a, env, PromotionState.REQUESTED, Map.of());
        state(id, a, env, PromotionState.AWAITING_APPROVAL, Map.of());
        append(new LedgerEntry(0, clock.instant(), EntryType.APPROVAL_REJECTED, id, a.application(), a.version(), a.digest(),
                env, null, "rita", "not this week", Map.of()));
        state(id, a, env, PromotionState.REJECTED, Map.of());
        return id;
    }

    /** Refused before deploying (a freeze window began while it awaited approval): FAILED without DEPLOYING. */
    String refusedBeforeDeploying(Artifact a, String env) {
        String id = application + "-p" + ++promotions;
        state(id, a, env, PromotionState.REQUESTED, Map.of());
        state(id, a, env, PromotionState.AWAITING_APPROVAL, Map.of());
        state(id, a, env, PromotionState.FAILED, Map.of());
        return id;
    }

    /** A manual rollback to an artifact verified there before: a promotion of kind rollback. */
    String manualRollback(Artifact to, String env) {
        String id = "rollback-" + application + "-" + ++promotions;
        state(id, to, env, PromotionState.REQUESTED, Map.of(ManualRollback.KIND_ATTRIBUTE, ManualRollback.KIND_ROLLBACK));
        state(id, to, env, PromotionState.DEPLOYING, Map.of());
        finishVerified(id, to, env);
        return id;
    }

    /** A verified promotion whose gate rehearsed the rollback to {@code old} and the redeploy, as RehearsingGate records it. */
    String verifiedWithRehearsal(Artifact a, String env, Artifact old) {
        String id = started(a, env);
        state(id, a, env, PromotionState.VERIFYING, Map.of());
        gate(id, a, env, true);
        gate(id, old, env, true);
        append(new LedgerEntry(0, clock.instant(), EntryType.REHEARSAL, id, a.application(), a.version(), a.digest(), env, null,
                "system", "rolled back and forward again", Map.of(LedgerEntry.Attributes.REHEARSAL, "passed",
                LedgerEntry.Attributes.RESTORED_DIGEST, old.digest().value(), LedgerEntry.Attributes.RESTORED_VERSION, old.version())));
        gate(id, a, env, true);
        state(id, a, env, PromotionState.VERIFIED, Map.of());
        return id;
    }

    void state(String id, Artifact a, String env, PromotionState state, Map<String, String> attributes) {
        append(new LedgerEntry(0, clock.instant(), EntryType.STATE_CHANGED, id, a.application(), a.version(), a.digest(), env,
                state, "system", "", attributes));
    }

    private void gate(String id, Artifact a, String env, boolean passed) {
        append(new LedgerEntry(0, clock.instant(), EntryType.GATE_VERDICT, id, a.application(), a.version(), a.digest(), env,
                null, "system", passed ? "healthy" : "unhealthy", Map.of(LedgerEntry.Attributes.VERDICT, passed ? "passed" : "failed",
                LedgerEntry.Attributes.GATE, "test gate")));
    }

    void append(LedgerEntry entry) {
        ledger.append(entry);
    }

    /** The metrics of this application in production over {@code days} days to now. */
    DeliveryMetrics production(int days) {
        return ledger.metrics(application, PRODUCTION, MetricsWindow.endingNow(clock, Duration.ofDays(days)));
    }
}
