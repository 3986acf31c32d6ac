package io.jenkins.plugins.routetolive.engine.kubernetes;

import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.deploy.DeploymentRequest;
import io.jenkins.plugins.routetolive.engine.gate.Gates;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionOutcome;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;
import io.jenkins.plugins.routetolive.engine.promotion.Rollout;
import io.jenkins.plugins.routetolive.engine.support.Fixtures;
import io.jenkins.plugins.routetolive.engine.support.RolloutController;
import io.jenkins.plugins.routetolive.engine.support.RouteFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What blue/green starts from: a missing idle colour is created, anything it cannot start from safely is refused. */
@EnableKubernetesMockClient(crud = true)
class BlueGreenStartTest {

    static final String NS = "dev";
    static final Artifact V1 = Fixtures.artifact("shop", "1.0.0");
    static final Artifact V2 = Fixtures.artifact("shop", "2.0.0");
    static final String COLOUR = KubernetesDeployer.COLOUR_LABEL;

    KubernetesClient client;
    ScheduledExecutorService scheduler;
    RolloutController controller;
    KubernetesDeployer blueGreen;

    @BeforeEach
    void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor();
        controller = new RolloutController(client, NS);
        blueGreen = new KubernetesDeployer(client, new KubernetesTarget(NS, "shop", "web"),
                new DeploymentStrategy.BlueGreen("shop"), new Gates(scheduler, Clock.systemUTC()), RouteFixture.FAST, scheduler,
                Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        controller.close();
        scheduler.shutdownNow();
    }

    void deployment(String name, Map<String, String> podLabels) {
        client.apps().deployments().inNamespace(NS).resource(Fixtures.deployment(NS, name, 2,
                "registry.example/shop@" + V1.digest().value(), podLabels, Map.of(KubernetesDeployer.DIGEST_ANNOTATION,
                        V1.digest().value()))).create();
    }

    void service(Map<String, String> selector) {
        client.services().inNamespace(NS).resource(new ServiceBuilder().withNewMetadata().withName("shop").endMetadata()
                .withNewSpec().withSelector(selector).addNewPort().withPort(80).endPort().endSpec().build()).create();
    }

    void deploy() throws Exception {
        blueGreen.deploy(new DeploymentRequest(V2, "development", "p1", false)).get(20, TimeUnit.SECONDS);
    }

    Deployment get(String name) {
        return client.apps().deployments().inNamespace(NS).withName(name).get();
    }

    Map<String, String> selector() {
        return client.services().inNamespace(NS).withName("shop").get().getSpec().getSelector();
    }

    int deployments() {
        return client.apps().deployments().inNamespace(NS).list().getItems().size();
    }

    @Test
    void refusesWhenNothingExistsNamingWhatToCreate() throws Exception {
        RouteFixture route = new RouteFixture("development");

        PromotionOutcome outcome = new Rollout(route.service).deployAndVerify(route.request(V1, "development").id(), blueGreen,
                blueGreen.rolloutGate()).get(20, TimeUnit.SECONDS);

        assertThat(outcome.state()).isEqualTo(PromotionState.FAILED);
        assertThat(outcome.message()).contains("deployment failed: Blue/green of shop has nothing to start from in namespace "
                + "dev: neither Service shop nor Deployment shop (nor shop-blue, shop-green) exists. Create Deployment shop and "
                + "Service shop selecting its pods (apply their manifests); the deployer then creates shop-blue and shop-green "
                + "from shop. There is no last known good in development");
        assertThat(deployments()).isZero();
        assertThat(client.services().inNamespace(NS).list().getItems()).isEmpty();
    }

    @Test
    void refusesAServiceWithoutDeploymentsNamingTheDeploymentToCreate() {
        service(Map.of("app", "shop"));

        assertThatThrownBy(this::deploy).cause().isInstanceOf(KubernetesCallException.class)
                .hasMessage("Blue/green of shop has nothing to start from in namespace dev: Service shop exists, but none of the "
                        + "Deployments shop, shop-blue and shop-green does. Create Deployment shop with the pods the Service "
                        + "selects (apply its manifest); the deployer copies it into shop-blue and shop-green.");
        assertThat(deployments()).isZero();
    }

