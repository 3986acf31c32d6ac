package io.jenkins.plugins.routetolive.engine.promotion;

import io.jenkins.plugins.routetolive.engine.approval.Actor;
import io.jenkins.plugins.routetolive.engine.approval.ApprovalPolicy;
import io.jenkins.plugins.routetolive.engine.approval.ApprovalRefusedException;
import io.jenkins.plugins.routetolive.engine.approval.ApprovalTally;
import io.jenkins.plugins.routetolive.engine.approval.Privilege;
import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.event.EventKind;
import io.jenkins.plugins.routetolive.engine.ledger.EntryType;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.route.Environment;
import io.jenkins.plugins.routetolive.engine.route.Route;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static io.jenkins.plugins.routetolive.engine.promotion.PromotionFixture.BUSINESS;
import static io.jenkins.plugins.routetolive.engine.promotion.PromotionFixture.DEVELOPER;
import static io.jenkins.plugins.routetolive.engine.promotion.PromotionFixture.RELEASE_MANAGER_1;
import static io.jenkins.plugins.routetolive.engine.promotion.PromotionFixture.RELEASE_MANAGER_2;
import static io.jenkins.plugins.routetolive.engine.promotion.PromotionFixture.TESTER;
import static io.jenkins.plugins.routetolive.engine.promotion.PromotionFixture.passing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Test needs one tester, Stage one business approver, Production two release managers who did not approve Stage. */
class ApprovalRulesTest {

    private final PromotionFixture f = new PromotionFixture();

    @Test
    void requesterCannotApproveTheirOwnPromotion() {
        Artifact v1 = f.registered("1.0.0");
        f.promoteThrough(v1, "development");
        Promotion promotion = f.request(f.requestOf(v1, "test", TESTER));

        assertThatThrownBy(() -> f.service.approve(promotion.id(), TESTER, "mine, looks fine"))
                .isInstanceOf(ApprovalRefusedException.class)
                .hasMessage("tess requested this promotion to test and cannot approve it (separation of duties). "
                        + "Ask another approver: members of testers.");
        assertThat(f.service.promotion(promotion.id()).state()).isEqualTo(PromotionState.AWAITING_APPROVAL);
        assertThat(f.ledger.promotionHistory(promotion.id())).extracting(LedgerEntry::type)
                .doesNotContain(EntryType.APPROVAL_GIVEN);
    }

    @Test
    void quorumIsCountedByDistinctPeopleAndDeployingWaitsForIt() {
        Promotion promotion = awaitingProduction();
        assertThat(promotion.approvals().missing()).isEqualTo(2);

        f.service.approve(promotion.id(), RELEASE_MANAGER_1, "ok");
        assertThatThrownBy(() -> f.service.approve(promotion.id(), RELEASE_MANAGER_1, "still ok"))
                .isInstanceOf(ApprovalRefusedException.class)
                .hasMessageContaining("rita has already decided on this promotion to production; each approver counts once");
        Promotion halfway = f.service.promotion(promotion.id());
        assertThat(halfway.approvals().approvers()).containsExactly("rita");
        assertThat(halfway.approvals().status()).isEqualTo(ApprovalTally.Status.PENDING);
        assertThat(halfway.readyToDeploy()).isFalse();
        assertThatThrownBy(() -> f.service.transition(promotion.id(), PromotionState.DEPLOYING, "system", ""))
                .isInstanceOf(PromotionRefusedException.class)
                .hasMessageContaining("Cannot deploy shop 1.0.0")
                .hasMessageContaining("it still needs 1 approval(s) from members of release-managers");

        Promotion approved = f.service.approve(promotion.id(), RELEASE_MANAGER_2, "ok");

        assertThat(approved.approvals().approvers()).containsExactly("rita", "ravi");
        assertThat(approved.readyToDeploy()).isTrue();
        assertThat(f.deployAndVerify(approved, passing()).succeeded()).isTrue();
    }

