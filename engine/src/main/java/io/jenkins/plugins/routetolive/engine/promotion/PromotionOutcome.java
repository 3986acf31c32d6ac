package io.jenkins.plugins.routetolive.engine.promotion;

import io.jenkins.plugins.routetolive.engine.gate.GateVerdict;
import io.jenkins.plugins.routetolive.engine.ledger.Deployed;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a promotion ended.
 *
 * @param state    VERIFIED, FAILED, ROLLED_BACK or ROLLBACK_FAILED
 * @param message  one sentence for the user: what happened and, after a failure, what was restored
 * @param verdicts every gate verdict, in order (the rollback's too)
 * @param restored what a rollback put back, if anything
 */
public record PromotionOutcome(String promotionId, PromotionState state, String message, List<GateVerdict> verdicts,
                               Optional<Deployed> restored) {

    public PromotionOutcome {
        Objects.requireNonNull(promotionId, "promotionId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(message, "message");
        verdicts = List.copyOf(Objects.requireNonNullElse(verdicts, List.of()));
        restored = Objects.requireNonNullElse(restored, Optional.empty());
    }

    public boolean succeeded() {
        return state == PromotionState.VERIFIED;
    }
}
