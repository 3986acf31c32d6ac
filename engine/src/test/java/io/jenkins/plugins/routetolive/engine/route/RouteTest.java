package io.jenkins.plugins.routetolive.engine.route;

import io.jenkins.plugins.routetolive.engine.approval.ApprovalPolicy;
import io.jenkins.plugins.routetolive.engine.policy.WeeklyFreezeWindow;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RouteTest {

    private final Route route = DefaultRoute.create();

    @Test
    void defaultRouteRunsFromLocalToProductionInOrder() {
        assertThat(route.environments()).extracting(Environment::name)
                .containsExactly("local", "build", "development", "test", "stage", "production");
        assertThat(route.describe()).isEqualTo("local → build → development → test → stage → production");
        assertThat(route.environment("local").role()).isEqualTo(EnvironmentRole.ORIGIN);
        assertThat(route.entry()).map(Environment::name).contains("build");
        assertThat(route.indexOf("stage")).isEqualTo(4);
        assertThat(route.next("stage")).map(Environment::name).contains("production");
        assertThat(route.next("production")).isEmpty();
    }

    @Test
    void eachDeployEnvironmentRequiresTheOneBeforeIt() {
        assertThat(route.requiredBefore("development")).map(Environment::name).contains("build");
        assertThat(route.requiredBefore("test")).map(Environment::name).contains("development");
        assertThat(route.requiredBefore("stage")).map(Environment::name).contains("test");
        assertThat(route.requiredBefore("production")).map(Environment::name).contains("stage");
    }

    @Test
    void defaultRouteGuardsTestStageAndProduction() {
        Environment test = route.environment("test");
        assertThat(test.approval()).isEqualTo(ApprovalPolicy.of(1, "testers"));
        assertThat(test.singleVersion()).isTrue();
        Environment stage = route.environment("stage");
        assertThat(stage.approval()).isEqualTo(ApprovalPolicy.of(1, "business"));
        assertThat(stage.rehearseRollback()).isTrue();
        Environment production = route.environment("production");
        assertThat(production.approval().required()).isEqualTo(2);
        assertThat(production.approval().groups()).containsExactly("release-managers");
        assertThat(production.approval().excludePreviousApprovers()).isTrue();
        assertThat(production.approval().allowAdminBypass()).isFalse();
        assertThat(production.freezeWindows()).containsExactly(new WeeklyFreezeWindow("weekend-freeze", DayOfWeek.FRIDAY,
                LocalTime.NOON, DayOfWeek.MONDAY, LocalTime.of(6, 0), ZoneId.of("UTC")));
        assertThat(production.overrideGroups()).containsExactly("release-managers");
        assertThat(route.environment("development").approval().isRequired()).isFalse();
        assertThat(route.environment("development").singleVersion()).isFalse();
    }

    @Test
    void refusesPromotionIntoLocalSayingNothingIsDeployedThere() {
        assertThatThrownBy(() -> route.requiredBefore("local"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("route 'default' does not allow promotion into 'local'")
                .hasMessageContaining("nothing is deployed there")
                .hasMessageContaining("Promote into one of development, test, stage, production");
    }

    @Test
    void refusesPromotionIntoBuildSayingArtifactsAreRegisteredThere() {
        assertThatThrownBy(() -> route.requiredBefore("build"))
                .hasMessageContaining("does not allow promotion into 'build'")
                .hasMessageContaining("enter it by being registered");
    }

    @Test
    void unknownEnvironmentIsRefusedListingTheRoutesEnvironments() {
        assertThatThrownBy(() -> route.environment("prod"))
                .hasMessage("route 'default' has no environment 'prod'; its environments are "
                        + "local, build, development, test, stage, production");
    }

    @Test
    void firstDeployEnvironmentOfARouteWithoutEntryNeedsNothingBeforeIt() {
        Route small = new Route("small", List.of(Environment.deploy("development"), Environment.deploy("staging"),
                Environment.deploy("production")));

        assertThat(small.entry()).isEmpty();
        assertThat(small.requiredBefore("development")).isEmpty();
        assertThat(small.requiredBefore("staging")).map(Environment::name).contains("development");
    }

    @Test
    void refusesDuplicateEnvironmentNames() {
        assertThatThrownBy(() -> new Route("r", List.of(Environment.deploy("test"), Environment.deploy("test"))))
                .hasMessage("route 'r' names environment 'test' twice: each environment appears once");
    }

    @Test
    void refusesZeroEnvironments() {
        assertThatThrownBy(() -> new Route("r", List.of())).hasMessageContaining("route 'r' has no environments");
    }

    @Test
    void refusesRouteWithNowhereToDeploy() {
        Environment origin = new Environment("local", EnvironmentRole.ORIGIN, null, null, null, false, null, false);
        assertThatThrownBy(() -> new Route("r", List.of(origin))).hasMessageContaining("no environment to deploy to");
    }

    @Test
    void refusesOriginOrEntryOutOfPlace() {
        Environment origin = new Environment("local", EnvironmentRole.ORIGIN, null, null, null, false, null, false);
        Environment entry = new Environment("build", EnvironmentRole.ENTRY, null, null, null, false, null, false);

        assertThatThrownBy(() -> new Route("r", List.of(Environment.deploy("dev"), origin)))
                .hasMessageContaining("origin environment 'local' must come first, but is at position 2");
        assertThatThrownBy(() -> new Route("r", List.of(Environment.deploy("dev"), entry)))
                .hasMessageContaining("entry environment 'build' must come first or right after the origin");
    }

    @Test
    void refusesApprovalsOnEnvironmentsNothingIsDeployedTo() {
        assertThatThrownBy(() -> new Environment("build", EnvironmentRole.ENTRY, ApprovalPolicy.of(1, "qa"), null, null,
                false, null, false)).hasMessageContaining("nothing is deployed there");
    }

    @Test
    void refusesBadEnvironmentNames() {
        assertThatThrownBy(() -> Environment.deploy("")).hasMessageContaining("but was ''");
        assertThatThrownBy(() -> Environment.deploy("Prod")).hasMessageContaining("lower-case").hasMessageContaining("'Prod'");
    }

    @Test
    void approvalPolicyRefusesQuorumThatCanNeverBeReached() {
        assertThatThrownBy(() -> new ApprovalPolicy(3, Set.of(), Set.of("alice", "bob"), false, false))
                .hasMessageContaining("approvals required is 3 but only 2 approver users are named and no groups");
        assertThatThrownBy(() -> new ApprovalPolicy(1, Set.of(), Set.of(), false, false))
                .hasMessageContaining("no approver groups or users are named");
        assertThat(new ApprovalPolicy(2, Set.of(), Set.of("alice", "bob"), false, false).required()).isEqualTo(2);
        assertThat(route.find("nowhere")).isEqualTo(Optional.empty());
    }
}
