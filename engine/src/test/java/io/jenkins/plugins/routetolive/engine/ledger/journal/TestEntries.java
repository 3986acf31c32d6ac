package io.jenkins.plugins.routetolive.engine.ledger.journal;

import io.jenkins.plugins.routetolive.engine.artifact.Digest;
import io.jenkins.plugins.routetolive.engine.ledger.EntryType;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;

import java.time.Instant;
import java.util.Map;

/** Ledger entries for journal tests and the crash child. */
final class TestEntries {

    static final Instant T0 = Instant.parse("2026-11-22T06:00:00Z");

    private TestEntries() {
    }

    static Digest digest(int n) {
        return new Digest(String.format("sha256:%064x", n));
    }

    /** A state change of promotion {@code p<n>} of shop version 1.n in test; the reason names the writer. */
    static LedgerEntry stateChange(int n, PromotionState state, String writer) {
        return new LedgerEntry(0, T0.plusMillis(n), EntryType.STATE_CHANGED, "p" + n, "shop", "1." + n, digest(n), "test",
                state, "alice", writer, Map.of(LedgerEntry.Attributes.BUILD, "shop/" + n));
    }

    static LedgerEntry of(String app, String env, int n, PromotionState state, String promotionId) {
        return new LedgerEntry(0, T0.plusSeconds(n), EntryType.STATE_CHANGED, promotionId, app, "1." + n, digest(n), env,
                state, "bob", "", Map.of());
    }

    static LedgerEntry registration(String app, int n) {
        return new LedgerEntry(0, T0.plusSeconds(n), EntryType.ARTIFACT_REGISTERED, "", app, "1." + n, digest(n), "build",
                null, "ci", "", Map.of(LedgerEntry.Attributes.SOURCE_REVISION, "abc" + n));
    }
}
