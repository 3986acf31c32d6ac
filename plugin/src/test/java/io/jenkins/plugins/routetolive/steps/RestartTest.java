package io.jenkins.plugins.routetolive.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jenkins.plugins.routetolive.Fixtures;
import io.jenkins.plugins.routetolive.config.RouteConfig;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/** Waiting promotions survive a controller restart: the execution keeps ids and deadlines, the ledger the rest. */
class RestartTest {

    @RegisterExtension
    final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    @Test
    void anApprovalGivenAfterARestartLetsTheWaitingBuildContinue() throws Throwable {
        try (Fixtures.Health health = new Fixtures.Health()) {
            sessions.then(j -> {
                Fixtures.useRoute(Fixtures.fastDefaultRoute());
                Fixtures.secure(j);
                ApprovalTest.startAwaitingTestApproval(j, health.url(), "dora");
            });
            sessions.then(j -> {
                Fixtures.secure(j);
                WorkflowRun run = j.jenkins.getItemByFullName("shop", WorkflowJob.class).getBuildByNumber(1);
                assertEquals(1, Fixtures.newestPromotion(run).getMissingApprovals());

                assertEquals(302, Fixtures.decide(j, run, "tess", "approve").getStatusCode());

                j.assertBuildStatusSuccess(j.waitForCompletion(run));
                j.assertLogContains("is verified in test", run);
            });
        }
    }

    @Test
    void theBlockOfWithPromotionRunsAfterAnApprovalGivenAfterARestart() throws Throwable {
        try (Fixtures.Health health = new Fixtures.Health()) {
            sessions.then(j -> {
                Fixtures.useRoute(Fixtures.fastDefaultRoute());
                Fixtures.secure(j);
                WorkflowJob job = Fixtures.job(j, "shop", Fixtures.registeredAndInDevelopment(health.url())
                        + "withPromotion(application: 'shop', environment: 'test', digest: a.digest, healthUrl: '"
                        + health.url() + "') {\n"
                        + "  echo \"DEPLOYING ${env.ROUTE_TO_LIVE_VERSION} TO ${env.ROUTE_TO_LIVE_ENVIRONMENT}\"\n"
                        + "}\n");
                WorkflowRun run = Fixtures.startAs(job, "dora");
                j.waitForMessage("Approve or reject promotion", run);
                j.assertLogNotContains("DEPLOYING 1.0.0", run);
            });
            sessions.then(j -> {
                Fixtures.secure(j);
                WorkflowRun run = j.jenkins.getItemByFullName("shop", WorkflowJob.class).getBuildByNumber(1);

                assertEquals(302, Fixtures.decide(j, run, "tess", "approve").getStatusCode());

                j.assertBuildStatusSuccess(j.waitForCompletion(run));
                j.assertLogContains("DEPLOYING 1.0.0 TO test", run);
                j.assertLogContains("is verified in test", run);
            });
        }
    }

    @Test
    void aGateInterruptedByARestartIsEvaluatedAgainFromScratch() throws Throwable {
        try (Fixtures.Health health = new Fixtures.Health()) {
            sessions.then(j -> {
                RouteConfig route = Fixtures.fastDefaultRoute();
                route.environment("development").orElseThrow().setGateFailureThreshold(1000);
                route.environment("development").orElseThrow().setGateDeadlineSeconds(600);
                Fixtures.useRoute(route);
                health.status.set(503);
                WorkflowJob job = Fixtures.job(j, "shop", Fixtures.registeredAndInDevelopment(health.url()));
                WorkflowRun run = job.scheduleBuild2(0).waitForStart();
                j.waitForMessage("Verifying shop 1.0.0", run);
            });
            health.status.set(200);
            sessions.then(j -> {
                WorkflowRun run = j.jenkins.getItemByFullName("shop", WorkflowJob.class).getBuildByNumber(1);
                j.assertBuildStatusSuccess(j.waitForCompletion(run));
                j.assertLogContains("Resuming promotion", run);
                j.assertLogContains("is verified in development", run);
            });
        }
    }
}
