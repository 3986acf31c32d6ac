package io.jenkins.plugins.routetolive.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.Cause;
import hudson.model.CauseAction;
import hudson.model.Item;
import hudson.model.Result;
import io.jenkins.plugins.routetolive.Fixtures;
import io.jenkins.plugins.routetolive.RouteToLivePermissions;
import io.jenkins.plugins.routetolive.actions.PromotionAction;
import io.jenkins.plugins.routetolive.actions.PromotionView;
import io.jenkins.plugins.routetolive.config.EnvironmentConfig;
import io.jenkins.plugins.routetolive.config.RouteConfig;
import java.net.URL;
import jenkins.model.Jenkins;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebRequest;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The approval permission matrix, through the build page's POST endpoints: who may approve is decided by
 * the Approve permission first, then by the engine's policy (approver groups, separation of duties, quorum).
 */
@WithJenkins
class ApprovalTest {

    /** testers: dora, tess, tina, tom, admin. Approve permission: dora, tess, tina, rex. admin administers. */
    static void secure(JenkinsRule j) {
        JenkinsRule.DummySecurityRealm realm = j.createDummySecurityRealm();
        for (String tester : new String[] {"dora", "tess", "tina", "tom", "admin"}) {
            realm.addGroups(tester, "testers");
        }
        j.jenkins.setSecurityRealm(realm);
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ, Item.READ, Item.BUILD).everywhere().toAuthenticated()
                .grant(RouteToLivePermissions.APPROVE).everywhere().to("dora", "tess", "tina", "rex")
                .grant(Jenkins.ADMINISTER).everywhere().to("admin"));
    }

    static WorkflowRun startAwaitingTestApproval(JenkinsRule j, String healthUrl, String requester) throws Exception {
        WorkflowJob job = Fixtures.job(j, "shop", Fixtures.registeredAndInDevelopment(healthUrl)
                + "promote application: 'shop', environment: 'test', digest: a.digest, healthUrl: '" + healthUrl + "'\n");
        WorkflowRun run = job.scheduleBuild2(0, new CauseAction(new Cause.UserIdCause(requester))).waitForStart();
        j.waitForMessage("Approve or reject promotion", run);
        return run;
    }

    static PromotionView testPromotion(WorkflowRun run) {
        return run.getAction(PromotionAction.class).getPromotions().get(0);
    }

    static int post(JenkinsRule j, WorkflowRun run, String user, String decision) throws Exception {
        JenkinsRule.WebClient wc = j.createWebClient().login(user);
        wc.getOptions().setThrowExceptionOnFailingStatusCode(false);
        wc.getOptions().setPrintContentOnFailingStatusCode(false);
        WebRequest request = new WebRequest(new URL(j.getURL(), run.getUrl() + PromotionAction.URL_NAME + "/" + decision
                + "?promotionId=" + testPromotion(run).getId() + "&comment=checked"), HttpMethod.POST);
        wc.addCrumb(request);
        return wc.getPage(request).getWebResponse().getStatusCode();
    }

    @Test
    void onlyAnotherTesterWithTheApprovePermissionMayApproveEvenTheAdministratorMayNotApproveOwnPromotion(JenkinsRule j)
            throws Exception {
        Fixtures.useRoute(Fixtures.fastDefaultRoute());
        secure(j);
        try (Fixtures.Health health = new Fixtures.Health()) {
            WorkflowRun run = startAwaitingTestApproval(j, health.url(), "admin");

            assertEquals(403, post(j, run, "admin", "approve"), "admin requested it and bypass is off");
            assertEquals(403, post(j, run, "tom", "approve"), "tom lacks the Approve permission");
            assertEquals(403, post(j, run, "rex", "approve"), "rex is not a tester");
            assertEquals(1, testPromotion(run).getMissingApprovals());
            assertTrue(run.isBuilding());

            assertEquals(200, post(j, run, "tess", "approve"));

            j.assertBuildStatusSuccess(j.waitForCompletion(run));
            j.assertLogContains("tess approved", run);
            j.assertLogContains("is verified in test", run);
        }
    }

    @Test
    void refusesSelfApprovalByTheUserWhoStartedTheBuild(JenkinsRule j) throws Exception {
        Fixtures.useRoute(Fixtures.fastDefaultRoute());
        secure(j);
        try (Fixtures.Health health = new Fixtures.Health()) {
            WorkflowRun run = startAwaitingTestApproval(j, health.url(), "dora");

            assertEquals(403, post(j, run, "dora", "approve"));
            assertEquals(1, testPromotion(run).getMissingApprovals());

            assertEquals(200, post(j, run, "tess", "reject"));
            j.assertBuildStatus(Result.FAILURE, j.waitForCompletion(run));
            j.assertLogContains("was rejected by tess", run);
        }
    }

    @Test
    void countsDistinctApproversUntilTheQuorumIsReached(JenkinsRule j) throws Exception {
        RouteConfig route = Fixtures.fastDefaultRoute();
        EnvironmentConfig test = route.environment("test").orElseThrow();
        test.setApprovalsRequired(2);
        Fixtures.useRoute(route);
        secure(j);
        try (Fixtures.Health health = new Fixtures.Health()) {
            WorkflowRun run = startAwaitingTestApproval(j, health.url(), "dora");

            assertEquals(200, post(j, run, "tess", "approve"));
            assertEquals(403, post(j, run, "tess", "approve"), "tess counts once");
            assertEquals(1, testPromotion(run).getMissingApprovals());
            assertTrue(run.isBuilding());

            assertEquals(200, post(j, run, "tina", "approve"));

            j.assertBuildStatusSuccess(j.waitForCompletion(run));
        }
    }

    @Test
    void stoppingABuildThatAwaitsApprovalEndsItsPromotionSoNobodyCanApproveItLater(JenkinsRule j) throws Exception {
        Fixtures.useRoute(Fixtures.fastDefaultRoute());
        secure(j);
        try (Fixtures.Health health = new Fixtures.Health()) {
            WorkflowRun run = startAwaitingTestApproval(j, health.url(), "dora");

            run.getOneOffExecutor().interrupt();

            j.assertBuildStatus(Result.ABORTED, j.waitForCompletion(run));
            assertEquals("failed", testPromotion(run).getState());
            assertEquals(409, post(j, run, "tess", "approve"), "a stopped promotion no longer awaits approval");
        }
    }
}
