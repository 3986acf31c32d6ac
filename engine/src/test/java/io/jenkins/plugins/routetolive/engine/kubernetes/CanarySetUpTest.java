package io.jenkins.plugins.routetolive.engine.kubernetes;

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

/** The first canary in a namespace that has only the stable Deployment, with the user guide's {@code canarySteps: '10,50'}. */
@EnableKubernetesMockClient(crud = true)
class CanarySetUpTest {

    static final String NS = "dev";
    static final Artifact V1 = Fixtures.artifact("shop", "1.0.0");
    static final Artifact V2 = Fixtures.artifact("shop", "2.0.0");
    static final String TRACK = KubernetesDeployer.TRACK_LABEL;

    KubernetesClient client;
    ScheduledExecutorService scheduler;
    RolloutController controller;
    RouteFixture route;
    KubernetesDeployer canary;

    @BeforeEach
    void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor();
        controller = new RolloutController(client, NS);
        route = new RouteFixture("development");
        canary = new KubernetesDeployer(client, new KubernetesTarget(NS, "shop", "web"),
                DeploymentStrategy.Canary.fromSteps("10,50"), new Gates(scheduler, Clock.systemUTC()), RouteFixture.FAST,
                scheduler, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        controller.close();
        scheduler.shutdownNow();
    }

    void stable() {
        client.apps().deployments().inNamespace(NS).resource(Fixtures.deployment(NS, "shop", 4,
                "registry.example/shop@" + V1.digest().value(), Map.of("app", "shop"),
                Map.of(KubernetesDeployer.DIGEST_ANNOTATION, V1.digest().value()))).create();
    }

    PromotionOutcome promote(Artifact artifact) throws Exception {
        return new Rollout(route.service).deployAndVerify(route.request(artifact, "development").id(), canary,
                canary.rolloutGate()).get(30, TimeUnit.SECONDS);
    }

    Deployment get(String name) {
        return client.apps().deployments().inNamespace(NS).withName(name).get();
    }

    static String image(Deployment d) {
        return d.getSpec().getTemplate().getSpec().getContainers().stream().filter(c -> c.getName().equals("web"))
                .findFirst().orElseThrow().getImage();
    }

    @Test
    void firstCanaryCreatesTheCanaryFromStableAndStepsThroughTenAndFiftyPercent() throws Exception {
        stable();

        PromotionOutcome outcome = promote(V2);

        assertThat(outcome.state()).as(outcome.message()).isEqualTo(PromotionState.VERIFIED);
        Deployment created = get("shop-canary");
        assertThat(created.getSpec().getSelector().getMatchLabels()).isEqualTo(Map.of("app", "shop", TRACK, "canary"));
        assertThat(created.getSpec().getTemplate().getMetadata().getLabels()).isEqualTo(Map.of("app", "shop", TRACK, "canary"));
        assertThat(created.getMetadata().getAnnotations()).containsEntry(KubernetesDeployer.COPIED_FROM_ANNOTATION, "shop");
        // 10 % and 50 % of 4 stable replicas, at least one pod; zero before and after
        assertThat(controller.replicaHistory("shop-canary", 4)).containsExactly(0, 1, 2, 0);
        assertThat(image(created)).isEqualTo("registry.example/shop@" + V2.digest().value());
        assertThat(image(get("shop"))).isEqualTo("registry.example/shop@" + V2.digest().value());
        assertThat(get("shop").getSpec().getReplicas()).isEqualTo(4);
        assertThat(get("shop").getSpec().getSelector().getMatchLabels()).as("stable is not relabelled")
                .isEqualTo(Map.of("app", "shop"));
    }

    @Test
    void firstCanaryThatFailsAStepIsScaledToZeroAndStableKeepsServing() throws Exception {
        stable();
        controller.breakWhen(d -> d.getMetadata().getName().equals("shop-canary") && d.getSpec().getReplicas() >= 2);

        assertThatThrownBy(() -> canary.deploy(new DeploymentRequest(V2, "development", "p1", false)).get(20, TimeUnit.SECONDS))
                .cause().isInstanceOf(RolloutAbortedException.class)
                .hasMessageStartingWith("canary shop-canary failed at 50 % (2 of 4 replicas): ProgressDeadlineExceeded: "
                        + "rollout exceeded its progress deadline: ReplicaSet has timed out progressing after ")
                .hasMessageEndingWith("; the canary was scaled to zero and shop still serves " + V1.digest().value());

        assertThat(controller.replicaHistory("shop-canary", 4)).containsExactly(0, 1, 2, 0);
        assertThat(get("shop-canary").getSpec().getReplicas()).isZero();
        assertThat(image(get("shop"))).isEqualTo("registry.example/shop@" + V1.digest().value());
        assertThat(controller.replicaHistory("shop")).containsExactly(4);
    }

    @Test
    void rollbackToWhatStableRunsCreatesNoCanary() throws Exception {
        stable();

        canary.deploy(new DeploymentRequest(V1, "development", "p1", true)).get(10, TimeUnit.SECONDS);

        assertThat(get("shop-canary")).isNull();
        assertThat(get("shop").getMetadata().getGeneration()).isEqualTo(1L);
    }

    @Test
    void canaryWithNothingToStartFromIsRefusedNamingWhatToCreate() throws Exception {
        PromotionOutcome outcome = promote(V1);

        assertThat(outcome.state()).isEqualTo(PromotionState.FAILED);
        assertThat(outcome.message()).contains("deployment failed: Canary of shop has nothing to start from in namespace dev: "
                + "Deployment shop, the stable one, does not exist. Create it (apply its manifest); the deployer creates "
                + "shop-canary from it. There is no last known good in development");
        assertThat(client.apps().deployments().inNamespace(NS).list().getItems()).isEmpty();
    }
}
