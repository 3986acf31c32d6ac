package io.jenkins.plugins.routetolive.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import hudson.model.Result;
import io.jenkins.plugins.routetolive.Fixtures;
import io.jenkins.plugins.routetolive.config.EnvironmentConfig;
import io.jenkins.plugins.routetolive.config.FreezeWindowConfig;
import io.jenkins.plugins.routetolive.config.RouteConfig;
import io.jenkins.plugins.routetolive.engine.ledger.EntryType;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.runtime.RouteToLive;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** A freeze window refuses promotions, unless someone allowed to override gives a reason, which is recorded. */
@WithJenkins
class FreezeWindowTest {

    /** development frozen from yesterday 00:00 to tomorrow 23:59 UTC, overridable by release managers. */
    static void freezeDevelopmentNow() {
        DayOfWeek today = LocalDate.now(ZoneOffset.UTC).getDayOfWeek();
        RouteConfig route = Fixtures.fastDefaultRoute();
        EnvironmentConfig development = route.environment("development").orElseThrow();
        development.setFreezeWindows(List.of(new FreezeWindowConfig("release-freeze", today.minus(1).name(), "00:00",
                today.plus(1).name(), "23:59", "UTC")));
        development.setOverrideGroups("release-managers");
        Fixtures.useRoute(route);
    }

    static String promoteWith(String healthUrl, String override) {
        return Fixtures.registered("1.0.0")
                + "promote application: 'shop', environment: 'development', digest: a.digest, healthUrl: '" + healthUrl + "'"
                + (override.isEmpty() ? "" : ", freezeOverrideReason: '" + override + "'") + "\n";
    }

    @Test
    void refusesAPromotionIntoAFrozenEnvironmentAndAnOverrideByAUserWithoutThePermission(JenkinsRule j) throws Exception {
        freezeDevelopmentNow();
        Fixtures.secure(j);
        try (Fixtures.Health health = new Fixtures.Health()) {
            WorkflowRun plain = j.assertBuildStatus(Result.FAILURE,
                    j.waitForCompletion(Fixtures.startAs(Fixtures.job(j, "plain", promoteWith(health.url(), "")), "dora")));
            j.assertLogContains("to development: it is frozen by release-freeze", plain);
            j.assertLogContains("Wait until the window ends, or have someone allowed to override (members of "
                    + "release-managers with the Override permission) promote with an emergency override and a reason.", plain);

            WorkflowJob job = Fixtures.job(j, "shop", promoteWith(health.url(), "INC-7 hotfix"));
            WorkflowRun run = j.assertBuildStatus(Result.FAILURE, j.waitForCompletion(Fixtures.startAs(job, "dora")));

            j.assertLogContains("dora asked to override it but may not: only members of release-managers with the "
                    + "Override permission may override a freeze of development.", run);
            j.assertLogNotContains("\tat ", run);
            assertEquals(0, overrides().size());
        }
    }

    @Test
    void acceptsAnOverrideWithAReasonFromAUserWithThePermissionAndRecordsIt(JenkinsRule j) throws Exception {
        freezeDevelopmentNow();
        Fixtures.secure(j);
        try (Fixtures.Health health = new Fixtures.Health()) {
            WorkflowJob job = Fixtures.job(j, "shop", promoteWith(health.url(), "INC-7 hotfix"));

            WorkflowRun run = j.assertBuildStatusSuccess(j.waitForCompletion(Fixtures.startAs(job, "rhea")));

            j.assertLogContains("rhea overrode freeze window release-freeze", run);
            j.assertLogContains(": INC-7 hotfix", run);
            j.assertLogContains("is verified in development", run);
            List<LedgerEntry> overrides = overrides();
            assertEquals(1, overrides.size());
            assertEquals("rhea", overrides.get(0).actor());
            assertEquals("INC-7 hotfix", overrides.get(0).reason());
        }
    }

    static List<LedgerEntry> overrides() {
        return RouteToLive.get().ledger().history("shop").stream()
                .filter(e -> e.type() == EntryType.FREEZE_OVERRIDDEN).toList();
    }
}
