package io.jenkins.plugins.routetolive.steps;

import hudson.AbortException;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.promotion.Promotion;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionOutcome;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Small helpers shared by the steps: trimming inputs and turning engine refusals into build failures. */
final class StepSupport {

    private StepSupport() {
    }

    static String trim(String value) {
        return value == null ? "" : value.trim();
    }

    /** The engine's own message, without a stack trace in the build log. */
    static AbortException refusal(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof AbortException abort) {
            return abort;
        }
        return new AbortException(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
    }

    /** What a promotion step returns to the script. */
    static Map<String, String> result(PromotionOutcome outcome) {
        Map<String, String> result = new LinkedHashMap<>();
        result.put("promotionId", outcome.promotionId());
        result.put("state", outcome.state().name());
        result.put("message", outcome.message());
        return result;
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
    static String ended(PromotionService service, Promotion p) {
        List<LedgerEntry> history = service.ledger().promotionHistory(p.id());
        LedgerEntry last = history.isEmpty() ? null : history.get(history.size() - 1);
        String by = last == null ? "" : " by " + last.actor();
        String why = last == null || last.reason().isEmpty() ? "." : ": " + last.reason();
        return "Promotion " + p.id() + " of " + p.describe() + " was " + p.state().label() + by + why;
    }
}
