package io.jenkins.plugins.routetolive.engine.ephemeral.internal;

import io.jenkins.plugins.routetolive.engine.ephemeral.EphemeralRecord;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ephemeral environments the ledger knows, one per application and job, kept up to date by the ledger index
 * as it applies each entry (on append, and when a ledger is opened and read). Not thread-safe: the index that owns
 * it is guarded by its ledger.
 */
public final class EphemeralIndex {

    private final Map<String, EphemeralRecord> byOwner = new LinkedHashMap<>();

    /**
     * Takes the entry into account if it is about an ephemeral environment. Never throws: an entry without the
     * attributes that identify its environment (written by hand, or damaged) is left out, so it cannot stop a ledger
     * from opening.
     */
    public void apply(LedgerEntry e) {
        if (!EphemeralEntries.isEphemeral(e.type())) {
            return;
        }
        String key = EphemeralEntries.key(e);
        try {
            byOwner.put(key, EphemeralEntries.read(e, byOwner.get(key)));
        } catch (IllegalArgumentException | NullPointerException incomplete) {
            // not an environment anyone can tear down: nothing to keep
        }
    }

    /** Every environment, live or torn down, oldest first. */
    public List<EphemeralRecord> all() {
        return List.copyOf(byOwner.values());
    }
}
