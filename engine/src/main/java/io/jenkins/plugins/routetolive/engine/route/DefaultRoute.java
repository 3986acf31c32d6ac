package io.jenkins.plugins.routetolive.engine.route;

import io.jenkins.plugins.routetolive.engine.approval.ApprovalPolicy;
import io.jenkins.plugins.routetolive.engine.policy.WeeklyFreezeWindow;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/** The route every installation starts with: Local → Build → Development → Test → Stage → Production. */
public final class DefaultRoute {

    public static final String NAME = "default";

    private DefaultRoute() {
    }

    /**
     * Test needs a tester's sign-off and holds one version at a time; Stage needs business sign-off and
     * rehearses rollback; Production needs two release managers (nobody who approved Stage) and is
     * frozen from Friday 12:00 to Monday 06:00 UTC unless a release manager overrides.
     */
    public static Route create() {
        return new Route(NAME, List.of(
                new Environment("local", EnvironmentRole.ORIGIN, null, null, null, false, null, false),
                new Environment("build", EnvironmentRole.ENTRY, null, null, null, false, null, false),
                Environment.deploy("development"),
                Environment.deploy("test")
                        .withApproval(ApprovalPolicy.of(1, "testers"))
                        .withSingleVersion(true),
                Environment.deploy("stage")
                        .withApproval(ApprovalPolicy.of(1, "business"))
                        .withRollbackRehearsal(true),
                Environment.deploy("production")
                        .withApproval(new ApprovalPolicy(2, Set.of("release-managers"), Set.of(), true, false))
                        .withFreezeWindows(List.of(new WeeklyFreezeWindow("weekend-freeze", DayOfWeek.FRIDAY,
                                LocalTime.NOON, DayOfWeek.MONDAY, LocalTime.of(6, 0), ZoneId.of("UTC"))),
                                Set.of("release-managers"))));
    }
}
