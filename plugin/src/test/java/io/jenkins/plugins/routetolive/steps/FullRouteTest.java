package io.jenkins.plugins.routetolive.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jenkins.plugins.routetolive.Fixtures;
import io.jenkins.plugins.routetolive.engine.ledger.EnvironmentState;
import io.jenkins.plugins.routetolive.runtime.RouteToLive;
import java.util.List;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * promote without a block, written as the README and the user guide write it, scripted and declarative,
 * through the whole six-environment route with a real health endpoint and approvals given over HTTP.
 */
@WithJenkins
class FullRouteTest {

    static final List<String> DEPLOY_ENVIRONMENTS = List.of("development", "test", "stage", "production");

    static String scripted(String healthUrl) {
        return Fixtures.registered("1.0.0")
                + "for (String environment in ['development', 'test', 'stage', 'production']) {\n"
                + "  stage(environment) {\n"
                + "    promote application: 'shop', environment: environment, digest: a.digest, healthUrl: '" + healthUrl + "'\n"
                + "  }\n"
                + "}\n"
                + "echo \"production runs ${routeStatus('shop').production.version}\"\n";
    }

    static String declarative(String healthUrl) {
        StringBuilder stages = new StringBuilder();
        for (String environment : DEPLOY_ENVIRONMENTS) {
            stages.append("    stage('").append(environment).append("') {\n")
                    .append("      steps {\n")
                    .append("        promote application: 'shop', environment: '").append(environment)
                    .append("', digest: env.SHOP_DIGEST, healthUrl: '").append(healthUrl).append("'\n")
                    .append("      }\n")
                    .append("    }\n");
        }
        return "pipeline {\n"
                + "  agent none\n"
                + "  stages {\n"
                + "    stage('Build') {\n"
                + "      agent any\n"
                + "      steps {\n"
                + "        writeFile file: 'shop.jar', text: 'shop 1.0.0'\n"
                + "        script {\n"
                + "          env.SHOP_DIGEST = registerArtifact(application: 'shop', version: '1.0.0', file: 'shop.jar',\n"
                + "              sourceRevision: 'abc123').digest\n"
                + "        }\n"
                + "      }\n"
                + "    }\n"
                + stages
                + "  }\n"
                + "  post { success { echo \"production runs ${routeStatus('shop').production.version}\" } }\n"
                + "}\n";
    }

    @Test
    void aScriptedPipelineWalksTheWholeRoute(JenkinsRule j) throws Exception {
        walkTheRoute(j, FullRouteTest::scripted);
    }

    @Test
    void aDeclarativePipelineWalksTheWholeRoute(JenkinsRule j) throws Exception {
        walkTheRoute(j, FullRouteTest::declarative);
    }

    private static void walkTheRoute(JenkinsRule j, java.util.function.UnaryOperator<String> script) throws Exception {
        Fixtures.useRoute(Fixtures.fastDefaultRoute());
        Fixtures.secure(j);
        try (Fixtures.Health health = new Fixtures.Health()) {
            WorkflowJob job = Fixtures.job(j, "shop", script.apply(health.url()));
            WorkflowRun run = Fixtures.startAs(job, "dora");

            j.waitForMessage("to test awaits 1 approval from members of testers (not dora, who requested it).", run);
            assertEquals(0, j.jenkins.toComputer().countBusy(), "waiting for approval holds no executor");
            assertEquals(302, Fixtures.decide(j, run, "tess", "approve").getStatusCode());
            j.waitForMessage("to stage awaits 1 approval from members of business", run);
            assertEquals(302, Fixtures.decide(j, run, "bob", "approve").getStatusCode());
            j.waitForMessage("to production awaits 2 approvals from members of release-managers", run);
            ApprovalTest.assertAnswer(403, "bob approved the previous environment and cannot also approve production "
                    + "(separation of duties). Ask another approver: members of release-managers.",
                    Fixtures.decide(j, run, "bob", "approve"));
            assertEquals(302, Fixtures.decide(j, run, "rita", "approve").getStatusCode());
            assertEquals(302, Fixtures.decide(j, run, "ravi", "approve").getStatusCode());

            j.assertBuildStatusSuccess(j.waitForCompletion(run));
            for (String environment : DEPLOY_ENVIRONMENTS) {
                j.assertLogContains("is verified in " + environment, run);
            }
            j.assertLogContains("production runs 1.0.0", run);
            EnvironmentState production = RouteToLive.get().ledger().environment("shop", "production");
            assertEquals("1.0.0", production.current().orElseThrow().version());
        }
    }
}
