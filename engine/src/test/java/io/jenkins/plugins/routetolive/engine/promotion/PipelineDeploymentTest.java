package io.jenkins.plugins.routetolive.engine.promotion;

import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.ledger.Deployed;
import org.junit.jupiter.api.Test;

import static io.jenkins.plugins.routetolive.engine.promotion.PromotionFixture.await;
import static io.jenkins.plugins.routetolive.engine.promotion.PromotionFixture.passing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pipeline's own deployment steps run only once the engine records the deployment, and their failure is recorded. */
class PipelineDeploymentTest {

    private final PromotionFixture f = new PromotionFixture();
    private final PipelineDeployment pipeline = new PipelineDeployment(f.service);

    @Test
    void recordsTheDeploymentBeforeThePipelineStepsRunAndGatesWhatTheyDid() {
        Artifact v1 = f.registered("1.0.0");
        Promotion promotion = f.request(v1, "development");

        Promotion deploying = pipeline.begin(promotion.id());

        assertThat(deploying.state()).isEqualTo(PromotionState.DEPLOYING);
        assertThat(f.ledger.environment("shop", "development").current()).map(Deployed::digest).contains(v1.digest());
        assertThat(f.events).anyMatch(e -> e.message().equals("Deploying " + v1.describe()
                + " to development with the pipeline's own steps."));

        PromotionOutcome outcome = await(new Rollout(f.service).verifyExternal(promotion.id(), passing()));

        assertThat(outcome.state()).isEqualTo(PromotionState.VERIFIED);
        assertThat(f.ledger.environment("shop", "development").lastKnownGood()).map(Deployed::digest).contains(v1.digest());
    }

    @Test
    void refusesToBeginWhileApprovalsAreMissing() {
        Artifact v1 = f.registered("1.0.0");
        f.promoteThrough(v1, "development");
        Promotion promotion = f.request(v1, "test");

        assertThatThrownBy(() -> pipeline.begin(promotion.id()))
                .isInstanceOf(PromotionRefusedException.class)
                .hasMessageContaining("it still needs 1 approval(s) from members of testers");
        assertThat(f.service.promotion(promotion.id()).state()).isEqualTo(PromotionState.AWAITING_APPROVAL);
    }

    @Test
    void failedStepsFailThePromotionNamingTheLastKnownGoodToRestore() {
        Artifact v1 = f.registered("1.0.0");
        Artifact v2 = f.registered("2.0.0");
        f.promoteThrough(v1, "development");
        Promotion promotion = f.request(v2, "development");
        pipeline.begin(promotion.id());

        PromotionOutcome outcome = pipeline.failed(promotion.id(), "script returned exit code 1.");

        assertThat(outcome.state()).isEqualTo(PromotionState.FAILED);
        assertThat(outcome.message()).isEqualTo("Promotion of " + f.service.promotion(promotion.id()).describe()
                + " failed: the pipeline's deployment steps failed (script returned exit code 1), so development may run "
                + "2.0.0 in part or what ran there before. Its last known good is shop 1.0.0 (" + v1.digest()
                + "): restore it with rollbackEnvironment if the steps changed anything.");
        assertThat(f.service.promotion(promotion.id()).state()).isEqualTo(PromotionState.FAILED);
        assertThat(f.ledger.environment("shop", "development").lastKnownGood()).map(Deployed::digest).contains(v1.digest());
    }
}
