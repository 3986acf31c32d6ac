package io.jenkins.plugins.routetolive.engine.kubernetes;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.deploy.DeploymentRequest;
import io.jenkins.plugins.routetolive.engine.gate.Gates;
import io.jenkins.plugins.routetolive.engine.gate.GateSubject;
import io.jenkins.plugins.routetolive.engine.gate.GateVerdict;
import io.jenkins.plugins.routetolive.engine.route.GateDefaults;
import io.jenkins.plugins.routetolive.engine.support.Fixtures;
import io.jenkins.plugins.routetolive.engine.support.RolloutController;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@EnableKubernetesMockClient(crud = true)
class KubernetesDeployerTest {

    static final String NS = "shop-test";
    static final GateDefaults TIMING = new GateDefaults(Duration.ofMillis(50), Duration.ofSeconds(1), 1, 3,
            Duration.ofSeconds(10), Duration.ZERO);
    static final Artifact V1 = Fixtures.artifact("shop", "1.0.0");
    static final Artifact V2 = Fixtures.artifact("shop", "2.0.0");

    KubernetesClient client;
    ScheduledExecutorService scheduler;
    Gates gates;
    RolloutController controller;

    @BeforeEach
    void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor();
        gates = new Gates(scheduler, Clock.systemUTC());
        controller = new RolloutController(client, NS);
    }

    @AfterEach
    void stop() {
        controller.close();
        scheduler.shutdownNow();
    }

    KubernetesDeployer deployer(DeploymentStrategy strategy) {
        return new KubernetesDeployer(client, new KubernetesTarget(NS, "shop", "web"), strategy, gates, TIMING, scheduler,
                Clock.systemUTC());
    }

    void create(String name, int replicas, String image, Map<String, String> labels) {
        create(name, replicas, image, labels, Map.of());
    }

    void create(String name, int replicas, String image, Map<String, String> labels, Map<String, String> annotations) {
        client.apps().deployments().inNamespace(NS).resource(Fixtures.deployment(NS, name, replicas, image, labels, annotations))
                .create();
    }

    Deployment get(String name) {
        return client.apps().deployments().inNamespace(NS).withName(name).get();
    }

    static String image(Deployment d) {
        return d.getSpec().getTemplate().getSpec().getContainers().stream().filter(c -> c.getName().equals("web"))
                .findFirst().orElseThrow().getImage();
    }

    static DeploymentRequest request(Artifact a, boolean rollback) {
        return new DeploymentRequest(a, "test", rollback ? "p-rollback" : "p-" + a.version(), rollback);
    }

    @Test
    void rollingUpdateSetsTheImageByDigestAndAnnotatesTheDeployment() throws Exception {
        create("shop", 2, "registry.example:5000/team/shop:1.0.0", Map.of("app", "shop"));
        KubernetesDeployer deployer = deployer(new DeploymentStrategy.Rolling());

        deployer.deploy(request(V2, false)).get(10, TimeUnit.SECONDS);

        Deployment d = get("shop");
        assertThat(image(d)).isEqualTo("registry.example:5000/team/shop@" + V2.digest().value());
        assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("registry.example/proxy:2");
        assertThat(d.getMetadata().getAnnotations()).containsEntry("routetolive.io/application", "shop")
                .containsEntry("routetolive.io/environment", "test").containsEntry("routetolive.io/version", "2.0.0")
                .containsEntry("routetolive.io/digest", V2.digest().value()).containsEntry("routetolive.io/promotion-id", "p-2.0.0");
        GateVerdict rollout = deployer.rolloutGate().evaluate(new GateSubject(V2, "test", "p")).get(10, TimeUnit.SECONDS);
        assertThat(rollout.passed()).isTrue();
        assertThat(rollout.evidence()).last().satisfies(p -> assertThat(p.status()).isEqualTo("updated 2, ready 2, available 2 of 2"));
    }

    @Test
    void rollingRollbackRestoresTheEarlierDigest() throws Exception {
        create("shop", 2, "registry.example/shop@" + V1.digest().value(), Map.of("app", "shop"));
        KubernetesDeployer deployer = deployer(new DeploymentStrategy.Rolling());
        deployer.deploy(request(V2, false)).get(10, TimeUnit.SECONDS);

        deployer.deploy(request(V1, true)).get(10, TimeUnit.SECONDS);

        assertThat(image(get("shop"))).isEqualTo("registry.example/shop@" + V1.digest().value());
        assertThat(get("shop").getMetadata().getAnnotations()).containsEntry("routetolive.io/version", "1.0.0");
    }

    @Test
    void scaleToZeroRemembersReplicasAndTheNextDeploymentRestoresThem() throws Exception {
        create("shop", 3, "registry.example/shop:1", Map.of("app", "shop"));
        KubernetesDeployer deployer = deployer(new DeploymentStrategy.Rolling());

        deployer.scaleToZero("shop", "test").get(10, TimeUnit.SECONDS);
        assertThat(get("shop").getSpec().getReplicas()).isZero();
        deployer.deploy(request(V2, false)).get(10, TimeUnit.SECONDS);

        assertThat(get("shop").getSpec().getReplicas()).isEqualTo(3);
    }

    void blueGreen(String live) {
        for (String colour : List.of("blue", "green")) {
            create("shop-" + colour, 2, "registry.example/shop@" + V1.digest().value(),
                    Map.of("app", "shop", "routetolive.io/colour", colour),
                    colour.equals(live) ? Map.of("routetolive.io/digest", V1.digest().value()) : Map.of());
        }
        client.services().inNamespace(NS).resource(new ServiceBuilder().withNewMetadata().withName("shop").endMetadata()
                .withNewSpec().withSelector(Map.of("app", "shop", "routetolive.io/colour", live)).addNewPort().withPort(80)
                .endPort().endSpec().build()).create();
    }

    Map<String, String> selector() {
        Service s = client.services().inNamespace(NS).withName("shop").get();
        return s.getSpec().getSelector();
    }

    @Test
    void blueGreenRollsOutTheIdleColourThenSwitchesTheServiceAndSwitchesBackOnRollback() throws Exception {
        blueGreen("blue");
        KubernetesDeployer deployer = deployer(new DeploymentStrategy.BlueGreen("shop"));

        deployer.deploy(request(V2, false)).get(10, TimeUnit.SECONDS);

        assertThat(image(get("shop-green"))).isEqualTo("registry.example/shop@" + V2.digest().value());
        assertThat(selector()).containsEntry("routetolive.io/colour", "green").containsEntry("app", "shop");
        assertThat(image(get("shop-blue"))).isEqualTo("registry.example/shop@" + V1.digest().value());
        long greenGeneration = get("shop-green").getMetadata().getGeneration();

        deployer.deploy(request(V1, true)).get(10, TimeUnit.SECONDS);

        assertThat(selector()).containsEntry("routetolive.io/colour", "blue");
        assertThat(get("shop-blue").getMetadata().getGeneration()).isEqualTo(1L); // switched back, not redeployed
        assertThat(get("shop-green").getMetadata().getGeneration()).isEqualTo(greenGeneration);
    }

    @Test
    void blueGreenLeavesTheServiceOnTheLiveColourWhenTheNewColourDoesNotRollOut() {
        blueGreen("blue");
        controller.breakWhen(d -> image(d).endsWith(V2.digest().value()));
        KubernetesDeployer deployer = deployer(new DeploymentStrategy.BlueGreen("shop"));

        assertThatThrownBy(() -> deployer.deploy(request(V2, false)).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(RolloutAbortedException.class)
                .hasMessageContaining("shop-green did not roll out").hasMessageContaining("ProgressDeadlineExceeded")
                .hasMessageContaining("still selects blue");
        assertThat(selector()).containsEntry("routetolive.io/colour", "blue");
    }

    void canary() {
        create("shop", 4, "registry.example/shop@" + V1.digest().value(), Map.of("app", "shop", "track", "stable"),
                Map.of("routetolive.io/digest", V1.digest().value()));
        create("shop-canary", 0, "registry.example/shop@" + V1.digest().value(), Map.of("app", "shop", "track", "canary"));
    }

    @Test
    void canaryScalesInStepsThenPromotesStableAndRetiresTheCanary() throws Exception {
        canary();
        KubernetesDeployer deployer = deployer(new DeploymentStrategy.Canary(List.of(25, 50, 100)));

        deployer.deploy(request(V2, false)).get(20, TimeUnit.SECONDS);

        assertThat(controller.replicaHistory("shop-canary", 4)).containsExactly(0, 1, 2, 0);
        assertThat(image(get("shop"))).isEqualTo("registry.example/shop@" + V2.digest().value());
        assertThat(get("shop").getSpec().getReplicas()).isEqualTo(4);
        assertThat(get("shop-canary").getSpec().getReplicas()).isZero();
    }

    @Test
    void canaryAbortScalesTheCanaryToZeroAndLeavesStableServing() throws Exception {
        canary();
        controller.breakWhen(d -> d.getMetadata().getName().equals("shop-canary") && d.getSpec().getReplicas() >= 2);
        KubernetesDeployer deployer = deployer(new DeploymentStrategy.Canary(List.of(25, 50, 100)));

        assertThatThrownBy(() -> deployer.deploy(request(V2, false)).get(20, TimeUnit.SECONDS))
                .cause().isInstanceOf(RolloutAbortedException.class)
                .hasMessageContaining("canary shop-canary failed at 50 % (2 of 4 replicas)")
                .hasMessageContaining("scaled to zero").hasMessageContaining("shop still serves " + V1.digest().value());

        assertThat(controller.replicaHistory("shop-canary", 4)).containsExactly(0, 1, 2, 0);
        assertThat(image(get("shop"))).isEqualTo("registry.example/shop@" + V1.digest().value());
        assertThat(get("shop-canary").getSpec().getReplicas()).isZero();
    }

    @Test
    void canaryRollbackAfterFullPromotionRestoresStableAndKeepsTheCanaryAtZero() throws Exception {
        canary();
        KubernetesDeployer deployer = deployer(new DeploymentStrategy.Canary(List.of(50, 100)));
        deployer.deploy(request(V2, false)).get(20, TimeUnit.SECONDS);

        deployer.deploy(request(V1, true)).get(10, TimeUnit.SECONDS);

        assertThat(image(get("shop"))).isEqualTo("registry.example/shop@" + V1.digest().value());
        assertThat(get("shop").getMetadata().getAnnotations()).containsEntry("routetolive.io/digest", V1.digest().value());
        assertThat(get("shop-canary").getSpec().getReplicas()).isZero();
    }

    @Test
    void rolloutGateFailsAtOnceOnProgressDeadlineExceeded() throws Exception {
        create("shop", 2, "registry.example/shop:1", Map.of("app", "shop"));
        controller.breakWhen(d -> true);
        client.apps().deployments().inNamespace(NS).withName("shop").scale(3);
        GateDefaults patient = new GateDefaults(Duration.ofMillis(50), Duration.ofSeconds(1), 1, 50, Duration.ofSeconds(30), Duration.ZERO);

        GateVerdict verdict = gates.kubernetesRollout(client, NS, "shop", patient).evaluate(new GateSubject(V1, "test", "p"))
                .get(10, TimeUnit.SECONDS);

        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.summary()).startsWith("ProgressDeadlineExceeded");
        assertThat(verdict.evidence().size()).isLessThan(50);
    }

    @Test
    void rolloutGateWaitsUntilObservedGenerationCatchesUp() throws Exception {
        controller.close();
        create("shop", 2, "registry.example/shop:1", Map.of("app", "shop"));
        Deployment d = get("shop");
        d.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder().withObservedGeneration(0L)
                .withUpdatedReplicas(2).withReadyReplicas(2).withAvailableReplicas(2).build());
        client.apps().deployments().inNamespace(NS).resource(d).updateStatus();
        var verdict = gates.kubernetesRollout(client, NS, "shop", TIMING).evaluate(new GateSubject(V1, "test", "p"));
        Thread.sleep(300);
        assertThat(verdict).isNotDone();

        d = get("shop");
        d.getStatus().setObservedGeneration(d.getMetadata().getGeneration());
        client.apps().deployments().inNamespace(NS).resource(d).updateStatus();

        GateVerdict result = verdict.get(10, TimeUnit.SECONDS);
        assertThat(result.passed()).isTrue();
        assertThat(result.evidence()).first().satisfies(p -> assertThat(p.reason()).contains("controller has seen generation 0 of 1"));
    }

    @Test
    void registeredOciReferenceGivesTheRepositoryAndMustCarryTheArtifactDigest() throws Exception {
        create("shop", 1, "old-registry.example/shop:0.9", Map.of("app", "shop"));
        var registered = io.jenkins.plugins.routetolive.engine.artifact.ImageReference.parse(
                "ghcr.io/acme/shop:2.0.0@" + V2.digest().value());
        KubernetesDeployer deployer = new KubernetesDeployer(client, new KubernetesTarget(NS, "shop", "web"),
                new DeploymentStrategy.Rolling(), gates, TIMING, scheduler, Clock.systemUTC(),
                a -> a.equals(V2) ? java.util.Optional.of(registered) : java.util.Optional.of(
                        io.jenkins.plugins.routetolive.engine.artifact.ImageReference.parse("ghcr.io/acme/shop@" + V2.digest().value())));

        deployer.deploy(request(V2, false)).get(10, TimeUnit.SECONDS);
        assertThat(image(get("shop"))).isEqualTo("ghcr.io/acme/shop@" + V2.digest().value());

        assertThatThrownBy(() -> deployer.deploy(request(V1, false)).get(10, TimeUnit.SECONDS)).cause()
                .isInstanceOf(KubernetesCallException.class).hasMessageContaining("does not carry the digest of shop 1.0.0");
        assertThat(image(get("shop"))).isEqualTo("ghcr.io/acme/shop@" + V2.digest().value());
    }

    @Test
    void refusesInvalidTargets() {
        assertThatThrownBy(() -> new KubernetesTarget("Prod", "shop", "web")).hasMessageContaining("namespace must be a DNS-1123 label")
                .hasMessageContaining("'Prod'");
    }

    @Test
    void missingDeploymentIsReportedWithWhatToDo() {
        KubernetesDeployer deployer = deployer(new DeploymentStrategy.Rolling());

        assertThatThrownBy(() -> deployer.deploy(request(V2, false)).get(10, TimeUnit.SECONDS)).cause()
                .isInstanceOf(KubernetesCallException.class)
                .hasMessageContaining("Deployment shop does not exist in namespace shop-test. Apply its manifest first");
    }
}
