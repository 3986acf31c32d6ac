package io.jenkins.plugins.routetolive.engine.promotion;

import io.jenkins.plugins.routetolive.engine.approval.Actor;
import io.jenkins.plugins.routetolive.engine.approval.Privilege;
import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.event.EventKind;
import io.jenkins.plugins.routetolive.engine.ledger.EntryType;
import io.jenkins.plugins.routetolive.engine.ledger.EnvironmentState;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.jenkins.plugins.routetolive.engine.promotion.PromotionFixture.APP;
import static io.jenkins.plugins.routetolive.engine.promotion.PromotionFixture.DEVELOPER;
import static io.jenkins.plugins.routetolive.engine.promotion.PromotionFixture.failingFor;
import static io.jenkins.plugins.routetolive.engine.promotion.PromotionFixture.refusal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An environment whose rollback failed takes nothing more until someone with the Rollback permission resolves it. */
class BrokenEnvironmentTest {

    private static final Actor OPERATOR = Actor.of("olivia", "ops").withPrivileges(Privilege.ROLLBACK);

    private final PromotionFixture f = new PromotionFixture();
    private Artifact v1;
    private Artifact v2;
    private Artifact v3;

    @BeforeEach
    void versions() {
        v1 = f.registered("1.0.0");
        v2 = f.registered("1.1.0");
        v3 = f.registered("1.2.0");
        f.promoteThrough(v1, "development");
    }

    @Test
    void failedRollbackRecordedThroughTheServiceBreaksTheEnvironment() {
        Promotion p = f.request(v2, "development");
        f.service.transition(p.id(), PromotionState.DEPLOYING, "system", "");
        f.service.transition(p.id(), PromotionState.VERIFYING, "system", "");
        f.service.transition(p.id(), PromotionState.FAILED, "system", "health gate failed");
        f.service.transition(p.id(), PromotionState.ROLLING_BACK, "system", "health gate failed");
        f.service.transition(p.id(), PromotionState.ROLLBACK_FAILED, "system", "database migration cannot be undone");

        EnvironmentState state = f.ledger.environment(APP, "development");
        assertThat(state.broken()).isTrue();
        assertThat(state.brokenReason()).isEqualTo("database migration cannot be undone");
        assertRefusedAsBroken("database migration cannot be undone");
    }

    @Test
    void rollbackFailingItsGateBreaksTheEnvironmentUntilResolved() {
        Promotion p = f.request(v2, "development");

        PromotionOutcome outcome = f.deployAndVerify(p, failingFor(a -> true));

        assertThat(outcome.state()).isEqualTo(PromotionState.ROLLBACK_FAILED);
        assertThat(f.ledger.environment(APP, "development").broken()).isTrue();
        assertThat(f.events).extracting(e -> e.kind()).contains(EventKind.ROLLBACK_FAILED);
        assertRefusedAsBroken("health gate failed");

        f.service.resolve(APP, "development", OPERATOR, "restored the 1.0.0 database snapshot by hand");

        assertThat(f.ledger.environment(APP, "development").broken()).isFalse();
        LedgerEntry resolution = f.ledger.history(APP).get(f.ledger.history(APP).size() - 1);
        assertThat(resolution.type()).isEqualTo(EntryType.ENVIRONMENT_RESOLVED);
        assertThat(resolution.actor()).isEqualTo("olivia");
        assertThat(resolution.reason()).isEqualTo("restored the 1.0.0 database snapshot by hand");
        assertThat(f.events).extracting(e -> e.kind()).contains(EventKind.RESOLVED);
        assertThat(f.service.request(f.requestOf(v3, "development", DEVELOPER))).isCompleted();
    }

    @Test
    void resolvingNeedsTheRollbackPrivilegeAndAReason() {
        breakDevelopment();

        assertThatThrownBy(() -> f.service.resolve(APP, "development", DEVELOPER, "fixed it"))
                .isInstanceOf(PromotionRefusedException.class)
                .hasMessageContaining("dora may not record a resolution for shop in development: that needs the Rollback permission");
        assertThatThrownBy(() -> f.service.resolve(APP, "development", OPERATOR, " "))
                .hasMessageContaining("needs a reason");
        assertThat(f.ledger.environment(APP, "development").broken()).isTrue();
        assertRefusedAsBroken("");
    }

    @Test
    void resolvingAnEnvironmentThatIsNotBrokenIsRefused() {
        assertThatThrownBy(() -> f.service.resolve(APP, "development", OPERATOR, "just in case"))
                .isInstanceOf(PromotionRefusedException.class)
                .hasMessageContaining("development is not broken for shop; nothing to resolve.");
    }

    @Test
    void brokenEnvironmentOfOneApplicationDoesNotStopAnother() {
        breakDevelopment();

        assertThat(f.ledger.environment("cart", "development").broken()).isFalse();
        assertThat(f.ledger.environment(APP, "test").broken()).isFalse();
    }

    private void breakDevelopment() {
        Promotion p = f.request(v2, "development");
        assertThat(f.deployAndVerify(p, failingFor(a -> true)).state()).isEqualTo(PromotionState.ROLLBACK_FAILED);
    }

    private void assertRefusedAsBroken(String reason) {
        assertThat(refusal(f.service.request(f.requestOf(v3, "development", DEVELOPER))))
                .isInstanceOf(PromotionRefusedException.class)
                .hasMessageContaining("Cannot promote shop 1.2.0")
                .hasMessageContaining("to development: the environment is broken (")
                .hasMessageContaining(reason)
                .hasMessageContaining("record a resolution with a reason");
    }
}
