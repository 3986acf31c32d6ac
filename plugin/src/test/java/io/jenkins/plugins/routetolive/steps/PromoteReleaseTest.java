package io.jenkins.plugins.routetolive.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.Result;
import io.jenkins.plugins.routetolive.Fixtures;
import io.jenkins.plugins.routetolive.actions.PromotionAction;
import io.jenkins.plugins.routetolive.actions.PromotionView;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerReport;
import io.jenkins.plugins.routetolive.runtime.RouteToLive;
import java.util.List;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * promoteRelease from real builds: a three-component release through the whole route, each component promotion
 * approved on the build page's POST endpoints by the people each environment allows, without an executor while it
 * waits; a rejected component rejecting the release; the user guide's declarative example.
 */
@WithJenkins
class PromoteReleaseTest {

    /** Registers db, api and web 1.0.0 in a node, writes release.yaml naming them, and reads it into {@code release}. */
    static String registeredRelease() {
        return "def release\n"
                + "node {\n"
                + "  def digests = [:]\n"
                + "  for (app in ['db', 'api', 'web']) {\n"
                + "    writeFile file: \"${app}.jar\", text: \"${app} 1.0.0\"\n"
                + "    digests[app] = registerArtifact(application: app, version: '1.0.0', file: \"${app}.jar\", "
                + "sourceRevision: 'abc123').digest\n"
                + "  }\n"
                + "  writeFile file: 'release.yaml', text: \"\"\"name: shop-release\n"
                + "version: 2026.11.1\n"
                + "components:\n"
                + "  - {application: web, version: 1.0.0, digest: '${digests.web}', dependsOn: [api]}\n"
                + "  - {application: api, version: 1.0.0, digest: '${digests.api}', dependsOn: [db]}\n"
                + "  - {application: db, version: 1.0.0, digest: '${digests.db}'}\n"
                + "\"\"\"\n"
                + "  release = readFile 'release.yaml'\n"
                + "}\n";
    }

    static String promoteRelease(String environment, String healthUrl) {
        return "promoteRelease manifest: release, environment: '" + environment + "', healthUrlPattern: '" + healthUrl
                + "?app={application}'\n";
    }

    /** The build's component promotions that still need an approval, newest first. */
    static List<PromotionView> awaiting(WorkflowRun run) {
        return run.getAction(PromotionAction.class).getPromotions().stream()
                .filter(p -> p.isAwaitingApproval() && p.getMissingApprovals() > 0).toList();
    }

    static void approveEach(JenkinsRule j, WorkflowRun run, String user) throws Exception {
        for (PromotionView p : awaiting(run)) {
            assertEquals(302, Fixtures.decide(j, run, user, "approve", p.getId()).getStatusCode(), user + " approves "
                    + p.getDescription());
        }
    }

    @Test
    void aThreeComponentReleaseGoesThroughTheRouteApprovedPerComponentByThePeopleEachEnvironmentAllows(JenkinsRule j)
            throws Exception {
        Fixtures.useRoute(Fixtures.fastDefaultRoute());
        Fixtures.secure(j);
        try (Fixtures.Health health = new Fixtures.Health()) {
            StringBuilder script = new StringBuilder(registeredRelease());
            for (String env : List.of("development", "test", "stage", "production")) {
                script.append(promoteRelease(env, health.url()));
            }
            WorkflowRun run = Fixtures.startAs(Fixtures.job(j, "shop", script.toString()), "dora");

            j.waitForMessage("waits for approval of 3 component promotion(s) to test", run);
            assertEquals(0, j.jenkins.toComputer().countBusy(), "waiting for approval holds no executor");
            List<PromotionView> test = awaiting(run);
            assertEquals(List.of("web 1.0.0", "api 1.0.0", "db 1.0.0"), test.stream()
                    .map(p -> p.getDescription().replaceAll(" \\(.*", "")).toList(), "newest first: requested db, api, web");
            ApprovalTest.assertAnswer(403, "dora may not approve or reject promotions of shop: that needs the Route to "
                    + "Live/Approve permission.", Fixtures.decide(j, run, "dora", "approve", test.get(0).getId()));
            ApprovalTest.assertAnswer(403, "Only members of testers may approve test; you are rex.",
                    Fixtures.decide(j, run, "rex", "approve", test.get(0).getId()));
            assertEquals(302, Fixtures.decide(j, run, "tess", "approve", test.get(0).getId()).getStatusCode());
            assertEquals(302, Fixtures.decide(j, run, "tess", "approve", test.get(1).getId()).getStatusCode());
            assertEquals(1, awaiting(run).size(), "the release waits until every component is approved");
            ApprovalTest.assertAnswer(409, "Promotion " + test.get(0).getId() + " already has the 1 approval(s) it needs "
                    + "and waits for the rest of its release; nothing is left to decide.",
                    Fixtures.decide(j, run, "rex", "approve", test.get(0).getId()));
            j.assertLogNotContains("to test with external deployment", run);
            assertEquals(302, Fixtures.decide(j, run, "tess", "approve", test.get(2).getId()).getStatusCode());

            j.waitForMessage("waits for approval of 3 component promotion(s) to stage", run);
            approveEach(j, run, "bob");

            j.waitForMessage("waits for approval of 3 component promotion(s) to production", run);
            assertEquals(0, j.jenkins.toComputer().countBusy(), "waiting for approval holds no executor");
            PromotionView db = awaiting(run).get(2);
            ApprovalTest.assertAnswer(403, "bob approved the previous environment and cannot also approve production "
                    + "(separation of duties). Ask another approver: members of release-managers.",
                    Fixtures.decide(j, run, "bob", "approve", db.getId()));
            approveEach(j, run, "rita");
            assertEquals(3, awaiting(run).size(), "production needs two release managers per component");
            approveEach(j, run, "ravi");

            j.assertBuildStatusSuccess(j.waitForCompletion(run));
            j.assertLogContains("Manifest shop-release 2026.11.1", run);
            j.assertLogContains("is verified in production: deployed db, api, web.", run);
            for (String app : List.of("db", "api", "web")) {
                assertEquals("1.0.0", RouteToLive.get().ledger().environment(app, "production").current().orElseThrow()
                        .version(), app);
            }
            assertTrue(new LedgerReport(RouteToLive.get().ledger()).manifestHistory("shop-release").contains("verified"));
            String page = j.createWebClient().login("rita").getPage(run, PromotionAction.URL_NAME).getWebResponse()
                    .getContentAsString();
            assertTrue(page.contains("Part of release shop-release 2026.11.1"), page);
        }
    }

