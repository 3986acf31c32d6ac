package io.jenkins.plugins.routetolive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.Result;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.jenkins.plugins.routetolive.config.RouteToLiveConfiguration;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.stream.Collectors;
import net.sf.json.JSONArray;
import net.sf.json.JSONObject;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.RealJenkinsExtension;

/**
 * Issue 14, "several controllers, one ledger": two Jenkins controllers share the Kubernetes shared store, and the
 * second one reads, and acts on, what the first one wrote.
 *
 * <p>Each controller is a {@link RealJenkinsExtension}: its own JVM, started with {@code java -jar jenkins.war}, its own
 * JENKINS_HOME (so its own secret key, instance id and therefore its own derived controller name), the plugin loaded as
 * in production, and configuration as code read at startup (the shared store, a four-environment route with one-second
 * gates). Two {@code JenkinsRule} sessions in one JVM could not run at the same time and would share static state such
 * as system properties; here both controllers are up together, as they would be in production, and each is reached
 * from outside over HTTP like a user would. Both point at one fabric8 {@link KubernetesMockServer} in CRUD mode
 * listening on 127.0.0.1 in this JVM, through fabric8's own configuration: {@code -Dkubernetes.master}, with kubeconfig
 * and service account lookups turned off so nothing else on the machine is used. Test code runs inside each controller
 * only to create and build Pipeline jobs, check their results and console lines, and ask the controller's name; what
 * each controller shows of the other's work is read from its REST API over HTTP.
 *
 * <p>A write by one controller reaches the other through the API server (the ledger may learn of it from a watch,
 * asynchronously), so what B should show of A's work is waited for, up to a deadline, never assumed to be there at once.
 */
class SeveralControllersTest {

    static final String NAMESPACE = "route-to-live";
    static final String REPOSITORY = "registry.example.com/shop";
    static final String BUILT = "sha256:" + "1".repeat(64);
    static final String REBUILT = "sha256:" + "2".repeat(64);
    static final String NEXT = "sha256:" + "3".repeat(64);

    @RegisterExtension
    final RealJenkinsExtension a = new RealJenkinsExtension().withName("controller-a");

    @RegisterExtension
    final RealJenkinsExtension b = new RealJenkinsExtension().withName("controller-b");

    @TempDir
    Path temp;

