package io.jenkins.plugins.routetolive.engine.manifest.internal;

import io.jenkins.plugins.routetolive.engine.approval.Actor;
import io.jenkins.plugins.routetolive.engine.approval.ApprovalTally;
import io.jenkins.plugins.routetolive.engine.event.EventKind;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.manifest.ManifestOutcome;
import io.jenkins.plugins.routetolive.engine.manifest.ManifestPromotion;
import io.jenkins.plugins.routetolive.engine.promotion.Promotion;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionService;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;

import java.util.List;
import java.util.Optional;

/**
 * The decisions on a manifest that waits for approval: approving or rejecting every component promotion at once,
 * and ending the manifest when one component promotion ended before deployment (a rejection of that component,
 * the approval deadline, or the requester withdrawing). A manifest deploys all its components or none, so one
 * component that may not go ends them all.
 */
public final class ManifestDecisions {

    private final PromotionService service;
    private final ManifestPromotion promotion;
    private final ManifestProgress progress;

    public ManifestDecisions(PromotionService service, ManifestPromotion promotion) {
        this.service = service;
        this.promotion = promotion;
        this.progress = new ManifestProgress(service, promotion);
    }

    /** Approves every component promotion this actor has not decided on yet, as the policy allows the actor. */
    public List<Promotion> approve(Actor approver, String comment) {
        for (Promotion now : progress.promotions()) {
            if (now.state() == PromotionState.AWAITING_APPROVAL && now.approvals().status() == ApprovalTally.Status.PENDING
                    && !now.approvals().approvers().contains(approver.id())) {
                service.approve(now.id(), approver, comment);
            }
        }
        return progress.promotions();
    }

    /** Rejects every component promotion that awaits approval; the others that have not started end too. */
    public ManifestOutcome reject(Actor approver, String comment) {
        for (Promotion now : progress.promotions()) {
            if (now.state() == PromotionState.AWAITING_APPROVAL) {
                service.reject(now.id(), approver, comment);
            }
        }
        String message = approver.id() + " rejected " + promotion.describe() + (comment == null || comment.isBlank()
                ? "" : ": " + comment) + "; nothing was deployed.";
        return end(PromotionState.REJECTED, null, approver.id(), message);
    }

    /**
     * Ends a manifest that has not started deploying: as rejected when one of its component promotions was
     * rejected (by a person on its page, or by {@code system} at the approval deadline), otherwise as withdrawn
     * for the reason given (e.g. "the build was stopped"). Every component promotion not yet ended fails.
     */
    public ManifestOutcome end(String reason) {
        Optional<Promotion> rejected = progress.promotions().stream().filter(p -> p.state() == PromotionState.REJECTED)
                .findFirst();
        if (rejected.isEmpty()) {
            return end(PromotionState.FAILED, null, "system", promotion.describe().substring(0, 1).toUpperCase()
                    + promotion.describe().substring(1) + " was withdrawn: " + reason + "; nothing was deployed.");
        }
        Promotion p = rejected.get();
        LedgerEntry decision = progress.last(p.id()).orElseThrow();
        String message = decision.actor() + " rejected promotion " + p.id() + " of " + p.describe()
                + (decision.reason().isEmpty() ? "" : " (" + decision.reason() + ")") + ", so " + promotion.describe()
                + " is rejected as a whole; nothing was deployed.";
        return end(PromotionState.REJECTED, p.artifact().application(), decision.actor(), message);
    }

    private ManifestOutcome end(PromotionState state, String component, String actor, String message) {
        for (Promotion p : progress.promotions()) {
            if (p.state() == PromotionState.REQUESTED || p.state() == PromotionState.AWAITING_APPROVAL) {
                service.transition(p.id(), PromotionState.FAILED, actor, "not deployed: " + message);
            }
        }
        ManifestOutcome outcome = new ManifestOutcome(promotion.manifest(), promotion.environment(), state, message,
                Optional.ofNullable(component), List.of(), List.of(),
                progress.unchanged().stream().map(c -> c.application()).toList(), List.of());
        new ManifestLedger(service, promotion.manifest(), promotion.environment()).outcome(outcome.label(), component, actor,
                message);
        service.publish(state == PromotionState.REJECTED ? EventKind.REJECTED : EventKind.FAILED, "",
                promotion.manifest().name(), promotion.environment(), message);
        return outcome;
    }
}
