package io.jenkins.plugins.routetolive.engine.promotion;

import io.jenkins.plugins.routetolive.engine.approval.Actor;
import io.jenkins.plugins.routetolive.engine.approval.Privilege;
import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.ledger.EntryType;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.metrics.ChangeFailureRate;
import io.jenkins.plugins.routetolive.engine.metrics.DurationSummary;
import io.jenkins.plugins.routetolive.engine.metrics.MetricsWindow;
import io.jenkins.plugins.routetolive.engine.metrics.WindowMeasures;
import io.jenkins.plugins.routetolive.engine.rollback.ManualRollback;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static io.jenkins.plugins.routetolive.engine.promotion.PromotionFixture.APP;
import static io.jenkins.plugins.routetolive.engine.promotion.PromotionFixture.RELEASE_MANAGER_1;
import static io.jenkins.plugins.routetolive.engine.promotion.PromotionFixture.passing;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Delivery metrics of promotions recorded by the engine itself (rehearsing rollout, approvals, an external
 * deployment that fails, a manual rollback), so the definitions hold for the entries the engine really writes.
 */
class DeliveryMetricsOfPromotionsTest {

    private final PromotionFixture fixture = new PromotionFixture();

    @Test
    void rehearsalsRejectionsAndManualRollbacksCountAsDefined() {
        Artifact v1 = fixture.registered("1.0.0");
        fixture.clock.advance(Duration.ofHours(1));
        fixture.promoteThrough(v1, "production");
        fixture.clock.advance(Duration.ofDays(1));
        Artifact v2 = fixture.registered("2.0.0");
        fixture.clock.advance(Duration.ofHours(2));
        fixture.promoteThrough(v2, "stage");
        assertThat(fixture.ledger.history(APP)).as("stage rehearsed the rollback to 1.0.0 and the redeploy")
                .anyMatch(e -> e.type() == EntryType.REHEARSAL && "passed".equals(e.attribute(LedgerEntry.Attributes.REHEARSAL)));

        Promotion rejected = fixture.request(v2, "production");
        fixture.service.reject(rejected.id(), RELEASE_MANAGER_1, "not before the sale");
        Promotion external = fixture.approveAsNeeded(fixture.request(v2, "production"));
        PromotionOutcome failed = PromotionFixture.await(new Rollout(fixture.service)
                .verifyExternal(external.id(), PromotionFixture.failingFor(a -> a.equals(v2))));
        assertThat(failed.state()).isEqualTo(PromotionState.FAILED);
        fixture.clock.advance(Duration.ofMinutes(15));
        Actor operator = Actor.of("olga", "operators").withPrivileges(Privilege.ROLLBACK);
        PromotionOutcome restored = PromotionFixture.await(new ManualRollback(fixture.service).rollBack(APP, "production",
                Optional.empty(), operator, "2.0.0 fails its health check", fixture.deployer, passing()));
        assertThat(restored.state()).isEqualTo(PromotionState.VERIFIED);

        MetricsWindow window = MetricsWindow.endingNow(fixture.clock);
        WindowMeasures production = fixture.ledger.metrics(APP, window).current();
        assertThat(production.deploymentFrequency().deployments()).as("1.0.0 only: the manual rollback is no deployment")
                .isEqualTo(1);
        assertThat(production.leadTime()).map(DurationSummary::max).contains(Duration.ofHours(1));
        assertThat(production.changeFailureRate()).as("the rejected promotion never deployed").isEqualTo(new ChangeFailureRate(1, 2));
        assertThat(production.timeToRestore()).map(DurationSummary::max).as("restored by the manual rollback")
                .contains(Duration.ofMinutes(15));
        assertThat(production.failingSince()).isEmpty();

        WindowMeasures stage = fixture.ledger.metrics(APP, "stage", window).current();
        assertThat(stage.deploymentFrequency().deployments()).as("the rehearsal's rollback and redeploy are no deployments")
                .isEqualTo(2);
        assertThat(stage.changeFailureRate()).isEqualTo(new ChangeFailureRate(0, 2));
        assertThat(stage.timeToRestore()).isEmpty();
        assertThat(stage.leadTime()).map(DurationSummary::p50).contains(Duration.ofHours(1));
        assertThat(stage.leadTime()).map(DurationSummary::max).contains(Duration.ofHours(2));
    }

    @Test
    void aFailedGateRolledBackByTheRolloutIsAFailedChangeRestoredByTheRollback() {
        Artifact v1 = fixture.registered("1.0.0");
        fixture.promoteThrough(v1, "development");
        Artifact v2 = fixture.registered("2.0.0");
        PromotionOutcome outcome = fixture.deployAndVerify(fixture.request(v2, "development"),
                PromotionFixture.failingFor(a -> a.equals(v2)));
        assertThat(outcome.state()).isEqualTo(PromotionState.ROLLED_BACK);

        WindowMeasures development = fixture.ledger.metrics(APP, "development", MetricsWindow.endingNow(fixture.clock)).current();

        assertThat(development.changeFailureRate()).isEqualTo(new ChangeFailureRate(1, 2));
        assertThat(development.timeToRestore()).map(DurationSummary::count).contains(1);
        assertThat(development.deploymentFrequency().deployments()).isEqualTo(1);
    }
}
