package io.jenkins.plugins.routetolive.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.Result;
import io.jenkins.plugins.routetolive.Fixtures;
import io.jenkins.plugins.routetolive.engine.ledger.EnvironmentState;
import io.jenkins.plugins.routetolive.runtime.RouteToLive;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** withPromotion: the block is the deployment, run only once the rules and approvals allow it, then gated. */
@WithJenkins
class WithPromotionTest {

    @Test
    void runsTheBlockOnlyAfterTheRulesAndTheApprovalAllowItWithThePromotionInItsEnvironment(JenkinsRule j)
            throws Exception {
        Fixtures.useRoute(Fixtures.fastDefaultRoute());
        Fixtures.secure(j);
        try (Fixtures.Health health = new Fixtures.Health()) {
            WorkflowJob job = Fixtures.job(j, "shop", Fixtures.registered("1.0.0")
                    + "try {\n"
                    + "  withPromotion(application: 'shop', environment: 'stage', digest: a.digest, healthUrl: '"
                    + health.url() + "') {\n"
                    + "    echo 'DEPLOYING TO STAGE'\n"
                    + "  }\n"
                    + "} catch (e) { echo \"refused: ${e.message}\" }\n"
                    + "withPromotion(application: 'shop', environment: 'development', digest: a.digest, healthUrl: '"
                    + health.url() + "') {\n"
                    + "  echo \"DEPLOYING ${env.ROUTE_TO_LIVE_APPLICATION} ${env.ROUTE_TO_LIVE_VERSION} "
                    + "${env.ROUTE_TO_LIVE_DIGEST} TO ${env.ROUTE_TO_LIVE_ENVIRONMENT}\"\n"
                    + "}\n"
                    + "withPromotion(application: 'shop', environment: 'test', digest: a.digest, healthUrl: '"
                    + health.url() + "') {\n"
                    + "  node { echo \"DEPLOYING TO ${env.ROUTE_TO_LIVE_ENVIRONMENT} as ${env.ROUTE_TO_LIVE_PROMOTION_ID}\" }\n"
                    + "}\n");

            WorkflowRun run = Fixtures.startAs(job, "dora");
            j.waitForMessage("Approve or reject promotion", run);

            j.assertLogNotContains("DEPLOYING TO STAGE", run);
            j.assertLogContains("refused: Cannot promote shop 1.0.0", run);
            String digest = RouteToLive.get().service("default").ledger().registration("shop", "1.0.0").orElseThrow()
                    .artifact().digest().value();
            j.assertLogContains("DEPLOYING shop 1.0.0 " + digest + " TO development", run);
            j.assertLogNotContains("DEPLOYING TO test", run);
            assertEquals(0, j.jenkins.toComputer().countBusy(), "waiting for approval holds no executor");

            assertEquals(302, Fixtures.decide(j, run, "tess", "approve").getStatusCode());

            j.assertBuildStatusSuccess(j.waitForCompletion(run));
            j.assertLogContains("DEPLOYING TO test as " + Fixtures.newestPromotion(run).getId(), run);
            j.assertLogContains("Deploying shop 1.0.0 (", run);
            j.assertLogContains("with the pipeline's own steps.", run);
            j.assertLogContains("is verified in test", run);
        }
    }

    @Test
    void aFailingBlockFailsThePromotionAndNamesTheLastKnownGoodToRestore(JenkinsRule j) throws Exception {
        Fixtures.useRoute(Fixtures.fastDefaultRoute());
        try (Fixtures.Health health = new Fixtures.Health()) {
            WorkflowJob first = Fixtures.job(j, "first", Fixtures.registeredAndInDevelopment(health.url()));
            j.buildAndAssertSuccess(first);
            WorkflowJob job = Fixtures.job(j, "shop", Fixtures.registered("1.1.0")
                    + "withPromotion(application: 'shop', environment: 'development', digest: a.digest, healthUrl: '"
                    + health.url() + "') {\n"
                    + "  error 'helm upgrade failed: timed out waiting for the condition'\n"
                    + "}\n");

            WorkflowRun run = j.buildAndAssertStatus(Result.FAILURE, job);

            j.assertLogContains("failed: the pipeline's deployment steps failed (helm upgrade failed: timed out waiting "
                    + "for the condition), so development may run 1.1.0 in part or what ran there before. Its last known "
                    + "good is shop 1.0.0 (", run);
            j.assertLogNotContains("\tat ", run);
            assertEquals("failed", Fixtures.newestPromotion(run).getState());
            EnvironmentState development = RouteToLive.get().service("default").ledger().environment("shop", "development");
            assertEquals("1.0.0", development.lastKnownGood().orElseThrow().version());
        }
    }

    @Test
    void aFailedGateAfterTheBlockFailsTheBuildSayingWhatThePipelineMustRestore(JenkinsRule j) throws Exception {
        Fixtures.useRoute(Fixtures.fastDefaultRoute());
        try (Fixtures.Health health = new Fixtures.Health()) {
            j.buildAndAssertSuccess(Fixtures.job(j, "first", Fixtures.registeredAndInDevelopment(health.url())));
            WorkflowJob job = Fixtures.job(j, "shop", Fixtures.registered("1.1.0")
                    + "withPromotion(application: 'shop', environment: 'development', digest: a.digest, healthUrl: '"
                    + health.url() + "') {\n"
                    + "  echo 'DEPLOYED 1.1.0'\n"
                    + "}\n");
            health.status.set(503);

            WorkflowRun run = j.buildAndAssertStatus(Result.FAILURE, job);

            j.assertLogContains("DEPLOYED 1.1.0", run);
            j.assertLogContains("health gate failed", run);
            j.assertLogContains("The pipeline must roll development back to shop 1.0.0", run);
            assertTrue(run.getLog().indexOf("DEPLOYED 1.1.0") < run.getLog().indexOf("health gate failed"));
        }
    }

    @Test
    void promoteRefusesADeploymentKindThatOnlyABlockCanBe(JenkinsRule j) throws Exception {
        Fixtures.useRoute(Fixtures.fastDefaultRoute());
        WorkflowJob job = Fixtures.job(j, "shop", Fixtures.registered("1.0.0")
                + "promote application: 'shop', environment: 'development', digest: a.digest, deployment: 'pipeline', "
                + "healthUrl: 'http://127.0.0.1:1/health'\n");

        WorkflowRun run = j.buildAndAssertStatus(Result.FAILURE, job);

        j.assertLogContains("deployment must be 'external' or 'kubernetes', but was 'pipeline'. To deploy with your own "
                + "steps, put them in the block of withPromotion(…) { … } instead of promote.", run);
        assertEquals(null, run.getAction(io.jenkins.plugins.routetolive.actions.PromotionAction.class),
                "nothing was requested");
    }
}