    KubernetesMockServer apiServer;
    KubernetesClient client;
    Fixtures.Health health;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void oneApiServerForBothControllers() throws IOException {
        apiServer = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesMixedDispatcher(new HashMap<>()), false);
        apiServer.init(InetAddress.getByName("127.0.0.1"), 0);
        client = apiServer.createClient();
        health = new Fixtures.Health();
        Path casc = temp.resolve("route-to-live.yaml");
        Files.writeString(casc, configurationAsCode(), StandardCharsets.UTF_8);
        for (RealJenkinsExtension controller : List.of(a, b)) {
            controller.javaOptions("-Xmx512m",
                    "-Dkubernetes.master=http://127.0.0.1:" + apiServer.getPort() + "/",
                    "-Dkubernetes.auth.tryKubeConfig=false",
                    "-Dkubernetes.auth.tryServiceAccount=false",
                    "-Dcasc.jenkins.config=" + casc);
        }
    }

    /** The controllers stop first, so they close their stores while the API server still answers. */
    @AfterEach
    void stopIt() throws Exception {
        b.stopJenkins();
        a.stopJenkins();
        if (health != null) {
            health.close();
        }
        if (client != null) {
            client.close();
        }
        if (apiServer != null) {
            apiServer.destroy();
        }
    }

    /** Both controllers: the shared store and the same route; no controller name, so each derives its own. */
    static String configurationAsCode() {
        StringBuilder yaml = new StringBuilder("unclassified:\n  routeToLive:\n    ledgerStore: kubernetes\n"
                + "    ledgerNamespace: " + NAMESPACE + "\n    routes:\n      - name: shared\n        environments:\n"
                + "          - name: build\n            role: entry\n");
        for (String environment : List.of("development", "test", "stage")) {
            yaml.append("          - name: ").append(environment).append("\n            role: deploy\n")
                    .append(environment.equals("test") ? "            singleVersion: true\n" : "")
                    .append("            gateIntervalSeconds: 1\n            gateTimeoutSeconds: 1\n")
                    .append("            gateSuccessThreshold: 1\n            gateDeadlineSeconds: 20\n");
        }
        return yaml.toString();
    }

    @Test
    void aSecondControllerShowsWhatTheFirstVerifiedAndPromotesThatDigestOnButNoRebuild() throws Throwable {
        a.startJenkins();
        String controllerA = a.runRemotely(SeveralControllersTest::buildAndVerifyThroughTest, health.url());

        b.startJenkins();
        JSONObject test = awaitEnvironment(b, "test", "PASSED");
        assertEquals("1.0.0", test.getString("version"));
        assertEquals(BUILT, test.getString("digest"));
        assertFalse(test.has("job"), "B has no job of A's to link to: " + test);
        assertEquals(BUILT, awaitEnvironment(b, "development", "PASSED").getString("digest"));
        assertEquals("NOT_REACHED", environment(b, "stage").getString("status"));

        String controllerB = b.runRemotely(SeveralControllersTest::promoteOnAndRefuseARebuild, health.url());

        assertTrue(controllerA.matches("jenkins-[0-9a-f]{12}"), controllerA);
        assertTrue(controllerB.matches("jenkins-[0-9a-f]{12}"), controllerB);
        assertNotEquals(controllerA, controllerB, "another JENKINS_HOME, another controller");
        assertEquals(List.of(controllerA), writers("test"), "A wrote test's records");
        assertEquals(List.of(controllerB), writers("stage"), "B wrote stage's records");
        JSONObject stage = awaitEnvironment(a, "stage", "PASSED");
        assertEquals(BUILT, stage.getString("digest"), "and A shows what B verified");
    }

    /** On A: register shop 1.0.0 and promote it to development and test; returns A's controller name. */
    private static String buildAndVerifyThroughTest(JenkinsRule j, String healthUrl) throws Throwable {
        WorkflowRun run = j.buildAndAssertSuccess(job(j, "shop-build",
                "def a = registerArtifact application: 'shop', version: '1.0.0', image: '" + REPOSITORY + "@" + BUILT
                        + "', sourceRevision: 'abc123'\n"
                        + "promote application: 'shop', environment: 'development', digest: a.digest, healthUrl: '"
                        + healthUrl + "'\n"
                        + "promote application: 'shop', environment: 'test', digest: a.digest, healthUrl: '"
                        + healthUrl + "'\n"));
        j.assertLogContains("is verified in development", run);
        j.assertLogContains("is verified in test", run);
        return RouteToLiveConfiguration.get().controllerIdentity();
    }

    /**
     * On B: the digest A verified in test is admitted to stage; a version B registers itself is not (it has not passed
     * test); a rebuild of 1.0.0, registered or promoted, is refused. Returns B's controller name.
     */
    private static String promoteOnAndRefuseARebuild(JenkinsRule j, String healthUrl) throws Throwable {
        WorkflowRun admitted = j.buildAndAssertSuccess(job(j, "shop-release",
                "promote application: 'shop', environment: 'stage', version: '1.0.0', digest: '" + BUILT
                        + "', healthUrl: '" + healthUrl + "'\n"));
        j.assertLogContains("is verified in stage", admitted);

        WorkflowRun skipping = j.buildAndAssertStatus(Result.FAILURE, job(j, "shop-next",
                "def a = registerArtifact application: 'shop', version: '1.1.0', image: '" + REPOSITORY + "@" + NEXT
                        + "', sourceRevision: 'def456'\n"
                        + "promote application: 'shop', environment: 'stage', digest: a.digest, healthUrl: '"
                        + healthUrl + "'\n"));
        j.assertLogContains("it has not passed test", skipping);

        WorkflowRun rebuilt = j.buildAndAssertStatus(Result.FAILURE, job(j, "shop-rebuild",
                "registerArtifact application: 'shop', version: '1.0.0', image: '" + REPOSITORY + "@" + REBUILT
                        + "', sourceRevision: 'abc123'\n"));
        j.assertLogContains("shop 1.0.0 is already registered with digest " + BUILT, rebuilt);
        j.assertLogContains("Promote, never rebuild", rebuilt);

        WorkflowRun swapped = j.buildAndAssertStatus(Result.FAILURE, job(j, "shop-hotfix",
                "promote application: 'shop', environment: 'stage', version: '1.0.0', digest: '" + REBUILT
                        + "', healthUrl: '" + healthUrl + "'\n"));
        j.assertLogContains("shop 1.0.0 was registered with digest " + BUILT + ", not " + REBUILT, swapped);
        j.assertLogContains("Promote, never rebuild", swapped);
        return RouteToLiveConfiguration.get().controllerIdentity();
    }

    private static WorkflowJob job(JenkinsRule j, String name, String script) throws Exception {
        WorkflowJob job = j.createProject(WorkflowJob.class, name);
        job.setDefinition(new CpsFlowDefinition(script, true));
        return job;
    }

    /** The environment of shop as the controller's board API answers it now. */
    JSONObject environment(RealJenkinsExtension controller, String name) throws Exception {
        URI api = controller.getUrl().toURI().resolve("route-to-live/api/json?tree=applications%5Bname,environments"
                + "%5Bname,status,version,digest,job,build%5D%5D");
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(api).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        JSONArray applications = JSONObject.fromObject(response.body()).getJSONArray("applications");
        for (Object application : applications) {
            JSONObject app = (JSONObject) application;
            if (app.getString("name").equals("shop")) {
                for (Object environment : app.getJSONArray("environments")) {
                    if (((JSONObject) environment).getString("name").equals(name)) {
                        return (JSONObject) environment;
                    }
                }
            }
        }
        return new JSONObject().element("name", name).element("status", "NOT_REACHED");
    }

    /** Waits until the controller's board shows the environment in this status (another controller wrote it). */
    JSONObject awaitEnvironment(RealJenkinsExtension controller, String name, String status) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        JSONObject seen = environment(controller, name);
        while (!status.equals(seen.getString("status"))) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(controller.getName() + " does not show " + name + " as " + status
                        + " within 30 s; it shows " + seen);
            }
            Thread.sleep(200);
            seen = environment(controller, name);
        }
        return seen;
    }

    /** The controllers named on the ledger records of shop in this environment, as stored in the API server. */
    List<String> writers(String environment) {
        return client.configMaps().inNamespace(NAMESPACE).withLabel("routetolive.io/kind", "ledger-log")
                .withLabel("routetolive.io/application", "shop").list().getItems().stream()
                .map(ConfigMap::getData).flatMap(data -> data.values().stream()).map(JSONObject::fromObject)
                .filter(record -> environment.equals(record.getString("environment")))
                .map(record -> record.getString("controller")).distinct().sorted()
                .collect(Collectors.toList());
    }
}
