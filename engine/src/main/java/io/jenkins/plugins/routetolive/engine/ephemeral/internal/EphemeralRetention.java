package io.jenkins.plugins.routetolive.engine.ephemeral.internal;

import io.jenkins.plugins.routetolive.engine.ledger.EntryType;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which ephemeral entries a compaction must keep so that every ephemeral environment, and above all every one still
 * to be torn down, is known afterwards: per environment its last deployment (what ran there, its URL and expiry)
 * and its last entry (its state and teardown cause). Replaying them gives the same records.
 */
public final class EphemeralRetention {

    private EphemeralRetention() {
    }

    /** The sequence numbers of the ephemeral entries to keep. */
    public static Set<Long> kept(List<LedgerEntry> entries) {
        Map<String, Long> last = new HashMap<>();
        Map<String, Long> lastDeployment = new HashMap<>();
        for (LedgerEntry e : entries) {
            if (EphemeralEntries.isEphemeral(e.type())) {
                last.put(EphemeralEntries.key(e), e.sequence());
                if (e.type() == EntryType.EPHEMERAL_DEPLOYED) {
                    lastDeployment.put(EphemeralEntries.key(e), e.sequence());
                }
            }
        }
        Set<Long> kept = new HashSet<>(last.values());
        kept.addAll(lastDeployment.values());
        return kept;
    }
}
