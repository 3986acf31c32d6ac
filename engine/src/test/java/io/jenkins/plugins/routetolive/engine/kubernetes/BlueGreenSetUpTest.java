package io.jenkins.plugins.routetolive.engine.kubernetes;

import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.gate.Gate;
import io.jenkins.plugins.routetolive.engine.gate.Gates;
import io.jenkins.plugins.routetolive.engine.gate.HttpProbe;
import io.jenkins.plugins.routetolive.engine.gate.ThresholdGate;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionOutcome;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;
import io.jenkins.plugins.routetolive.engine.promotion.Rollout;
import io.jenkins.plugins.routetolive.engine.support.Fixtures;
import io.jenkins.plugins.routetolive.engine.support.HealthServer;
import io.jenkins.plugins.routetolive.engine.support.RolloutController;
import io.jenkins.plugins.routetolive.engine.support.RouteFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first blue/green deployment in a namespace that has only what rolling updates needed: Deployment
 * {@code shop} and Service {@code shop} selecting {@code app: shop}. The team promoted 1.0.0 with rolling
 * updates and switches to blue/green for 2.0.0.
 */
@EnableKubernetesMockClient(crud = true)
class BlueGreenSetUpTest {

    static final String NS = "dev";
    static final Artifact V1 = Fixtures.artifact("shop", "1.0.0");
    static final Artifact V2 = Fixtures.artifact("shop", "2.0.0");
    static final String COLOUR = KubernetesDeployer.COLOUR_LABEL;

    KubernetesClient client;
    ScheduledExecutorService scheduler;
    Gates gates;
    RolloutController controller;
    HealthServer health;
    RouteFixture route;
    Rollout rollout;

    @BeforeEach
    void start() throws Exception {
        scheduler = Executors.newSingleThreadScheduledExecutor();
        gates = new Gates(scheduler, Clock.systemUTC());
        controller = new RolloutController(client, NS);
        health = new HealthServer();
        route = new RouteFixture("development");
        rollout = new Rollout(route.service);
        Deployment shop = Fixtures.deployment(NS, "shop", 3, "registry.example/shop:0.9", Map.of("app", "shop"),
                Map.of("kubectl.kubernetes.io/last-applied-configuration", "{\"kind\":\"Deployment\"}"));
        client.apps().deployments().inNamespace(NS).resource(shop).create();
        client.services().inNamespace(NS).resource(new ServiceBuilder().withNewMetadata().withName("shop").endMetadata()
                .withNewSpec().withSelector(Map.of("app", "shop")).addNewPort().withPort(80).endPort().endSpec().build()).create();
        KubernetesDeployer rolling = deployer(new DeploymentStrategy.Rolling());
        assertThat(promote(V1, rolling, rolling.rolloutGate()).state()).isEqualTo(PromotionState.VERIFIED);
    }

    @AfterEach
    void stop() {
        health.close();
        controller.close();
        scheduler.shutdownNow();
    }

    KubernetesDeployer deployer(DeploymentStrategy strategy) {
        return new KubernetesDeployer(client, new KubernetesTarget(NS, "shop", "web"), strategy, gates, RouteFixture.FAST,
                scheduler, Clock.systemUTC());
    }

    PromotionOutcome promote(Artifact artifact, KubernetesDeployer deployer, Gate gate) throws Exception {
        return rollout.deployAndVerify(route.request(artifact, "development").id(), deployer, gate).get(30, TimeUnit.SECONDS);
    }

    /** The deployer's rollout gate and the application's health endpoint behind the Service. */
    Gate gate(KubernetesDeployer deployer) {
        Gate http = new ThresholdGate(new HttpProbe(health.url(), Duration.ofSeconds(1), HttpClient.newHttpClient(),
                Clock.systemUTC()), RouteFixture.FAST, scheduler, Clock.systemUTC());
        return gates.allOf(List.of(deployer.rolloutGate(), http));
    }

    Deployment get(String name) {
        return client.apps().deployments().inNamespace(NS).withName(name).get();
    }

    static String image(Deployment d) {
        return d.getSpec().getTemplate().getSpec().getContainers().stream().filter(c -> c.getName().equals("web"))
                .findFirst().orElseThrow().getImage();
    }

    Map<String, String> selector() {
        return client.services().inNamespace(NS).withName("shop").get().getSpec().getSelector();
    }

    /** What the Service sends traffic to runs 2.0.0. */
    boolean servesV2() {
        String colour = selector().get(COLOUR);
        Deployment served = get(colour == null ? "shop" : "shop-" + colour);
        return image(served).endsWith(V2.digest().value());
    }

