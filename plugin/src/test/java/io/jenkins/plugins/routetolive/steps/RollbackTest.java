package io.jenkins.plugins.routetolive.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import hudson.model.Result;
import io.jenkins.plugins.routetolive.Fixtures;
import io.jenkins.plugins.routetolive.runtime.RouteToLive;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** rollbackEnvironment returns to the release before the one running, for people with the Rollback permission. */
@WithJenkins
class RollbackTest {

    static String release(String version, String healthUrl) {
        return Fixtures.registered(version)
                + "promote application: 'shop', environment: 'development', digest: a.digest, healthUrl: '" + healthUrl + "'\n";
    }

    static String rollback(String healthUrl) {
        return "rollbackEnvironment application: 'shop', environment: 'development', reason: 'INC-42 errors after 8.1.0', "
                + "healthUrl: '" + healthUrl + "'\n";
    }

    @Test
    void rollsBackToThePreviousReleaseAndRefusesWhoLacksThePermission(JenkinsRule j) throws Exception {
        Fixtures.useRoute(Fixtures.fastDefaultRoute());
        Fixtures.secure(j);
        try (Fixtures.Health health = new Fixtures.Health()) {
            j.assertBuildStatusSuccess(j.waitForCompletion(Fixtures.startAs(Fixtures.job(j, "r800", release("8.0.0", health.url())), "dora")));
            j.assertBuildStatusSuccess(j.waitForCompletion(Fixtures.startAs(Fixtures.job(j, "r810", release("8.1.0", health.url())), "dora")));
            WorkflowJob job = Fixtures.job(j, "rollback", rollback(health.url()));

            WorkflowRun refused = j.assertBuildStatus(Result.FAILURE, j.waitForCompletion(Fixtures.startAs(job, "dora")));
            j.assertLogContains("dora may not roll back shop in development: that needs the Route to Live/Rollback "
                    + "permission on rollback.", refused);
            assertEquals("8.1.0", running());

            WorkflowRun run = j.assertBuildStatusSuccess(j.waitForCompletion(Fixtures.startAs(job, "olga")));

            j.assertLogContains("olga requested a rollback of development to shop 8.0.0", run);
            j.assertLogContains(": INC-42 errors after 8.1.0", run);
            j.assertLogContains("is verified in development", run);
            assertEquals("8.0.0", running());
        }
    }

    @Test
    void refusesARollbackWhenNoEarlierReleaseWasVerified(JenkinsRule j) throws Exception {
        Fixtures.useRoute(Fixtures.fastDefaultRoute());
        Fixtures.secure(j);
        try (Fixtures.Health health = new Fixtures.Health()) {
            j.assertBuildStatusSuccess(j.waitForCompletion(Fixtures.startAs(Fixtures.job(j, "r800", release("8.0.0", health.url())), "dora")));

            WorkflowRun run = j.assertBuildStatus(Result.FAILURE,
                    j.waitForCompletion(Fixtures.startAs(Fixtures.job(j, "rollback", rollback(health.url())), "olga")));

            j.assertLogContains("Cannot roll back shop in development: 8.0.0 (sha256:", run);
            j.assertLogContains("which runs there now, is the only release ever verified there, so there is no earlier "
                    + "release to return to.", run);
            j.assertLogNotContains("\tat ", run);
        }
    }

    static String running() {
        return RouteToLive.get().ledger().environment("shop", "development").current().orElseThrow().version();
    }
}