    @Test
    void rejectingOneComponentRejectsTheWholeReleaseAndDeploysNothing(JenkinsRule j) throws Exception {
        Fixtures.useRoute(Fixtures.fastDefaultRoute());
        Fixtures.secure(j);
        try (Fixtures.Health health = new Fixtures.Health()) {
            WorkflowRun run = Fixtures.startAs(Fixtures.job(j, "shop", registeredRelease()
                    + promoteRelease("development", health.url()) + promoteRelease("test", health.url())), "dora");
            j.waitForMessage("waits for approval of 3 component promotion(s) to test", run);
            List<PromotionView> test = awaiting(run);

            assertEquals(302, Fixtures.decide(j, run, "tess", "approve", test.get(2).getId()).getStatusCode());
            assertEquals(302, Fixtures.decide(j, run, "tess", "reject", test.get(1).getId()).getStatusCode());

            j.assertBuildStatus(Result.FAILURE, j.waitForCompletion(run));
            j.assertLogContains("tess rejected promotion " + test.get(1).getId() + " of api 1.0.0", run);
            j.assertLogContains("is rejected as a whole; nothing was deployed.", run);
            assertTrue(awaiting(run).isEmpty(), "no component promotion is left waiting");
            for (String app : List.of("db", "api", "web")) {
                assertTrue(RouteToLive.get().ledger().environment(app, "test").current().isEmpty(), app);
            }
            assertTrue(RouteToLive.get().ledger().activePromotions().isEmpty());
        }
    }

    @Test
    void stoppingTheBuildWhileTheReleaseWaitsWithdrawsEveryComponentPromotion(JenkinsRule j) throws Exception {
        Fixtures.useRoute(Fixtures.fastDefaultRoute());
        Fixtures.secure(j);
        try (Fixtures.Health health = new Fixtures.Health()) {
            WorkflowRun run = Fixtures.startAs(Fixtures.job(j, "shop", registeredRelease()
                    + promoteRelease("development", health.url()) + promoteRelease("test", health.url())), "dora");
            j.waitForMessage("waits for approval of 3 component promotion(s) to test", run);
            String api = awaiting(run).get(1).getId();

            run.doStop();

            j.assertBuildStatus(Result.ABORTED, j.waitForCompletion(run));
            assertTrue(RouteToLive.get().ledger().activePromotions().isEmpty(), "nothing is left holding test");
            assertTrue(new LedgerReport(RouteToLive.get().ledger()).manifestHistory("shop-release").contains("withdrawn"));
            ApprovalTest.assertAnswer(409, "Promotion " + api + " is failed, not awaiting approval.",
                    Fixtures.decide(j, run, "tess", "approve", api));
        }
    }

    @Test
    void theUserGuidesDeclarativeExampleReadsTheManifestOnAnAgentAndPromotesWithoutOne(JenkinsRule j) throws Exception {
        Fixtures.useRoute(Fixtures.fastDefaultRoute());
        try (Fixtures.Health health = new Fixtures.Health()) {
            String build = registeredRelease().replace("def release\nnode {\n", "").replace("  release = readFile 'release.yaml'\n}\n", "");
            WorkflowJob job = Fixtures.job(j, "shop", "pipeline {\n"
                    + "  agent none\n"
                    + "  stages {\n"
                    + "    stage('Read release') {\n"
                    + "      agent any\n"
                    + "      steps {\n"
                    + "        script {\n" + build + "        }\n"
                    + "        script { env.RELEASE = readFile 'release.yaml' }\n"
                    + "      }\n"
                    + "    }\n"
                    + "    stage('Development') {\n"
                    + "      steps {\n"
                    + "        promoteRelease manifest: env.RELEASE, environment: 'development',\n"
                    + "                       healthUrlPattern: '" + health.url() + "?app={application}'\n"
                    + "      }\n"
                    + "    }\n"
                    + "  }\n"
                    + "}\n");

            WorkflowRun run = j.buildAndAssertSuccess(job);

            j.assertLogContains("is verified in development: deployed db, api, web.", run);
        }
    }

    @Test
    void aPathInsteadOfTheManifestsContentIsRefusedSayingWhatToWrite(JenkinsRule j) throws Exception {
        Fixtures.useRoute(Fixtures.fastDefaultRoute());
        WorkflowRun run = j.buildAndAssertStatus(Result.FAILURE, Fixtures.job(j, "shop",
                "promoteRelease manifest: 'release.yaml', environment: 'development', healthUrlPattern: 'http://x/{application}'\n"));

        j.assertLogContains("promoteRelease takes the manifest's content, not its path 'release.yaml': read it inside "
                + "node { } and promote outside", run);
        j.assertLogContains("def release; node { release = readFile 'release.yaml' }; promoteRelease manifest: release, "
                + "environment: 'development'", run);
        j.assertLogNotContains("\tat ", run);
    }
}
