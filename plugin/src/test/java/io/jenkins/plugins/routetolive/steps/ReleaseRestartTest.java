package io.jenkins.plugins.routetolive.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jenkins.plugins.routetolive.Fixtures;
import io.jenkins.plugins.routetolive.actions.PromotionView;
import io.jenkins.plugins.routetolive.config.RouteConfig;
import io.jenkins.plugins.routetolive.runtime.RouteToLive;
import java.util.List;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/**
 * A waiting or deploying promoteRelease survives a controller restart: the execution keeps the manifest's canonical
 * JSON, the component promotion ids and the deadline; approvals, states and verdicts are in the ledger.
 */
class ReleaseRestartTest {

    @RegisterExtension
    final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    @Test
    void approvalsGivenBeforeAndAfterARestartLetTheWaitingReleaseDeploy() throws Throwable {
        try (Fixtures.Health health = new Fixtures.Health()) {
            sessions.then(j -> {
                Fixtures.useRoute(Fixtures.fastDefaultRoute());
                Fixtures.secure(j);
                WorkflowJob job = Fixtures.job(j, "shop", PromoteReleaseTest.registeredRelease()
                        + PromoteReleaseTest.promoteRelease("development", health.url())
                        + PromoteReleaseTest.promoteRelease("test", health.url()));
                WorkflowRun run = Fixtures.startAs(job, "dora");
                j.waitForMessage("waits for approval of 3 component promotion(s) to test", run);
                String db = PromoteReleaseTest.awaiting(run).get(2).getId();
                assertEquals(302, Fixtures.decide(j, run, "tess", "approve", db).getStatusCode());
            });
            sessions.then(j -> {
                Fixtures.secure(j);
                WorkflowRun run = j.jenkins.getItemByFullName("shop", WorkflowJob.class).getBuildByNumber(1);
                j.waitForMessage("waits again for approval of its component promotions", run);
                List<PromotionView> waiting = PromoteReleaseTest.awaiting(run);
                assertEquals(2, waiting.size(), "tess's approval of db before the restart counts");

                PromoteReleaseTest.approveEach(j, run, "tess");

                j.assertBuildStatusSuccess(j.waitForCompletion(run));
                j.assertLogContains("is verified in test: deployed db, api, web.", run);
                assertEquals("1.0.0", RouteToLive.get().ledger().environment("web", "test").current().orElseThrow().version());
            });
        }
    }

    @Test
    void aDeploymentInterruptedByARestartGoesOnWithTheComponentItWasGating() throws Throwable {
        try (Fixtures.Health health = new Fixtures.Health()) {
            sessions.then(j -> {
                RouteConfig route = Fixtures.fastDefaultRoute();
                route.environment("development").orElseThrow().setGateFailureThreshold(1000);
                route.environment("development").orElseThrow().setGateDeadlineSeconds(600);
                Fixtures.useRoute(route);
                health.status.set(503);
                WorkflowJob job = Fixtures.job(j, "shop", PromoteReleaseTest.registeredRelease()
                        + PromoteReleaseTest.promoteRelease("development", health.url()));
                WorkflowRun run = job.scheduleBuild2(0).waitForStart();
                j.waitForMessage("Verifying db 1.0.0", run);
            });
            health.status.set(200);
            sessions.then(j -> {
                WorkflowRun run = j.jenkins.getItemByFullName("shop", WorkflowJob.class).getBuildByNumber(1);
                j.assertBuildStatusSuccess(j.waitForCompletion(run));
                j.assertLogContains("Resuming promotion", run);
                j.assertLogContains("is verified in development: deployed db, api, web.", run);
            });
        }
    }
}
