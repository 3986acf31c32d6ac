package io.jenkins.plugins.routetolive.engine.rehearsal;

import io.jenkins.plugins.routetolive.engine.deploy.Deployer;
import io.jenkins.plugins.routetolive.engine.gate.Gate;
import io.jenkins.plugins.routetolive.engine.ledger.Deployed;
import io.jenkins.plugins.routetolive.engine.promotion.Promotion;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionOutcome;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionService;
import io.jenkins.plugins.routetolive.engine.promotion.Rollout;
import io.jenkins.plugins.routetolive.engine.rehearsal.internal.RehearsingGate;
import io.jenkins.plugins.routetolive.engine.route.Environment;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link Rollout} that rehearses the rollback where the route asks for it
 * ({@link Environment#rehearseRollback()}, Stage in the default route): deploy the new release, gate it,
 * roll back to the last known good, gate that, deploy the new release again, gate it. Only then is the
 * promotion verified. The rehearsal and its step timings are recorded as one
 * {@link io.jenkins.plugins.routetolive.engine.ledger.EntryType#REHEARSAL} entry before the verdict.
 *
 * <p>It composes the core rollout: the rehearsal runs inside the gate the rollout evaluates, so a failure at
 * any step fails the gate and the rollout's usual rollback to the last known good follows. Where the
 * environment does not rehearse, this behaves exactly like {@link Rollout}.
 *
 * <p>When the environment has no last known good other than the new release itself, there is nothing to
 * roll back to: the rehearsal is recorded as {@link RehearsalResult#NOTHING_TO_ROLL_BACK_TO} and counts as
 * rehearsed (the first release into an environment cannot rehearse, and Production is not held hostage to it).
 */
public final class RehearsalRollout {

    private final PromotionService service;
    private final Rollout rollout;

    public RehearsalRollout(PromotionService service) {
        this.service = Objects.requireNonNull(service, "service");
        this.rollout = new Rollout(service);
    }

    /** Deploys and verifies like {@link Rollout#deployAndVerify}, rehearsing the rollback where required. */
    public CompletableFuture<PromotionOutcome> deployAndVerify(String promotionId, Deployer deployer, Gate gate) {
        Promotion p = service.promotion(promotionId);
        Environment env = service.route().environment(p.environment());
        if (!env.rehearseRollback()) {
            return rollout.deployAndVerify(promotionId, deployer, gate);
        }
        Optional<Deployed> lastKnownGood = service.ledger().environment(p.artifact().application(), p.environment())
                .lastKnownGood();
        return rollout.deployAndVerify(promotionId, deployer, new RehearsingGate(service, deployer, gate, lastKnownGood));
    }

    /**
     * Picks up a promotion that was deploying or verifying when the process stopped, like {@link Rollout#resume},
     * rehearsing the rollback where required: the rehearsal of the interrupted run was not recorded, and the next
     * environment admits only a verification that rehearsed.
     */
    public CompletableFuture<PromotionOutcome> resume(String promotionId, Deployer deployer, Gate gate) {
        Promotion p = service.promotion(promotionId);
        if (!service.route().environment(p.environment()).rehearseRollback()) {
            return rollout.resume(promotionId, Optional.of(deployer), gate);
        }
        Optional<Deployed> lastKnownGood = service.ledger().environment(p.artifact().application(), p.environment())
                .lastKnownGood();
        return rollout.resume(promotionId, Optional.of(deployer), new RehearsingGate(service, deployer, gate, lastKnownGood));
    }
}
