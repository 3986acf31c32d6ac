package io.jenkins.plugins.routetolive.engine.promotion;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static io.jenkins.plugins.routetolive.engine.promotion.PromotionState.AWAITING_APPROVAL;
import static io.jenkins.plugins.routetolive.engine.promotion.PromotionState.DEPLOYING;
import static io.jenkins.plugins.routetolive.engine.promotion.PromotionState.FAILED;
import static io.jenkins.plugins.routetolive.engine.promotion.PromotionState.REJECTED;
import static io.jenkins.plugins.routetolive.engine.promotion.PromotionState.REQUESTED;
import static io.jenkins.plugins.routetolive.engine.promotion.PromotionState.ROLLBACK_FAILED;
import static io.jenkins.plugins.routetolive.engine.promotion.PromotionState.ROLLED_BACK;
import static io.jenkins.plugins.routetolive.engine.promotion.PromotionState.ROLLING_BACK;
import static io.jenkins.plugins.routetolive.engine.promotion.PromotionState.VERIFIED;
import static io.jenkins.plugins.routetolive.engine.promotion.PromotionState.VERIFYING;

/**
 * The legal moves of a promotion, in one table: requested → awaiting approval → deploying → verifying →
 * verified, or failed → rolling back → rolled back / rollback failed; rejected ends an approval.
 */
public final class PromotionStateMachine {

    private static final Map<PromotionState, Set<PromotionState>> MOVES;

    static {
        Map<PromotionState, Set<PromotionState>> moves = new EnumMap<>(PromotionState.class);
        for (PromotionState s : PromotionState.values()) {
            moves.put(s, EnumSet.noneOf(PromotionState.class));
        }
        moves.put(REQUESTED, EnumSet.of(AWAITING_APPROVAL, DEPLOYING, FAILED));
        moves.put(AWAITING_APPROVAL, EnumSet.of(DEPLOYING, REJECTED, FAILED));
        moves.put(DEPLOYING, EnumSet.of(VERIFYING, FAILED));
        moves.put(VERIFYING, EnumSet.of(VERIFIED, FAILED));
        moves.put(FAILED, EnumSet.of(ROLLING_BACK));
        moves.put(ROLLING_BACK, EnumSet.of(ROLLED_BACK, ROLLBACK_FAILED));
        moves.replaceAll((k, v) -> Collections.unmodifiableSet(v));
        MOVES = Collections.unmodifiableMap(moves);
    }

    private PromotionStateMachine() {
    }

    public static boolean allows(PromotionState from, PromotionState to) {
        return MOVES.get(from).contains(to);
    }

    public static Set<PromotionState> next(PromotionState from) {
        return MOVES.get(from);
    }

    /** Throws {@link IllegalStateTransitionException} naming both states when the move is not in the table. */
    public static void check(String promotionId, PromotionState from, PromotionState to) {
        if (!allows(from, to)) {
            Set<PromotionState> legal = next(from);
            throw new IllegalStateTransitionException("Promotion " + promotionId + " cannot move from " + from + " to " + to
                    + (legal.isEmpty() ? ": " + from + " is final." : "; from " + from + " it may only move to " + legal + "."));
        }
    }
}
