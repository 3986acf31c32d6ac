package io.jenkins.plugins.routetolive.steps;

import hudson.AbortException;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.promotion.PipelineDeployment;
import io.jenkins.plugins.routetolive.engine.promotion.Promotion;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionOutcome;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionService;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException;

/** How a promotion step's promotion ends when the step ends it, and what the step says about an ended one. */
final class PromotionEnd {

    private PromotionEnd() {
    }

    /** Ends a promotion that has not started deploying, so a single-version environment is free again. */
    static void withdraw(PromotionService service, String promotionId, String reason) {
        if (promotionId == null) {
            return;
        }
        try {
            Promotion p = service.promotion(promotionId);
            if (p.state() == PromotionState.REQUESTED || p.state() == PromotionState.AWAITING_APPROVAL) {
                service.transition(promotionId, PromotionState.FAILED, "system", reason);
            }
        } catch (RuntimeException alreadyMoved) {
            // the promotion moved on meanwhile; the ledger holds its true state
        }
    }

    /**
     * Records that the withPromotion block failed (also when the build was stopped) and gives what the step
     * fails with: the engine's account of it, or the interruption itself.
     */
    static Throwable blockFailed(PromotionService service, String promotionId, Throwable t) {
        PromotionOutcome outcome = null;
        try {
            if (service.promotion(promotionId).state() == PromotionState.DEPLOYING) {
                outcome = new PipelineDeployment(service).failed(promotionId, StepSupport.refusal(t).getMessage());
            }
        } catch (RuntimeException alreadyMoved) {
            // the ledger holds the promotion's true state
        }
        return t instanceof FlowInterruptedException || outcome == null ? t : new AbortException(outcome.message());
    }

    /** What a promotion step returns for a promotion found verified (after a restart). */
    static Map<String, String> verified(Promotion p) {
        Map<String, String> result = new LinkedHashMap<>();
        result.put("promotionId", p.id());
        result.put("state", p.state().name());
        result.put("message", p.artifact().describe() + " is verified in " + p.environment() + ".");
        return result;
    }

    /** "Promotion 1f… of shop 1.0 (sha256:…) to production was rejected by bob: not today." */
    static String message(PromotionService service, Promotion p) {
        List<LedgerEntry> history = service.ledger().promotionHistory(p.id());
        LedgerEntry last = history.isEmpty() ? null : history.get(history.size() - 1);
        String by = last == null ? "" : " by " + last.actor();
        String why = last == null || last.reason().isEmpty() ? "." : ": " + last.reason();
        return "Promotion " + p.id() + " of " + p.describe() + " was " + p.state().label() + by + why;
    }
}
