package io.jenkins.plugins.routetolive.engine.ledger.kubernetes.internal;

import io.jenkins.plugins.routetolive.engine.artifact.RegisteredArtifact;
import io.jenkins.plugins.routetolive.engine.ledger.EntryType;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerQueries;
import io.jenkins.plugins.routetolive.engine.ledger.PromotionRecord;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionRefusedException;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionStateMachine;

import java.util.Map;
import java.util.Optional;

/**
 * The decisions another controller can invalidate between a check and its write, checked again against the
 * application's log as read just before the conditional write (which fails if the log changed after that): a
 * different digest registered under the same version meanwhile (promote, never rebuild), and a promotion moved
 * to a final state by another controller (e.g. failed by one that took it over) so this move is no longer legal.
 * Moves between states that are not final are the promotion service's to check.
 */
public final class ConcurrentWriteCheck {

    private ConcurrentWriteCheck() {
    }

    public static void check(LedgerQueries log, LedgerEntry entry, Map<String, String> writers) {
        if (entry.type() == EntryType.ARTIFACT_REGISTERED) {
            Optional<RegisteredArtifact> known = log.registration(entry.application(), entry.version());
            if (known.isPresent() && !known.get().artifact().digest().equals(entry.digest())) {
                throw new PromotionRefusedException("Refused: " + entry.application() + " " + entry.version()
                        + " was registered with digest " + known.get().artifact().digest() + " by " + known.get().registeredBy()
                        + " while this build registered " + entry.digest() + ". Promote, never rebuild: promote the"
                        + " registered artifact, or give this build a new version.");
            }
        }
        if (entry.type() == EntryType.STATE_CHANGED && !entry.promotionId().isEmpty()) {
            Optional<PromotionRecord> promotion = log.promotion(entry.promotionId());
            if (promotion.isPresent() && promotion.get().state().isFinal()
                    && !PromotionStateMachine.allows(promotion.get().state(), entry.state())) {
                String by = writers.getOrDefault(entry.promotionId(), "");
                String reason = log.promotionHistory(entry.promotionId()).stream().reduce((a, b) -> b)
                        .map(LedgerEntry::reason).orElse("");
                throw new io.jenkins.plugins.routetolive.engine.promotion.IllegalStateTransitionException("Promotion "
                        + entry.promotionId() + " is " + promotion.get().state() + " now"
                        + (by.isEmpty() ? "" : ", recorded by controller " + by) + ", so it cannot move to " + entry.state()
                        + (reason.isEmpty() ? "." : " (" + reason + ")."));
            }
        }
    }
}
