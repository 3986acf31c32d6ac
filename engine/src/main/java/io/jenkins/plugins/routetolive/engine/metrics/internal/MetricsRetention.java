package io.jenkins.plugins.routetolive.engine.metrics.internal;

import io.jenkins.plugins.routetolive.engine.ledger.EntryType;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;
import io.jenkins.plugins.routetolive.engine.rollback.ManualRollback;

/**
 * Which entries a compaction must keep so that delivery metrics are the same afterwards. Registrations and
 * VERIFIED state changes are kept by retention anyway; on top of those the metrics read failures, restores
 * and which promotions were manual rollbacks. All of them are rare next to the entries a promotion writes.
 */
public final class MetricsRetention {

    private MetricsRetention() {
    }

    /**
     * Whether the entry must be kept.
     *
     * @param finalState the last state recorded for the entry's promotion, null when it has none
     */
    public static boolean keeps(LedgerEntry e, PromotionState finalState) {
        if (e.type() == EntryType.ENVIRONMENT_RESOLVED || e.type() == EntryType.MANIFEST_ROLLBACK) {
            return true;
        }
        if (e.type() != EntryType.STATE_CHANGED) {
            return false;
        }
        return switch (e.state()) {
            case FAILED, ROLLED_BACK, ROLLBACK_FAILED -> true;
            // whether a failed promotion had reached deploying decides whether it counts as a failed change
            case DEPLOYING -> finalState == PromotionState.FAILED || finalState == PromotionState.ROLLING_BACK
                    || finalState == PromotionState.ROLLED_BACK || finalState == PromotionState.ROLLBACK_FAILED;
            // a manual rollback is a restore, not a deployment; only its REQUESTED entry says so
            case REQUESTED -> e.attribute(ManualRollback.KIND_ATTRIBUTE) != null;
            default -> false;
        };
    }
}
