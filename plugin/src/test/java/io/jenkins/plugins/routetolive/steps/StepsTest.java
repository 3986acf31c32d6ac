package io.jenkins.plugins.routetolive.steps;

import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.Result;
import io.jenkins.plugins.routetolive.Fixtures;
import io.jenkins.plugins.routetolive.engine.artifact.Digests;
import java.nio.charset.StandardCharsets;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class StepsTest {

    @Test
    void registersAWorkspaceFileAndPromotesItToDevelopmentThroughItsGate(JenkinsRule j) throws Exception {
        Fixtures.useRoute(Fixtures.fastDefaultRoute());
        try (Fixtures.Health health = new Fixtures.Health()) {
            WorkflowJob job = Fixtures.job(j, "shop", Fixtures.registeredAndInDevelopment(health.url())
                    + "echo \"digest=${a.digest}\"\n"
                    + "def status = routeStatus 'shop'\n"
                    + "echo \"development runs ${status.development.version}\"\n");

            WorkflowRun run = j.buildAndAssertSuccess(job);

            String digest = Digests.ofBytes("shop 1.0.0".getBytes(StandardCharsets.UTF_8)).value();
            j.assertLogContains("digest=" + digest, run);
            j.assertLogContains("is verified in development", run);
            j.assertLogContains("development runs 1.0.0", run);

            JenkinsRule.WebClient wc = j.createWebClient();
            String buildPage = wc.getPage(run, "route-to-live").getWebResponse().getContentAsString();
            String jobPage = wc.getPage(job, "environments").getWebResponse().getContentAsString();
            String dashboard = wc.goTo("route-to-live").getWebResponse().getContentAsString();
            assertTrue(buildPage.contains("passed"), "build page shows development as passed");
            assertTrue(jobPage.contains("1.0.0"), "job page shows what runs in development");
            assertTrue(dashboard.contains("shop"), "dashboard lists the application");
        }
    }

    @Test
    void refusesAPromotionThatSkipsAnEnvironmentWithTheEngineMessageAndNoStackTrace(JenkinsRule j) throws Exception {
        Fixtures.useRoute(Fixtures.fastDefaultRoute());
        try (Fixtures.Health health = new Fixtures.Health()) {
            WorkflowJob job = Fixtures.job(j, "shop", "def a\nnode {\n"
                    + "  writeFile file: 'shop.jar', text: 'shop 1.0.0'\n"
                    + "  a = registerArtifact application: 'shop', version: '1.0.0', file: 'shop.jar', sourceRevision: 'abc123'\n"
                    + "}\n"
                    + "promote application: 'shop', environment: 'stage', digest: a.digest, healthUrl: '" + health.url() + "'\n");

            WorkflowRun run = j.buildAndAssertStatus(Result.FAILURE, job);

            j.assertLogContains("it has not passed test", run);
            j.assertLogContains("Promote it to test first.", run);
            j.assertLogNotContains("PromotionRefusedException", run);
            j.assertLogNotContains("\tat ", run);
        }
    }

    @Test
    void refusesARebuildUnderARegisteredVersion(JenkinsRule j) throws Exception {
        Fixtures.useRoute(Fixtures.fastDefaultRoute());
        WorkflowJob job = Fixtures.job(j, "shop", "node {\n"
                + "  writeFile file: 'shop.jar', text: \"shop ${env.BUILD_NUMBER}\"\n"
                + "  registerArtifact application: 'shop', version: '1.0.0', file: 'shop.jar', sourceRevision: 'abc123'\n"
                + "}\n");
        j.buildAndAssertSuccess(job);

        WorkflowRun second = j.buildAndAssertStatus(Result.FAILURE, job);

        j.assertLogContains("Promote, never rebuild", second);
        j.assertLogNotContains("\tat ", second);
    }

    @Test
    void refusesAnImageReferenceWithoutDigest(JenkinsRule j) throws Exception {
        WorkflowJob job = Fixtures.job(j, "shop",
                "registerArtifact application: 'shop', version: '1.0.0', image: 'registry.example.com/shop:1.0.0', sourceRevision: 'abc'\n");

        WorkflowRun run = j.buildAndAssertStatus(Result.FAILURE, job);

        j.assertLogContains("image reference must be pinned by digest", run);
    }

    @Test
    void failsTheBuildWithTheEngineOutcomeWhenTheGateFails(JenkinsRule j) throws Exception {
        Fixtures.useRoute(Fixtures.fastDefaultRoute());
        try (Fixtures.Health health = new Fixtures.Health()) {
            WorkflowJob good = Fixtures.job(j, "good", Fixtures.registeredAndInDevelopment(health.url()));
            j.buildAndAssertSuccess(good);
            health.status.set(503);
            WorkflowJob bad = Fixtures.job(j, "bad", "def a\nnode {\n"
                    + "  writeFile file: 'shop.jar', text: 'shop 1.1.0'\n"
                    + "  a = registerArtifact application: 'shop', version: '1.1.0', file: 'shop.jar', sourceRevision: 'def456'\n"
                    + "}\n"
                    + "promote application: 'shop', environment: 'development', digest: a.digest, healthUrl: '" + health.url() + "'\n");

            WorkflowRun run = j.buildAndAssertStatus(Result.FAILURE, bad);

            j.assertLogContains("health gate failed", run);
        }
    }
}