    @Test
    void refusesADeploymentWithoutItsServiceNamingTheServiceToCreate() {
        deployment("shop", Map.of("app", "shop"));

        assertThatThrownBy(this::deploy).cause().isInstanceOf(KubernetesCallException.class)
                .hasMessageStartingWith("Service shop does not exist in namespace dev; blue/green needs it");
        assertThat(deployments()).isEqualTo(1);
    }

    @Test
    void createsTheMissingIdleColourFromTheLiveOne() throws Exception {
        deployment("shop-blue", Map.of("app", "shop", COLOUR, "blue"));
        service(Map.of("app", "shop", COLOUR, "blue"));

        deploy();

        assertThat(selector()).isEqualTo(Map.of("app", "shop", COLOUR, "green"));
        Deployment green = get("shop-green");
        assertThat(green.getSpec().getTemplate().getMetadata().getLabels()).isEqualTo(Map.of("app", "shop", COLOUR, "green"));
        assertThat(green.getSpec().getReplicas()).isEqualTo(2);
        assertThat(green.getMetadata().getAnnotations()).containsEntry(KubernetesDeployer.COPIED_FROM_ANNOTATION, "shop-blue");
        assertThat(controller.replicaHistory("shop-green", 2)).containsExactly(0, 2);
        assertThat(get("shop-blue").getMetadata().getGeneration()).isEqualTo(1L);
        assertThat(get("shop")).isNull();
    }

    @Test
    void refusesAServiceThatSelectsAColourThatDoesNotExist() {
        deployment("shop", Map.of("app", "shop"));
        service(Map.of("app", "shop", COLOUR, "green"));

        assertThatThrownBy(this::deploy).cause().isInstanceOf(KubernetesCallException.class)
                .hasMessage("Service shop in namespace dev selects routetolive.io/colour=green, but Deployment shop-green does "
                        + "not exist, so nothing serves. Create shop-green, or remove routetolive.io/colour from the Service's "
                        + "selector so that blue/green starts from Deployment shop.");
        assertThat(deployments()).isEqualTo(1);
    }

    @Test
    void refusesToCopyADeploymentWhosePodsTheServiceDoesNotSelect() {
        deployment("shop", Map.of("app", "shop"));
        service(Map.of("app", "shop-web"));

        assertThatThrownBy(this::deploy).cause().isInstanceOf(KubernetesCallException.class)
                .hasMessage("Service shop in namespace dev selects {app=shop-web}, which does not match the pods of Deployment "
                        + "shop ({app=shop}); blue/green starts from the Deployment the Service serves. Make the Service's "
                        + "selector match the pod labels of shop.");
        assertThat(deployments()).isEqualTo(1);
        assertThat(selector()).isEqualTo(Map.of("app", "shop-web"));
    }

    @Test
    void refusesToGuessWhichServesWhenThePlainDeploymentAndAColourExistButTheServiceSelectsNoColour() {
        deployment("shop", Map.of("app", "shop"));
        deployment("shop-green", Map.of("app", "shop", COLOUR, "green"));
        service(Map.of("app", "shop"));

        assertThatThrownBy(this::deploy).cause().isInstanceOf(KubernetesCallException.class)
                .hasMessage("Service shop in namespace dev selects no colour, but Deployment shop and shop-green exist, so the "
                        + "deployer cannot tell which one serves. Add routetolive.io/colour: blue or green to the Service's "
                        + "selector to name the colour that serves, or delete shop-blue and shop-green to start again from shop.");
        assertThat(get("shop-green").getMetadata().getGeneration()).isEqualTo(1L);
        assertThat(selector()).isEqualTo(Map.of("app", "shop"));
    }

    @Test
    void neverSwitchesTheServiceToPodsItWouldNotSelect() {
        deployment("shop-blue", Map.of("app", "shop", COLOUR, "blue"));
        deployment("shop-green", Map.of("app", "shop-next", COLOUR, "green"));
        service(Map.of("app", "shop", COLOUR, "blue"));

        assertThatThrownBy(this::deploy).cause().isInstanceOf(RolloutAbortedException.class)
                .hasMessage("Service shop was not switched to green and still selects blue: with the selector "
                        + "{app=shop, routetolive.io/colour=green} it would select none of the pods of shop-green, labelled "
                        + "{app=shop-next, routetolive.io/colour=green}. Give the pods of shop-green the labels the Service selects.");
        assertThat(selector()).isEqualTo(Map.of("app", "shop", COLOUR, "blue"));
    }
}
