package io.jenkins.plugins.routetolive.engine.promotion;

import io.jenkins.plugins.routetolive.engine.event.EventKind;
import io.jenkins.plugins.routetolive.engine.ledger.Deployed;
import io.jenkins.plugins.routetolive.engine.message.Sentences;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A promotion whose deployment is the pipeline's own steps. {@link #begin} records that the deployment
 * starts, after the checks every deployment passes (all approvals given, no freeze window begun since the
 * request), so the pipeline runs its steps only when the engine allows it; afterwards
 * {@link Rollout#verifyExternal} gates what they did, or {@link #failed} records that they failed.
 */
public final class PipelineDeployment {

    /** The reason recorded on the DEPLOYING entry of a promotion the pipeline deploys itself. */
    public static final String REASON = "deployed by the pipeline";

    private final PromotionService service;

    public PipelineDeployment(PromotionService service) {
        this.service = Objects.requireNonNull(service, "service");
    }

    /**
     * Records the promotion as deploying; throws {@link PromotionRefusedException} (and records the
     * promotion as failed where the engine says so, e.g. a freeze that began after the request) when it may not.
     */
    public Promotion begin(String promotionId) {
        Promotion p = service.transition(promotionId, PromotionState.DEPLOYING, "system", REASON);
        service.publish(EventKind.DEPLOYING, promotionId, p.artifact().application(), p.environment(), "Deploying "
                + p.artifact().describe() + " to " + p.environment() + " with the pipeline's own steps.");
        return p;
    }

    /**
     * The pipeline's steps failed before anything could be verified: the promotion fails, and the message says
     * that the environment may run either version and what to restore.
     */
    public PromotionOutcome failed(String promotionId, String failure) {
        Promotion p = service.promotion(promotionId);
        Optional<Deployed> lastKnownGood = service.ledger().environment(p.artifact().application(), p.environment())
                .lastKnownGood();
        String restore = lastKnownGood.map(d -> " Its last known good is " + p.artifact().application() + " " + d.version()
                        + " (" + d.digest() + "): restore it with rollbackEnvironment if the steps changed anything.")
                .orElse(" Nothing was ever verified there, so there is no last known good to restore.");
        String message = "Promotion of " + p.describe() + " failed: the pipeline's deployment steps failed ("
                + Sentences.clause(failure) + "), so " + p.environment() + " may run "
                + p.artifact().version() + " in part or what ran there before." + restore;
        service.transition(promotionId, PromotionState.FAILED, "system", message);
        service.publish(EventKind.FAILED, promotionId, p.artifact().application(), p.environment(), message);
        return new PromotionOutcome(promotionId, PromotionState.FAILED, message, List.of(), Optional.empty());
    }
}
