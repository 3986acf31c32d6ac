package io.jenkins.plugins.routetolive.engine.promotion;

import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.deploy.Deployer;
import io.jenkins.plugins.routetolive.engine.deploy.DeploymentRequest;
import io.jenkins.plugins.routetolive.engine.gate.Gate;
import io.jenkins.plugins.routetolive.engine.gate.GateSubject;
import io.jenkins.plugins.routetolive.engine.gate.GateVerdict;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;

import static io.jenkins.plugins.routetolive.engine.promotion.PromotionFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

/** A gate or deployer that breaks (a failed future, or a throw) fails the promotion and rolls back; it never strands it. */
class MisbehavingPartsTest {

    private final PromotionFixture f = new PromotionFixture();

    @Test
    void gateWhoseFutureFailsCountsAsAFailedGateAndRollsBack() {
        Artifact good = f.registered("1.0.0");
        Artifact next = f.registered("1.1.0");
        f.promoteThrough(good, "development");
        Gate broken = new Gate() {
            @Override
            public CompletableFuture<GateVerdict> evaluate(GateSubject subject) {
                return subject.artifact().equals(next)
                        ? CompletableFuture.failedFuture(new IllegalStateException("probe client closed"))
                        : PromotionFixture.passing().evaluate(subject);
            }

            @Override
            public String describe() {
                return "broken gate";
            }
        };
        Promotion promotion = f.request(next, "development");

        PromotionOutcome outcome = await(f.rollout.deployAndVerify(promotion.id(), f.deployer, broken));

        assertThat(outcome.state()).isEqualTo(PromotionState.ROLLED_BACK);
        assertThat(outcome.message()).contains("the gate could not be evaluated: probe client closed");
        assertThat(f.deployer.running("shop", "development")).contains(good);
    }

    @Test
    void deployerThatThrowsFailsThePromotionInsteadOfLeavingItDeploying() {
        Artifact artifact = f.registered("1.0.0");
        Deployer throwing = new Deployer() {
            @Override
            public CompletableFuture<Void> deploy(DeploymentRequest request) {
                throw new IllegalArgumentException("namespace 'development' not found");
            }

            @Override
            public String describe() {
                return "throwing deployer";
            }
        };
        Promotion promotion = f.request(artifact, "development");

        PromotionOutcome outcome = await(f.rollout.deployAndVerify(promotion.id(), throwing, PromotionFixture.passing()));

        assertThat(outcome.state()).isEqualTo(PromotionState.FAILED);
        assertThat(outcome.message()).contains("deployment failed: namespace 'development' not found");
        assertThat(f.service.promotion(promotion.id()).state()).isEqualTo(PromotionState.FAILED);
    }
}