    @Test
    void deployingBeforeAnyApprovalIsRefused() {
        Artifact v1 = f.registered("1.0.0");
        f.promoteThrough(v1, "development");
        Promotion promotion = f.request(v1, "test");

        assertThatThrownBy(() -> f.deployAndVerify(promotion, passing()))
                .isInstanceOf(PromotionRefusedException.class)
                .hasMessageContaining("still needs 1 approval(s) from members of testers");
        assertThat(f.deployer.history()).noneMatch(d -> d.environment().equals("test"));
        assertThat(f.service.promotion(promotion.id()).state()).isEqualTo(PromotionState.AWAITING_APPROVAL);
    }

    @Test
    void nonMemberIsRefusedWithTheGroupsThatMayApprove() {
        Promotion promotion = awaitingProduction();

        assertThatThrownBy(() -> f.service.approve(promotion.id(), TESTER, "ok"))
                .isInstanceOf(ApprovalRefusedException.class)
                .hasMessage("Only members of release-managers may approve production; you are tess.");
    }

    @Test
    void memberWithoutTheApprovePrivilegeIsRefused() {
        Promotion promotion = awaitingProduction();
        Actor noPermission = Actor.of("nina", "release-managers");

        assertThatThrownBy(() -> f.service.approve(promotion.id(), noPermission, "ok"))
                .isInstanceOf(ApprovalRefusedException.class)
                .hasMessageContaining("nina does not have the Approve permission");
    }

    @Test
    void whoeverApprovedStageCannotApproveProduction() {
        Actor sam = Actor.of("sam", "business", "release-managers").withPrivileges(Privilege.APPROVE);
        Artifact v1 = f.registered("1.0.0");
        f.promoteThrough(v1, "test");
        Promotion stage = f.request(v1, "stage");
        f.service.approve(stage.id(), sam, "ok");
        assertThat(f.deployAndVerify(f.service.promotion(stage.id()), passing()).succeeded()).isTrue();
        Promotion production = f.request(v1, "production");

        assertThatThrownBy(() -> f.service.approve(production.id(), sam, "ok"))
                .isInstanceOf(ApprovalRefusedException.class)
                .hasMessageContaining("sam approved the previous environment and cannot also approve production");
        f.service.approve(production.id(), RELEASE_MANAGER_1, "ok");
        assertThat(f.service.approve(production.id(), RELEASE_MANAGER_2, "ok").readyToDeploy()).isTrue();
    }

    @Test
    void previousApproversMayApproveWhereThePolicyDoesNotExcludeThem() {
        Actor sam = Actor.of("sam", "testers", "business").withPrivileges(Privilege.APPROVE);
        Artifact v1 = f.registered("1.0.0");
        f.promoteThrough(v1, "development");
        Promotion test = f.request(v1, "test");
        f.service.approve(test.id(), sam, "ok");
        f.deployAndVerify(f.service.promotion(test.id()), passing());
        Promotion stage = f.request(v1, "stage");

        assertThat(f.service.approve(stage.id(), sam, "ok").readyToDeploy()).isTrue();
    }

    @Test
    void administratorBypassIsAllowedOnlyWhereThePolicySaysAndIsRecorded() {
        Actor admin = Actor.of("ada", "ops").withPrivileges(Privilege.ADMINISTER);
        PromotionFixture allowing = new PromotionFixture(opsRoute(true));
        Artifact a = allowing.registered("1.0.0");
        allowing.promoteThrough(a, "dev");
        Promotion own = allowing.request(allowing.requestOf(a, "prod", admin));

        Promotion approved = allowing.service.approve(own.id(), admin, "emergency, nobody else on call");

        assertThat(approved.readyToDeploy()).isTrue();
        LedgerEntry approval = allowing.ledger.promotionHistory(own.id()).stream()
                .filter(e -> e.type() == EntryType.APPROVAL_GIVEN).findFirst().orElseThrow();
        assertThat(approval.actor()).isEqualTo("ada");
        assertThat(approval.attribute(LedgerEntry.Attributes.BYPASS)).isEqualTo("true");
        assertThat(approved.approvals().decisions()).singleElement().satisfies(d -> assertThat(d.bypass()).isTrue());
        assertThat(allowing.events).filteredOn(e -> e.kind() == EventKind.APPROVAL).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("ada (administrator, bypassing separation of duties) approved"));

