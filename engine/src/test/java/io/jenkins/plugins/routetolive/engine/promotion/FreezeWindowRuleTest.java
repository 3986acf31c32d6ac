package io.jenkins.plugins.routetolive.engine.promotion;

import io.jenkins.plugins.routetolive.engine.approval.Actor;
import io.jenkins.plugins.routetolive.engine.approval.Privilege;
import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.event.EventKind;
import io.jenkins.plugins.routetolive.engine.ledger.EntryType;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.policy.DatedFreezeWindow;
import io.jenkins.plugins.routetolive.engine.policy.FreezeOverride;
import io.jenkins.plugins.routetolive.engine.route.Environment;
import io.jenkins.plugins.routetolive.engine.route.Route;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static io.jenkins.plugins.routetolive.engine.promotion.PromotionFixture.APP;
import static io.jenkins.plugins.routetolive.engine.promotion.PromotionFixture.DEVELOPER;
import static io.jenkins.plugins.routetolive.engine.promotion.PromotionFixture.OVERRIDER;
import static io.jenkins.plugins.routetolive.engine.promotion.PromotionFixture.RELEASE_MANAGER_1;
import static io.jenkins.plugins.routetolive.engine.promotion.PromotionFixture.refusal;
import static org.assertj.core.api.Assertions.assertThat;

/** The default route freezes Production from Friday 12:00 to Monday 06:00 UTC; release managers may override. */
class FreezeWindowRuleTest {

    private static final Instant FRIDAY_13_00 = Instant.parse("2026-11-20T13:00:00Z");
    private static final Instant SATURDAY = Instant.parse("2026-11-21T09:00:00Z");
    private static final Instant MONDAY_07_00 = Instant.parse("2026-11-23T07:00:00Z");
    private static final String WINDOW = "weekend-freeze (FRIDAY 12:00 to MONDAY 06:00 UTC)";

    private final PromotionFixture f = new PromotionFixture();
    private Artifact v1;

    @BeforeEach
    void passedStage() {
        v1 = f.registered("1.0.0");
        f.promoteThrough(v1, "stage");
    }

    @Test
    void refusesPromotionIntoProductionOnFridayAfternoon() {
        f.clock.set(FRIDAY_13_00);

        RuntimeException refused = refusal(f.service.request(f.requestOf(v1, "production", DEVELOPER)));

        assertThat(refused).isInstanceOf(PromotionRefusedException.class)
                .hasMessageContaining("Cannot promote shop 1.0.0")
                .hasMessageContaining("to production: it is frozen by " + WINDOW + " at 2026-11-20T13:00:00Z")
                .hasMessageContaining("members of release-managers with the Override permission");
        assertThat(f.ledger.activePromotions()).isEmpty();
    }

    @Test
    void refusesOnSaturdayAndAdmitsOnMondayAfterTheWindow() {
        f.clock.set(SATURDAY);
        assertThat(refusal(f.service.request(f.requestOf(v1, "production", DEVELOPER)))).hasMessageContaining("frozen");

        f.clock.set(MONDAY_07_00);
        Promotion promotion = f.request(v1, "production");

        assertThat(promotion.state()).isEqualTo(PromotionState.AWAITING_APPROVAL);
        assertThat(f.ledger.promotionHistory(promotion.id())).extracting(LedgerEntry::type)
                .doesNotContain(EntryType.FREEZE_OVERRIDDEN);
    }

    @Test
    void overrideByAReleaseManagerIsAdmittedAndRecordedWithReasonAndWindow() {
        f.clock.set(FRIDAY_13_00);

        Promotion promotion = f.request(f.requestOf(v1, "production", OVERRIDER)
                .withOverride(new FreezeOverride("INC-4711: payment outage hotfix")));

        assertThat(promotion.state()).isEqualTo(PromotionState.AWAITING_APPROVAL);
        LedgerEntry override = f.ledger.promotionHistory(promotion.id()).stream()
                .filter(e -> e.type() == EntryType.FREEZE_OVERRIDDEN).findFirst().orElseThrow();
        assertThat(override.actor()).isEqualTo("rhea");
        assertThat(override.reason()).isEqualTo("INC-4711: payment outage hotfix");
        assertThat(override.attribute(LedgerEntry.Attributes.FREEZE_WINDOW)).isEqualTo(WINDOW);
        assertThat(override.environment()).isEqualTo("production");
        assertThat(override.digest()).isEqualTo(v1.digest());
        assertThat(override.time()).isEqualTo(FRIDAY_13_00);
        assertThat(f.events).filteredOn(e -> e.kind() == EventKind.OVERRIDE).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("rhea overrode freeze window " + WINDOW)
                        .contains("INC-4711"));
        f.approveAsNeeded(promotion);
        assertThat(f.deployAndVerify(f.service.promotion(promotion.id()), PromotionFixture.passing()).succeeded()).isTrue();
    }

    @Test
    void refusesOverrideByAReleaseManagerWithoutTheOverridePrivilege() {
        f.clock.set(FRIDAY_13_00);

        RuntimeException refused = refusal(f.service.request(f.requestOf(v1, "production", RELEASE_MANAGER_1)
                .withOverride(new FreezeOverride("I really want to"))));

        assertThat(refused).isInstanceOf(PromotionRefusedException.class)
                .hasMessageContaining("rita asked to override it but may not: only members of release-managers "
                        + "with the Override permission may override a freeze of production");
        assertThat(f.ledger.history(APP)).extracting(LedgerEntry::type).doesNotContain(EntryType.FREEZE_OVERRIDDEN);
    }

    @Test
    void refusesOverrideByAnActorWithThePrivilegeOutsideTheOverrideGroups() {
        f.clock.set(FRIDAY_13_00);
        Actor outsider = Actor.of("olga", "developers").withPrivileges(Privilege.OVERRIDE);

        RuntimeException refused = refusal(f.service.request(f.requestOf(v1, "production", outsider)
                .withOverride(new FreezeOverride("urgent"))));

        assertThat(refused).hasMessageContaining("olga asked to override it but may not");
    }

    @Test
    void anEnvironmentWithoutOverrideGroupsLetsAnyoneWithThePrivilegeOverrideADatedWindow() {
        DatedFreezeWindow yearEnd = new DatedFreezeWindow("year-end", Instant.parse("2026-11-15T00:00:00Z"),
                Instant.parse("2026-11-25T00:00:00Z"));
        Route route = new Route("small", List.of(Environment.deploy("dev"),
                Environment.deploy("prod").withFreezeWindows(List.of(yearEnd), Set.of())));
        PromotionFixture g = new PromotionFixture(route);
        Artifact a = g.registered("1.0.0");
        g.promoteThrough(a, "dev");

        assertThat(refusal(g.service.request(g.requestOf(a, "prod", DEVELOPER))))
                .hasMessageContaining("frozen by year-end (2026-11-15T00:00:00Z to 2026-11-25T00:00:00Z)")
                .hasMessageContaining("users with the Override permission");
        Actor oncall = Actor.of("otto").withPrivileges(Privilege.OVERRIDE);
        Promotion promotion = g.request(g.requestOf(a, "prod", oncall).withOverride(new FreezeOverride("CHG-1")));
        assertThat(g.ledger.promotionHistory(promotion.id())).extracting(LedgerEntry::type).contains(EntryType.FREEZE_OVERRIDDEN);

        g.clock.set(Instant.parse("2026-11-25T00:00:00Z"));
        assertThat(g.service.request(g.requestOf(a, "prod", DEVELOPER))).isCompleted();
    }
}
