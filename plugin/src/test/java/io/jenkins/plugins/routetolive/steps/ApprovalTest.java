package io.jenkins.plugins.routetolive.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.Result;
import io.jenkins.plugins.routetolive.Fixtures;
import io.jenkins.plugins.routetolive.actions.PromotionAction;
import io.jenkins.plugins.routetolive.config.EnvironmentConfig;
import io.jenkins.plugins.routetolive.config.RouteConfig;
import org.htmlunit.WebResponse;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The approval permission matrix, through the build page's POST endpoints: the Approve permission first,
 * then the engine's policy (approver groups and users, separation of duties, quorum). Every refusal is a
 * status and one plain sentence a script can read.
 */
@WithJenkins
class ApprovalTest {

    static WorkflowRun startAwaitingTestApproval(JenkinsRule j, String healthUrl, String requester) throws Exception {
        WorkflowJob job = Fixtures.job(j, "shop", Fixtures.registeredAndInDevelopment(healthUrl)
                + "promote application: 'shop', environment: 'test', digest: a.digest, healthUrl: '" + healthUrl + "'\n");
        WorkflowRun run = Fixtures.startAs(job, requester);
        j.waitForMessage("Approve or reject promotion", run);
        return run;
    }

    static void assertAnswer(int status, String sentence, WebResponse response) {
        assertEquals(status, response.getStatusCode(), response.getContentAsString());
        assertEquals("text/plain", response.getContentType());
        assertEquals(sentence, response.getContentAsString().strip());
    }

    @Test
    void refusesEachPersonForTheirOwnReasonUntilAnApproverApprovesAndTheBuildGoesOnWithoutHavingHeldAnExecutor(
            JenkinsRule j) throws Exception {
        Fixtures.useRoute(Fixtures.fastDefaultRoute());
        Fixtures.secure(j);
        try (Fixtures.Health health = new Fixtures.Health()) {
            WorkflowRun run = startAwaitingTestApproval(j, health.url(), "dora");
            assertEquals(0, j.jenkins.toComputer().countBusy(), "waiting for approval holds no executor");

            assertAnswer(403, "dora may not approve or reject promotions of shop: that needs the Route to Live/Approve "
                    + "permission.", Fixtures.decide(j, run, "dora", "approve"));
            assertAnswer(403, "tom may not approve or reject promotions of shop: that needs the Route to Live/Approve "
                    + "permission.", Fixtures.decide(j, run, "tom", "approve"));
            assertAnswer(403, "Only members of testers may approve test; you are rex.",
                    Fixtures.decide(j, run, "rex", "approve"));
            assertEquals(1, Fixtures.newestPromotion(run).getMissingApprovals());
            assertTrue(run.isBuilding());

            assertEquals(302, Fixtures.decide(j, run, "tess", "approve").getStatusCode());

            j.assertBuildStatusSuccess(j.waitForCompletion(run));
            j.assertLogContains("tess approved", run);
            j.assertLogContains("is verified in test", run);
            String id = Fixtures.newestPromotion(run).getId();
            assertAnswer(409, "Promotion " + id + " is verified, not awaiting approval.",
                    Fixtures.decide(j, run, "rita", "approve"));
        }
    }

    @Test
    void refusesSelfApprovalEvenToAnApprover(JenkinsRule j) throws Exception {
        Fixtures.useRoute(Fixtures.fastDefaultRoute());
        Fixtures.secure(j);
        try (Fixtures.Health health = new Fixtures.Health()) {
            WorkflowRun run = startAwaitingTestApproval(j, health.url(), "tess");

            assertAnswer(403, "tess requested this promotion to test and cannot approve it (separation of duties). "
                    + "Ask another approver: members of testers.", Fixtures.decide(j, run, "tess", "approve"));
            assertAnswer(403, "Only members of testers may approve test; you are bob.",
                    Fixtures.decide(j, run, "bob", "reject"));
            assertEquals(1, Fixtures.newestPromotion(run).getMissingApprovals());
            assertTrue(run.isBuilding());

            run.doStop();
            j.assertBuildStatus(Result.ABORTED, j.waitForCompletion(run));
        }
    }