        PromotionFixture strict = new PromotionFixture(opsRoute(false));
        Artifact b = strict.registered("1.0.0");
        strict.promoteThrough(b, "dev");
        Promotion ownStrict = strict.request(strict.requestOf(b, "prod", admin));
        assertThatThrownBy(() -> strict.service.approve(ownStrict.id(), admin, "emergency"))
                .isInstanceOf(ApprovalRefusedException.class)
                .hasMessageContaining("ada requested this promotion to prod and cannot approve it");
    }

    @Test
    void anOrdinaryApprovalIsNotMarkedAsBypass() {
        Promotion promotion = awaitingProduction();

        f.service.approve(promotion.id(), RELEASE_MANAGER_1, "ok");

        assertThat(f.ledger.promotionHistory(promotion.id())).filteredOn(e -> e.type() == EntryType.APPROVAL_GIVEN)
                .singleElement().satisfies(e -> assertThat(e.attributes()).doesNotContainKey(LedgerEntry.Attributes.BYPASS));
    }

    @Test
    void rejectionEndsThePromotionAndReleasesTheEnvironment() {
        Artifact v1 = f.registered("1.0.0");
        Artifact v2 = f.registered("1.1.0");
        f.promoteThrough(v1, "development");
        f.promoteThrough(v2, "development");
        Promotion first = f.request(v1, "test");
        CompletableFuture<Promotion> second = f.service.request(f.requestOf(v2, "test", DEVELOPER));
        assertThat(second).as("test holds one version at a time").isNotDone();

        Promotion rejected = f.service.reject(first.id(), TESTER, "fails the checkout smoke test");

        assertThat(rejected.state()).isEqualTo(PromotionState.REJECTED);
        assertThat(f.ledger.promotionHistory(first.id())).extracting(LedgerEntry::type)
                .containsSubsequence(EntryType.APPROVAL_REJECTED, EntryType.STATE_CHANGED);
        assertThat(f.ledger.promotionHistory(first.id()).get(f.ledger.promotionHistory(first.id()).size() - 1).reason())
                .isEqualTo("fails the checkout smoke test");
        assertThat(second).as("the next promotion got the environment").isCompleted();
        assertThat(second.join().artifact()).isEqualTo(v2);
        assertThatThrownBy(() -> f.service.approve(first.id(), BUSINESS, "ok"))
                .isInstanceOf(ApprovalRefusedException.class)
                .hasMessageContaining("is rejected, not awaiting approval");
        assertThatThrownBy(() -> f.service.transition(first.id(), PromotionState.DEPLOYING, "system", ""))
                .isInstanceOf(IllegalStateTransitionException.class);
        assertThat(f.ledger.verifiedIn(PromotionFixture.APP, "test", v1.digest())).isFalse();
    }

    private Promotion awaitingProduction() {
        Artifact v1 = f.registered("1.0.0");
        f.promoteThrough(v1, "stage");
        Promotion promotion = f.request(v1, "production");
        assertThat(promotion.state()).isEqualTo(PromotionState.AWAITING_APPROVAL);
        return promotion;
    }

    private static Route opsRoute(boolean allowAdminBypass) {
        return new Route("ops", List.of(Environment.deploy("dev"), Environment.deploy("prod")
                .withApproval(new ApprovalPolicy(1, Set.of("ops"), Set.of(), false, allowAdminBypass))));
    }
}
