package io.jenkins.plugins.routetolive.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import hudson.model.Result;
import hudson.util.Secret;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.jenkins.plugins.routetolive.ClusterController;
import io.jenkins.plugins.routetolive.Fixtures;
import io.jenkins.plugins.routetolive.config.EnvironmentConfig;
import io.jenkins.plugins.routetolive.config.RouteConfig;
import io.jenkins.plugins.routetolive.runtime.RouteToLive;
import java.util.Map;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * promote deployment: 'kubernetes' from a real build, against fabric8's mock API server in CRUD mode, with the
 * client the kubernetes-client-api plugin provides and a secret-text token credential. A {@link ClusterController}
 * stands in for the controllers the mock does not run.
 */
@WithJenkins
@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesPromotionTest {

    static final String NS = "shop-dev";
    static final String REPOSITORY = "registry.example.com/shop";
    static final String V1 = "sha256:" + "1".repeat(64);
    static final String V2 = "sha256:" + "2".repeat(64);

    KubernetesClient client;
    ClusterController cluster;

    @AfterEach
    void stopController() {
        if (cluster != null) {
            cluster.close();
        }
    }

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

    void deployment(String name, int replicas, String digest, Map<String, String> labels, Map<String, String> annotations) {
        Deployment d = new DeploymentBuilder().withNewMetadata().withNamespace(NS).withName(name)
                .withAnnotations(annotations).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().withMatchLabels(labels).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec().addNewContainer().withName("shop").withImage(REPOSITORY + "@" + digest).endContainer()
                .endSpec().endTemplate().endSpec().build();
        client.apps().deployments().inNamespace(NS).resource(d).create();
    }

    Deployment get(String name) {
        return client.apps().deployments().inNamespace(NS).withName(name).get();
    }

    static String image(Deployment d) {
        return d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    static String promotion(String version, String digest, String options) {
        return "def a = registerArtifact application: 'shop', version: '" + version + "', image: '" + REPOSITORY + "@"
                + digest + "', sourceRevision: 'rev-" + version + "'\n"
                + "promote application: 'shop', environment: 'development', digest: a.digest, deployment: 'kubernetes', "
                + "deploymentName: 'shop', " + options + "\n";
    }

    @Test
    void aBadImageNeverBecomesReadyAndThePreviousImageIsRestoredAndGated(JenkinsRule j) throws Exception {
        development(j);
        deployment("shop", 2, V1, Map.of("app", "shop"), Map.of());
        j.buildAndAssertSuccess(Fixtures.job(j, "release-1", promotion("1.0.0", V1, "strategy: 'rolling'")));
        cluster.breakDigest(V2);

        WorkflowRun run = j.buildAndAssertStatus(Result.FAILURE,
                Fixtures.job(j, "release-2", promotion("1.1.0", V2, "strategy: 'rolling'")));

        j.assertLogContains("ProgressDeadlineExceeded", run);
        j.assertLogContains("development was rolled back to shop 1.0.0", run);
        j.assertLogNotContains("s3cr3t-token", run);
        assertEquals(REPOSITORY + "@" + V1, image(get("shop")));
        assertEquals("1.0.0", RouteToLive.get().ledger().environment("shop", "development").current().orElseThrow().version());
    }

    @Test
    void blueGreenIsGatedOnTheColourTheServiceSelects(JenkinsRule j) throws Exception {
        development(j);
        for (String colour : new String[] {"blue", "green"}) {
            deployment("shop-" + colour, 2, V1, Map.of("app", "shop", "routetolive.io/colour", colour),
                    colour.equals("blue") ? Map.of("routetolive.io/digest", V1) : Map.of());
        }
        client.services().inNamespace(NS).resource(new ServiceBuilder().withNewMetadata().withName("shop").endMetadata()
                .withNewSpec().withSelector(Map.of("app", "shop", "routetolive.io/colour", "blue")).addNewPort()
                .withPort(80).endPort().endSpec().build()).create();

        WorkflowRun run = j.buildAndAssertSuccess(Fixtures.job(j, "release",
                promotion("2.0.0", V2, "strategy: 'blueGreen', blueGreenService: 'shop'")));

        j.assertLogContains("is verified in development", run);
        assertEquals("green", client.services().inNamespace(NS).withName("shop").get().getSpec().getSelector()
                .get("routetolive.io/colour"));
        assertEquals(REPOSITORY + "@" + V2, image(get("shop-green")));
        assertEquals(REPOSITORY + "@" + V1, image(get("shop-blue")));
    }

    @Test
    void canaryStepsThenPromotesTheStableDeploymentAndRetiresTheCanary(JenkinsRule j) throws Exception {
        development(j);
        deployment("shop", 4, V1, Map.of("app", "shop", "track", "stable"), Map.of("routetolive.io/digest", V1));
        deployment("shop-canary", 0, V1, Map.of("app", "shop", "track", "canary"), Map.of());

        WorkflowRun run = j.buildAndAssertSuccess(Fixtures.job(j, "release",
                promotion("2.0.0", V2, "strategy: 'canary', canarySteps: '25,50'")));

        j.assertLogContains("is verified in development", run);
        assertEquals(REPOSITORY + "@" + V2, image(get("shop")));
        assertEquals(0, get("shop-canary").getSpec().getReplicas());
    }

    @Test
    void gatesADeploymentThePipelineMadeItselfOnItsRollout(JenkinsRule j) throws Exception {
        development(j);
        deployment("shop", 2, V1, Map.of("app", "shop"), Map.of());
        cluster.breakDigest(V1);
        WorkflowJob job = Fixtures.job(j, "release", "def a = registerArtifact application: 'shop', version: '1.0.0', "
                + "image: '" + REPOSITORY + "@" + V1 + "', sourceRevision: 'rev'\n"
                + "withPromotion(application: 'shop', environment: 'development', digest: a.digest, deploymentName: 'shop') {\n"
                + "  echo 'kubectl set image deployment/shop shop=" + REPOSITORY + "@' + env.ROUTE_TO_LIVE_DIGEST\n"
                + "}\n");

        WorkflowRun run = j.buildAndAssertStatus(Result.FAILURE, job);

        j.assertLogContains("kubectl set image deployment/shop shop=" + REPOSITORY + "@" + V1, run);
        j.assertLogContains("ProgressDeadlineExceeded", run);
        j.assertLogContains("There is no last known good in development to restore", run);
    }
}