    @Test
    void countsDistinctApproversUntilTheQuorumIsReached(JenkinsRule j) throws Exception {
        RouteConfig route = Fixtures.fastDefaultRoute();
        EnvironmentConfig test = route.environment("test").orElseThrow();
        test.setApprovalsRequired(2);
        test.setApproverUsers("rex");
        Fixtures.useRoute(route);
        Fixtures.secure(j);
        try (Fixtures.Health health = new Fixtures.Health()) {
            WorkflowRun run = startAwaitingTestApproval(j, health.url(), "dora");
            assertEquals("Needs 2 approvals from members of testers, or rex, not dora who requested it.",
                    Fixtures.newestPromotion(run).getApprovalRule());

            assertEquals(302, Fixtures.decide(j, run, "tess", "approve").getStatusCode());
            assertAnswer(403, "tess has already decided on this promotion to test; each approver counts once. "
                    + "Ask another approver: members of testers, or rex.", Fixtures.decide(j, run, "tess", "approve"));
            assertEquals(1, Fixtures.newestPromotion(run).getMissingApprovals());
            assertTrue(run.isBuilding());

            assertEquals(302, Fixtures.decide(j, run, "rex", "approve").getStatusCode());

            j.assertBuildStatusSuccess(j.waitForCompletion(run));
        }
    }

    @Test
    void namesApproverUsersAsPeopleAndSaysNothingIsNeededWhereNoApprovalIs(JenkinsRule j) throws Exception {
        RouteConfig route = Fixtures.fastDefaultRoute();
        EnvironmentConfig test = route.environment("test").orElseThrow();
        test.setApproverGroups("");
        test.setApproverUsers("tess");
        Fixtures.useRoute(route);
        Fixtures.secure(j);
        try (Fixtures.Health health = new Fixtures.Health()) {
            WorkflowRun run = startAwaitingTestApproval(j, health.url(), "dora");

            assertAnswer(403, "Only tess may approve test; you are rex.", Fixtures.decide(j, run, "rex", "approve"));
            assertEquals("Needs 1 approval from tess, not dora who requested it.",
                    Fixtures.newestPromotion(run).getApprovalRule());
            var development = run.getAction(PromotionAction.class).getPromotions().get(1);
            assertEquals("No approval needed.", development.getApprovalRule());
            String page = j.createWebClient().login("tess").getPage(run, PromotionAction.URL_NAME).getWebResponse()
                    .getContentAsString();
            assertTrue(page.contains("Needs 1 approval from tess, not dora who requested it."), page);
            assertTrue(!page.contains("Needs 0 approvals"), page);

            assertEquals(302, Fixtures.decide(j, run, "tess", "reject").getStatusCode());
            j.assertBuildStatus(Result.FAILURE, j.waitForCompletion(run));
            j.assertLogContains("was rejected by tess: checked by tess", run);
        }
    }

    @Test
    void answersAnUnknownPromotionWithAPlainNotFound(JenkinsRule j) throws Exception {
        Fixtures.useRoute(Fixtures.fastDefaultRoute());
        Fixtures.secure(j);
        try (Fixtures.Health health = new Fixtures.Health()) {
            WorkflowRun run = startAwaitingTestApproval(j, health.url(), "dora");

            assertAnswer(404, "Build shop #1 has no promotion 'nope'.", Fixtures.decide(j, run, "tess", "approve", "nope"));

            run.doStop();
            j.waitForCompletion(run);
        }
    }

    @Test
    void stoppingABuildThatAwaitsApprovalEndsItsPromotionSoNobodyCanApproveItLater(JenkinsRule j) throws Exception {
        Fixtures.useRoute(Fixtures.fastDefaultRoute());
        Fixtures.secure(j);
        try (Fixtures.Health health = new Fixtures.Health()) {
            WorkflowRun run = startAwaitingTestApproval(j, health.url(), "dora");
            String id = Fixtures.newestPromotion(run).getId();

            run.getOneOffExecutor().interrupt();

            j.assertBuildStatus(Result.ABORTED, j.waitForCompletion(run));
            assertEquals("failed", Fixtures.newestPromotion(run).getState());
            assertAnswer(409, "Promotion " + id + " is failed, not awaiting approval.",
                    Fixtures.decide(j, run, "tess", "approve"));
        }
    }
}