    @Test
    void firstBlueGreenCopiesTheServingDeploymentIntoBlueThenDeploysGreenAndSwitches() throws Exception {
        KubernetesDeployer blueGreen = deployer(new DeploymentStrategy.BlueGreen("shop"));

        PromotionOutcome outcome = promote(V2, blueGreen, gate(blueGreen));

        assertThat(outcome.state()).as(outcome.message()).isEqualTo(PromotionState.VERIFIED);
        assertThat(outcome.message()).startsWith("shop 2.0.0 (sha256:").contains("is verified in development");
        assertThat(selector()).isEqualTo(Map.of("app", "shop", COLOUR, "green"));

        Deployment blue = get("shop-blue");
        assertThat(image(blue)).isEqualTo("registry.example/shop@" + V1.digest().value());
        assertThat(blue.getSpec().getReplicas()).isEqualTo(3);
        assertThat(blue.getSpec().getSelector().getMatchLabels()).isEqualTo(Map.of("app", "shop", COLOUR, "blue"));
        assertThat(blue.getSpec().getTemplate().getMetadata().getLabels()).isEqualTo(Map.of("app", "shop", COLOUR, "blue"));
        assertThat(blue.getSpec().getTemplate().getSpec().getContainers()).extracting(c -> c.getName())
                .containsExactly("sidecar", "web");
        assertThat(blue.getMetadata().getAnnotations()).containsEntry(KubernetesDeployer.COPIED_FROM_ANNOTATION, "shop")
                .containsEntry(KubernetesDeployer.DIGEST_ANNOTATION, V1.digest().value())
                .doesNotContainKey("kubectl.kubernetes.io/last-applied-configuration");

        Deployment green = get("shop-green");
        assertThat(image(green)).isEqualTo("registry.example/shop@" + V2.digest().value());
        assertThat(green.getSpec().getTemplate().getMetadata().getLabels()).isEqualTo(Map.of("app", "shop", COLOUR, "green"));
        assertThat(green.getMetadata().getAnnotations()).containsEntry(KubernetesDeployer.COPIED_FROM_ANNOTATION, "shop-blue")
                .containsEntry(KubernetesDeployer.DIGEST_ANNOTATION, V2.digest().value());
        assertThat(controller.replicaHistory("shop-green", 2)).as("created at zero, scaled up to take the new image")
                .containsExactly(0, 3);

        Deployment shop = get("shop");
        assertThat(image(shop)).as("the plain Deployment is left as it was").isEqualTo("registry.example/shop@" + V1.digest().value());
        assertThat(shop.getSpec().getReplicas()).isEqualTo(3);
        assertThat(controller.replicaHistory("shop")).containsExactly(3);
    }

    @Test
    void firstBlueGreenThatFailsItsHealthGateSwitchesBackToBlueAtOnce() throws Exception {
        health.downWhile(this::servesV2);
        KubernetesDeployer blueGreen = deployer(new DeploymentStrategy.BlueGreen("shop"));

        PromotionOutcome outcome = promote(V2, blueGreen, gate(blueGreen));

        assertThat(outcome.state()).as(outcome.message()).isEqualTo(PromotionState.ROLLED_BACK);
        assertThat(outcome.message()).contains("health gate failed").contains("development was rolled back to shop 1.0.0");
        assertThat(selector()).isEqualTo(Map.of("app", "shop", COLOUR, "blue"));
        assertThat(get("shop-blue").getMetadata().getGeneration()).as("switched back, not redeployed").isEqualTo(1L);
        assertThat(image(get("shop-blue"))).isEqualTo("registry.example/shop@" + V1.digest().value());
        assertThat(image(get("shop-green"))).isEqualTo("registry.example/shop@" + V2.digest().value());
        assertThat(get("shop").getSpec().getReplicas()).isEqualTo(3);
    }

    @Test
    void firstBlueGreenWhoseGreenDoesNotRollOutLeavesTheServiceOnBlue() throws Exception {
        controller.breakWhen(d -> image(d).endsWith(V2.digest().value()));
        KubernetesDeployer blueGreen = deployer(new DeploymentStrategy.BlueGreen("shop"));

        PromotionOutcome outcome = promote(V2, blueGreen, gate(blueGreen));

        assertThat(outcome.state()).as(outcome.message()).isEqualTo(PromotionState.ROLLED_BACK);
        assertThat(outcome.message()).contains("shop-green did not roll out (ProgressDeadlineExceeded")
                .contains("service shop was not switched and still selects blue").contains("rolled back to shop 1.0.0")
                .doesNotContain("..");
        assertThat(selector()).isEqualTo(Map.of("app", "shop", COLOUR, "blue"));
        assertThat(get("shop-blue").getMetadata().getGeneration()).as("blue already served 1.0.0: left alone").isEqualTo(1L);
        assertThat(get("shop").getSpec().getReplicas()).isEqualTo(3);
    }

    @Test
    void secondBlueGreenDeploysIntoBlueAndLeavesThePlainDeploymentAlone() throws Exception {
        KubernetesDeployer blueGreen = deployer(new DeploymentStrategy.BlueGreen("shop"));
        assertThat(promote(V2, blueGreen, gate(blueGreen)).state()).isEqualTo(PromotionState.VERIFIED);
        Artifact v3 = Fixtures.artifact("shop", "3.0.0");

        PromotionOutcome outcome = promote(v3, blueGreen, gate(blueGreen));

        assertThat(outcome.state()).as(outcome.message()).isEqualTo(PromotionState.VERIFIED);
        assertThat(selector()).containsEntry(COLOUR, "blue");
        assertThat(image(get("shop-blue"))).isEqualTo("registry.example/shop@" + v3.digest().value());
        assertThat(image(get("shop-green"))).isEqualTo("registry.example/shop@" + V2.digest().value());
        assertThat(image(get("shop"))).isEqualTo("registry.example/shop@" + V1.digest().value());
    }
}
