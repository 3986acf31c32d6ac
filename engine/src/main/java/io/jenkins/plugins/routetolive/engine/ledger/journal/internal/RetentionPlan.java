package io.jenkins.plugins.routetolive.engine.ledger.journal.internal;

import io.jenkins.plugins.routetolive.engine.ephemeral.internal.EphemeralRetention;
import io.jenkins.plugins.routetolive.engine.ledger.EntryType;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.metrics.internal.MetricsRetention;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which entries a compaction keeps. Replaying the kept entries in order yields the same current state,
 * last known good, broken flag and verified digests for every application and environment, the same
 * registrations, and the full history of every promotion still in flight. Kept are:
 * <ul>
 *   <li>the newest {@code retainEntries} entries;</li>
 *   <li>every registration (it also makes the digest verified in the entry environment);</li>
 *   <li>every VERIFIED state change (last known good, and "verified in" for admission);</li>
 *   <li>per application and environment, the last entry that set what runs there and the last entry that
 *       set or cleared the broken flag;</li>
 *   <li>every entry of a promotion not in a final state;</li>
 *   <li>every entry delivery metrics read beyond those ({@link MetricsRetention}): failures, rollbacks,
 *       resolutions, manifest rollbacks, the DEPLOYING entry of a promotion that failed, and the REQUESTED
 *       entry of a manual rollback;</li>
 *   <li>per ephemeral environment, its last deployment and its last entry ({@link EphemeralRetention}), so every
 *       environment still to be torn down (and what it ran) is known after a compaction.</li>
 * </ul>
 * So delivery metrics, too, are the same after a compaction.
 */
public final class RetentionPlan {

    private final List<LedgerEntry> kept = new ArrayList<>();
    private final List<LedgerEntry> dropped = new ArrayList<>();

    private RetentionPlan() {
    }

    public static RetentionPlan of(List<LedgerEntry> entries, long retainEntries) {
        Set<Long> pinned = new HashSet<>();
        Map<String, Long> lastCurrent = new HashMap<>();
        Map<String, Long> lastBroken = new HashMap<>();
        Map<String, PromotionState> promotionStates = new HashMap<>();
        for (LedgerEntry e : entries) {
            String env = e.application() + '\u0000' + e.environment();
            if (e.type() == EntryType.ARTIFACT_REGISTERED || e.state() == PromotionState.VERIFIED) {
                pinned.add(e.sequence());
            }
            if (setsCurrent(e)) {
                lastCurrent.put(env, e.sequence());
            }
            if (e.state() == PromotionState.ROLLBACK_FAILED || e.type() == EntryType.ENVIRONMENT_RESOLVED) {
                lastBroken.put(env, e.sequence());
            }
            if (e.type() == EntryType.STATE_CHANGED && !e.promotionId().isEmpty()) {
                promotionStates.put(e.promotionId(), e.state());
            }
        }
        pinned.addAll(lastCurrent.values());
        pinned.addAll(EphemeralRetention.kept(entries));
        pinned.addAll(lastBroken.values());
        RetentionPlan plan = new RetentionPlan();
        long firstRecent = entries.size() - Math.min(retainEntries, entries.size());
        for (int i = 0; i < entries.size(); i++) {
            LedgerEntry e = entries.get(i);
            PromotionState promotion = promotionStates.get(e.promotionId());
            boolean active = promotion != null && !promotion.isFinal();
            boolean kept = i >= firstRecent || active || pinned.contains(e.sequence()) || MetricsRetention.keeps(e, promotion);
            (kept ? plan.kept : plan.dropped).add(e);
        }
        return plan;
    }

    private static boolean setsCurrent(LedgerEntry e) {
        if (e.type() == EntryType.ARTIFACT_REGISTERED) {
            return !e.environment().isEmpty();
        }
        if (e.type() == EntryType.ENVIRONMENT_RESOLVED) {
            return e.attribute(LedgerEntry.Attributes.RESTORED_DIGEST) != null;
        }
        if (e.type() != EntryType.STATE_CHANGED) {
            return false;
        }
        return switch (e.state()) {
            case DEPLOYING, VERIFIED -> true;
            case ROLLED_BACK, FAILED -> e.attribute(LedgerEntry.Attributes.RESTORED_DIGEST) != null
                    || e.attribute(LedgerEntry.Attributes.ENVIRONMENT_STATE) != null;
            default -> false;
        };
    }

    /**
     * Writes the dropped entries to {@code archive-<first>-<last>.rtl} beside the journal (when asked), then
     * replaces the journal atomically with the kept entries. A crash leaves the old or the new journal.
     * Returns the archive written, if any.
     */
    public Optional<Path> rewrite(Path journal, long lastSequence, boolean archiveDropped) throws IOException {
        Optional<Path> archive = Optional.empty();
        if (archiveDropped && !dropped.isEmpty()) {
            Path archiveFile = journal.resolveSibling("archive-" + dropped.get(0).sequence() + "-"
                    + dropped.get(dropped.size() - 1).sequence() + ".rtl");
            JournalFile.writeAtomically(archiveFile, dropped.get(dropped.size() - 1).sequence(), dropped);
            archive = Optional.of(archiveFile);
        }
        JournalFile.writeAtomically(journal, lastSequence, kept);
        return archive;
    }

    public List<LedgerEntry> kept() {
        return kept;
    }

    public List<LedgerEntry> dropped() {
        return dropped;
    }
}
