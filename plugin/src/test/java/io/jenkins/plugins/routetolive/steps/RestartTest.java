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
                ApprovalTest.secure(j);
                ApprovalTest.startAwaitingTestApproval(j, health.url(), "dora");
            });
            sessions.then(j -> {
                ApprovalTest.secure(j);
                WorkflowRun run = j.jenkins.getItemByFullName("shop", WorkflowJob.class).getBuildByNumber(1);
                assertEquals(1, ApprovalTest.testPromotion(run).getMissingApprovals());

                assertEquals(200, ApprovalTest.post(j, run, "tess", "approve"));

                j.assertBuildStatusSuccess(j.waitForCompletion(run));
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
