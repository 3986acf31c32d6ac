package io.jenkins.plugins.routetolive.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import hudson.model.Result;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import hudson.util.Secret;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.jenkins.plugins.routetolive.ClusterController;
import io.jenkins.plugins.routetolive.Fixtures;
import io.jenkins.plugins.routetolive.config.EnvironmentConfig;
import io.jenkins.plugins.routetolive.config.RouteConfig;
import io.jenkins.plugins.routetolive.engine.ledger.EntryType;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerQueries;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;
import io.jenkins.plugins.routetolive.runtime.RouteToLive;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * promoteRelease with Kubernetes targets in the manifest, deployed by the real KubernetesDeployer against fabric8's
 * mock API server (client from the environment's token credential, as for promote). When one component fails its
 * gate, the engine restores the components the release already changed, in reverse order.
 */
@WithJenkins
@EnableKubernetesMockClient(crud = true, https = false)
class ReleaseKubernetesTest {

    static final String NS = KubernetesPromotionTest.NS;
    static final String REGISTRY = "registry.example.com/";

    KubernetesClient client;
    ClusterController cluster;

    @AfterEach
    void stopController() {
        if (cluster != null) {
            cluster.close();
        }
    }

    static String digest(String application, String version) {
        char c = (char) ('0' + List.of("db", "api", "web").indexOf(application) * 2 + (version.startsWith("1") ? 1 : 2));
        return "sha256:" + String.valueOf(c).repeat(64);
    }

    /** Registers db, api and web at this version as images and promotes the release of them to development. */
    static String release(String version) {
        StringBuilder script = new StringBuilder();
        for (String app : List.of("db", "api", "web")) {
            script.append("registerArtifact application: '").append(app).append("', version: '").append(version)
                    .append("', image: '").append(REGISTRY).append(app).append('@').append(digest(app, version))
                    .append("', sourceRevision: 'rev-").append(version).append("'\n");
        }
        return script + "def release = '''name: shop-release\n"
                + "version: " + version + "\n"
                + "components:\n"
                + "  - application: db\n"
                + "    version: " + version + "\n"
                + "    digest: " + digest("db", version) + "\n"
                + "    kubernetes: {deploymentName: db}\n"
                + "  - application: api\n"
                + "    version: " + version + "\n"
                + "    digest: " + digest("api", version) + "\n"
                + "    dependsOn: [db]\n"
                + "    kubernetes: {deploymentName: api, strategy: blueGreen, blueGreenService: api}\n"
                + "  - application: web\n"
                + "    version: " + version + "\n"
                + "    digest: " + digest("web", version) + "\n"
                + "    dependsOn: [api]\n"
                + "    kubernetes: {deploymentName: web, namespace: " + NS + ", container: shop}\n"
                + "'''\n"
                + "promoteRelease manifest: release, environment: 'development'\n";
    }

    String image(String deployment) {
        return KubernetesPromotionTest.image(client.apps().deployments().inNamespace(NS).withName(deployment).get());
    }

    String servingApi() {
        String colour = client.services().inNamespace(NS).withName("api").get().getSpec().getSelector()
                .get("routetolive.io/colour");
        return image("api-" + colour);
    }

    /** Development on the mock cluster: its URL, namespace and a token credential, as an administrator sets them. */
    void development(JenkinsRule j) throws Exception {
        SystemCredentialsProvider.getInstance().getCredentials().add(new StringCredentialsImpl(CredentialsScope.GLOBAL,
                "dev-token", "development cluster", Secret.fromString("s3cr3t-token")));
        SystemCredentialsProvider.getInstance().save();
        RouteConfig route = Fixtures.fastDefaultRoute();
        EnvironmentConfig development = route.environment("development").orElseThrow();
        development.setKubernetesServerUrl(client.getMasterUrl().toString());
        development.setKubernetesNamespace(NS);
        development.setKubernetesCredentialsId("dev-token");
        Fixtures.useRoute(route);
        cluster = new ClusterController(client, NS);
    }

    void deployment(String name, String container, String image, Map<String, String> labels, Map<String, String> annotations) {
        client.apps().deployments().inNamespace(NS).resource(new DeploymentBuilder().withNewMetadata().withNamespace(NS)
                .withName(name).withAnnotations(annotations).endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().withMatchLabels(labels).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec().addNewContainer().withName(container).withImage(image).endContainer().endSpec()
                .endTemplate().endSpec().build()).create();
    }

    @Test
    void aComponentFailingItsGateRollsBackAndTheOthersAreRestoredInReverseOrder(JenkinsRule j) throws Exception {
        development(j);
        deployment("db", "db", REGISTRY + "db@" + digest("db", "1"), Map.of("app", "db"), Map.of());
        for (String colour : List.of("blue", "green")) {
            deployment("api-" + colour, "api", REGISTRY + "api@" + digest("api", "1"),
                    Map.of("app", "api", "routetolive.io/colour", colour),
                    colour.equals("blue") ? Map.of("routetolive.io/digest", digest("api", "1")) : Map.of());
        }
        client.services().inNamespace(NS).resource(new ServiceBuilder().withNewMetadata().withName("api").endMetadata()
                .withNewSpec().withSelector(Map.of("app", "api", "routetolive.io/colour", "blue")).addNewPort()
                .withPort(80).endPort().endSpec().build()).create();
        deployment("web", "shop", REGISTRY + "web@" + digest("web", "1"), Map.of("app", "web"), Map.of());
        j.buildAndAssertSuccess(Fixtures.job(j, "release-1", release("1.0.0")));
        cluster.breakDigest(digest("web", "2"));

        WorkflowRun run = j.buildAndAssertStatus(Result.FAILURE, Fixtures.job(j, "release-2", release("2.0.0")));

        j.assertLogContains("ProgressDeadlineExceeded", run);
        j.assertLogContains("development was rolled back to web 1.0.0", run);
        j.assertLogContains("because web failed", run);
        j.assertLogContains("restored api, db in that order", run);
        j.assertLogNotContains("s3cr3t-token", run);
        assertEquals(REGISTRY + "db@" + digest("db", "1"), image("db"));
        assertEquals(REGISTRY + "api@" + digest("api", "1"), servingApi());
        assertEquals(REGISTRY + "web@" + digest("web", "1"), image("web"));
        LedgerQueries ledger = RouteToLive.get().ledger();
        for (String app : List.of("db", "api", "web")) {
            assertEquals("1.0.0", ledger.environment(app, "development").current().orElseThrow().version(), app);
            assertEquals("1.0.0", ledger.environment(app, "development").lastKnownGood().orElseThrow().version(), app);
        }
        List<LedgerEntry> restores = Stream.of("db", "api").flatMap(app -> ledger.history(app).stream())
                .filter(e -> e.type() == EntryType.MANIFEST_ROLLBACK).sorted(Comparator.comparingLong(LedgerEntry::sequence))
                .toList();
        assertEquals(List.of("api", "db"), restores.stream().map(LedgerEntry::application).toList());
        assertEquals(List.of("passed", "passed"), restores.stream().map(e -> e.attribute(LedgerEntry.Attributes.VERDICT)).toList());
        assertEquals(PromotionState.ROLLED_BACK, ledger.history("web").stream()
                .filter(e -> e.type() == EntryType.STATE_CHANGED && e.version().equals("2.0.0"))
                .reduce((a, b) -> b).orElseThrow().state());
    }
}
