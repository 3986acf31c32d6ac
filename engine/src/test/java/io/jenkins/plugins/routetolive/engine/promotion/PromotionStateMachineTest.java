package io.jenkins.plugins.routetolive.engine.promotion;

import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.jenkins.plugins.routetolive.engine.promotion.PromotionState.AWAITING_APPROVAL;
import static io.jenkins.plugins.routetolive.engine.promotion.PromotionState.DEPLOYING;
import static io.jenkins.plugins.routetolive.engine.promotion.PromotionState.FAILED;
import static io.jenkins.plugins.routetolive.engine.promotion.PromotionState.REJECTED;
import static io.jenkins.plugins.routetolive.engine.promotion.PromotionState.REQUESTED;
import static io.jenkins.plugins.routetolive.engine.promotion.PromotionState.ROLLBACK_FAILED;
import static io.jenkins.plugins.routetolive.engine.promotion.PromotionState.ROLLED_BACK;
import static io.jenkins.plugins.routetolive.engine.promotion.PromotionState.ROLLING_BACK;
import static io.jenkins.plugins.routetolive.engine.promotion.PromotionState.VERIFIED;
import static io.jenkins.plugins.routetolive.engine.promotion.PromotionState.VERIFYING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PromotionStateMachineTest {

    /**
     * The documented moves (docs/rules.md): requested → awaiting approval → deploying → verifying → verified,
     * or failed → rolling back → rolled back / rollback failed; rejection ends an approval; a promotion with
     * no approvals goes straight from requested to deploying; anything before verified may fail.
     */
    private static final Map<PromotionState, Set<PromotionState>> DOCUMENTED = new EnumMap<>(Map.of(
            REQUESTED, EnumSet.of(AWAITING_APPROVAL, DEPLOYING, FAILED),
            AWAITING_APPROVAL, EnumSet.of(DEPLOYING, REJECTED, FAILED),
            DEPLOYING, EnumSet.of(VERIFYING, FAILED),
            VERIFYING, EnumSet.of(VERIFIED, FAILED),
            FAILED, EnumSet.of(ROLLING_BACK),
            ROLLING_BACK, EnumSet.of(ROLLED_BACK, ROLLBACK_FAILED)));

    @Test
    void allowsExactlyTheDocumentedMovesAndRefusesEveryOtherNamingBothStates() {
        List<String> mismatches = new ArrayList<>();
        int legal = 0;
        for (PromotionState from : PromotionState.values()) {
            for (PromotionState to : PromotionState.values()) {
                boolean documented = DOCUMENTED.getOrDefault(from, Set.of()).contains(to);
                if (PromotionStateMachine.allows(from, to) != documented) {
                    mismatches.add(from + " → " + to);
                }
                if (documented) {
                    legal++;
                    PromotionStateMachine.check("p1", from, to);
                } else {
                    assertThatThrownBy(() -> PromotionStateMachine.check("p1", from, to))
                            .isInstanceOf(IllegalStateTransitionException.class)
                            .hasMessageContaining("Promotion p1 cannot move from " + from + " to " + to);
                }
            }
        }
        assertThat(mismatches).as("moves where the table and the documentation disagree").isEmpty();
        assertThat(legal).isEqualTo(13);
    }

    @Test
    void finalStatesHaveNoWayOutAndSayTheyAreFinal() {
        for (PromotionState end : List.of(VERIFIED, ROLLED_BACK, ROLLBACK_FAILED, REJECTED)) {
            assertThat(PromotionStateMachine.next(end)).as(end.name()).isEmpty();
            assertThat(end.isFinal()).isTrue();
            assertThatThrownBy(() -> PromotionStateMachine.check("p9", end, DEPLOYING))
                    .hasMessage("Promotion p9 cannot move from " + end + " to DEPLOYING: " + end + " is final.");
        }
        assertThat(FAILED.isFinal()).as("failed ends a promotion unless a rollback follows").isTrue();
        assertThat(EnumSet.of(REQUESTED, AWAITING_APPROVAL, DEPLOYING, VERIFYING, ROLLING_BACK))
                .allSatisfy(s -> assertThat(s.isFinal()).as(s.name()).isFalse());
    }

    @Test
    void refusalListsTheMovesThatAreAllowed() {
        assertThatThrownBy(() -> PromotionStateMachine.check("p2", DEPLOYING, VERIFIED))
                .hasMessageStartingWith("Promotion p2 cannot move from DEPLOYING to VERIFIED; from DEPLOYING it may only move to ")
                .hasMessageContaining("VERIFYING")
                .hasMessageContaining("FAILED");
    }

    @Test
    void serviceRefusesIllegalTransitionsAndRecordsNothing() {
        PromotionFixture f = new PromotionFixture();
        Artifact v1 = f.registered("1.0.0");
        Promotion promotion = f.request(v1, "development");
        long size = f.ledger.size();

        assertThatThrownBy(() -> f.service.transition(promotion.id(), VERIFIED, "mallory", "trust me"))
                .isInstanceOf(IllegalStateTransitionException.class)
                .hasMessageContaining("cannot move from REQUESTED to VERIFIED");
        assertThatThrownBy(() -> f.service.transition(promotion.id(), ROLLED_BACK, "system", ""))
                .hasMessageContaining("cannot move from REQUESTED to ROLLED_BACK");

        assertThat(f.ledger.size()).isEqualTo(size);
        assertThat(f.ledger.verifiedIn(PromotionFixture.APP, "development", v1.digest())).isFalse();
        assertThatThrownBy(() -> f.service.transition("p-unknown", DEPLOYING, "system", ""))
                .hasMessageContaining("no promotion with id 'p-unknown'");
    }

    @Test
    void labelsReadAsWords() {
        assertThat(AWAITING_APPROVAL.label()).isEqualTo("awaiting approval");
        assertThat(ROLLBACK_FAILED.label()).isEqualTo("rollback failed");
    }
}
