package io.jenkins.plugins.routetolive.engine.kubernetes;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.gate.Gates;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionOutcome;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionRefusedException;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionRequest;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;
import io.jenkins.plugins.routetolive.engine.promotion.Rollout;
import io.jenkins.plugins.routetolive.engine.rollback.NoLastKnownGood;
import io.jenkins.plugins.routetolive.engine.route.Environment;
import io.jenkins.plugins.routetolive.engine.route.EnvironmentRole;
import io.jenkins.plugins.routetolive.engine.route.Route;
import io.jenkins.plugins.routetolive.engine.support.Fixtures;
import io.jenkins.plugins.routetolive.engine.support.RolloutController;
import io.jenkins.plugins.routetolive.engine.support.RouteFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The whole flow on the CRUD mock: promotion, Kubernetes deployment, rollout gate, automated rollback, ephemeral namespaces. */
@EnableKubernetesMockClient(crud = true)
class KubernetesRolloutTest {

    static final Artifact V1 = Fixtures.artifact("shop", "1.0.0");
    static final Artifact V2 = Fixtures.artifact("shop", "2.0.0");

    /** Stands for whatever gated development; this test is about preview. */
    static final io.jenkins.plugins.routetolive.engine.gate.Gate PASS = new io.jenkins.plugins.routetolive.engine.gate.Gate() {
        @Override
        public java.util.concurrent.CompletableFuture<io.jenkins.plugins.routetolive.engine.gate.GateVerdict> evaluate(
                io.jenkins.plugins.routetolive.engine.gate.GateSubject subject) {
            return java.util.concurrent.CompletableFuture.completedFuture(new io.jenkins.plugins.routetolive.engine.gate.GateVerdict(
                    "development checks", true, "passed", List.of(), Duration.ZERO));
        }

        @Override
        public String describe() {
            return "development checks";
        }
    };

    KubernetesClient client;
    ScheduledExecutorService scheduler;
    Gates gates;

    @BeforeEach
    void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor();
        gates = new Gates(scheduler, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    String image(String namespace) {
        Deployment d = client.apps().deployments().inNamespace(namespace).withName("shop").get();
        return d.getSpec().getTemplate().getSpec().getContainers().get(1).getImage();
    }

    PromotionOutcome promote(RouteFixture route, String env, Artifact artifact, KubernetesDeployer deployer, Rollout rollout)
            throws Exception {
        return rollout.deployAndVerify(route.request(artifact, env).id(), deployer, deployer.rolloutGate()).get(20, TimeUnit.SECONDS);
    }

    @Test
    void failedRolloutIsRolledBackToTheLastKnownGoodDigest() throws Exception {
        RouteFixture route = new RouteFixture("development");
        client.apps().deployments().inNamespace("dev").resource(Fixtures.deployment("dev", "shop", 2,
                "registry.example/shop:0.9", Map.of("app", "shop"))).create();
        try (RolloutController controller = new RolloutController(client, "dev")) {
            controller.breakWhen(d -> d.getSpec().getTemplate().getSpec().getContainers().get(1).getImage()
                    .endsWith(V2.digest().value()));
            KubernetesDeployer deployer = new KubernetesDeployer(client, new KubernetesTarget("dev", "shop", "web"),
                    new DeploymentStrategy.Rolling(), gates, RouteFixture.FAST, scheduler, Clock.systemUTC());
            Rollout rollout = new Rollout(route.service);
            assertThat(promote(route, "development", V1, deployer, rollout).state()).isEqualTo(PromotionState.VERIFIED);

            PromotionOutcome outcome = promote(route, "development", V2, deployer, rollout);

            assertThat(outcome.state()).as(outcome.message()).isEqualTo(PromotionState.ROLLED_BACK);
            assertThat(outcome.message()).contains("ProgressDeadlineExceeded").contains("rolled back to shop 1.0.0");
            assertThat(image("dev")).isEqualTo("registry.example/shop@" + V1.digest().value());
            assertThat(client.apps().deployments().inNamespace("dev").withName("shop").get().getMetadata().getAnnotations())
                    .containsEntry("routetolive.io/promotion-id", outcome.promotionId());
        }
    }

    @Test
    void failedFirstRolloutIsScaledToZeroWhenDeclaredSo() throws Exception {
        RouteFixture route = new RouteFixture("development");
        client.apps().deployments().inNamespace("dev").resource(Fixtures.deployment("dev", "shop", 3,
                "registry.example/shop:0.9", Map.of("app", "shop"))).create();
        try (RolloutController controller = new RolloutController(client, "dev")) {
            controller.breakWhen(d -> d.getSpec().getReplicas() > 0);
            KubernetesDeployer deployer = new KubernetesDeployer(client, new KubernetesTarget("dev", "shop", "web"),
                    new DeploymentStrategy.Rolling(), gates, RouteFixture.FAST, scheduler, Clock.systemUTC());

            PromotionOutcome outcome = promote(route, "development", V1, deployer,
                    new Rollout(route.service, NoLastKnownGood.SCALE_TO_ZERO));

            assertThat(outcome.state()).isEqualTo(PromotionState.ROLLED_BACK);
            assertThat(outcome.message()).contains("scaled to zero");
            Deployment d = client.apps().deployments().inNamespace("dev").withName("shop").get();
            assertThat(d.getSpec().getReplicas()).isZero();
            assertThat(d.getMetadata().getAnnotations()).containsEntry("routetolive.io/replicas-before-scale-to-zero", "3");
        }
    }

    @Test
    void wrongContainerNameFailsTheFirstPromotionWithOneFullStopBetweenItsSentences() throws Exception {
        RouteFixture route = new RouteFixture("development");
        client.apps().deployments().inNamespace("dev").resource(Fixtures.deployment("dev", "shop", 2,
                "registry.example/shop:0.9", Map.of("app", "shop"))).create();
        KubernetesDeployer deployer = new KubernetesDeployer(client, new KubernetesTarget("dev", "shop", "app"),
                new DeploymentStrategy.Rolling(), gates, RouteFixture.FAST, scheduler, Clock.systemUTC());

        PromotionOutcome outcome = promote(route, "development", V1, deployer, new Rollout(route.service));

        assertThat(outcome.state()).isEqualTo(PromotionState.FAILED);
        assertThat(outcome.message()).contains("has no container named 'app'; its containers are sidecar, web. "
                + "Fix the target's container name. There is no last known good in development to roll back to")
                .doesNotContain("..");
        assertThat(route.messages()).as("console lines").noneMatch(m -> m.contains(".."));
    }

    @Test
    void namespaceForIsDnsSafeAndHashesWhenTruncated() {
        assertThat(EphemeralEnvironments.namespaceFor("preview", "feature/JIRA-123_Login")).isEqualTo("preview-feature-jira-123-login");
        String longBranch = "feature/" + "very-long-branch-name-".repeat(5);
        String name = EphemeralEnvironments.namespaceFor("preview", longBranch);
        assertThat(name).hasSizeLessThanOrEqualTo(63).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?").startsWith("preview-feature-very-long");
        assertThat(name).isNotEqualTo(EphemeralEnvironments.namespaceFor("preview", longBranch + "2"));
        assertThat(EphemeralEnvironments.namespaceFor("preview", "///")).matches("preview-[0-9a-f]{8}");
        assertThatThrownBy(() -> EphemeralEnvironments.namespaceFor("Preview", "x")).hasMessageContaining("DNS-1123 label");
    }

    @Test
    void reaperDeletesOnlyExpiredEphemeralNamespaces() {
        Instant t0 = Instant.parse("2026-11-20T10:00:00Z");
        EphemeralEnvironments early = new EphemeralEnvironments(client, "preview", Clock.fixed(t0, ZoneOffset.UTC));
        EphemeralEnvironment login = early.create("feature/login", Duration.ofHours(1));
        EphemeralEnvironment cart = early.create("feature/cart", Duration.ofHours(5));
        client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
                .withName("production").endMetadata().build()).create();
        Namespace created = client.namespaces().withName(login.namespace()).get();
        assertThat(created.getMetadata().getLabels()).containsEntry("routetolive.io/ephemeral", "true");
        assertThat(created.getMetadata().getAnnotations()).containsEntry("routetolive.io/expires-at", "2026-11-20T11:00:00Z")
                .containsEntry("routetolive.io/branch", "feature/login");

        List<String> deleted = new EphemeralEnvironments(client, "preview", Clock.fixed(t0.plus(Duration.ofHours(2)), ZoneOffset.UTC))
                .reapExpired();

        assertThat(deleted).containsExactly("preview-feature-login");
        assertThat(client.namespaces().withName(login.namespace()).get()).isNull();
        assertThat(client.namespaces().withName(cart.namespace()).get()).isNotNull();
        assertThat(client.namespaces().withName("production").get()).isNotNull();
    }

    @Test
    void ephemeralEnvironmentIsADeployEnvironmentOfTheRouteWithTheSameRulesAndGates() throws Exception {
        EphemeralEnvironment preview = new EphemeralEnvironments(client, "preview", Clock.systemUTC())
                .create("feature/login", Duration.ofHours(4));
        // the branch's route: its preview environment comes after development, like any other deploy environment
        Route route = new Route("feature-login", List.of(
                new Environment("local", EnvironmentRole.ORIGIN, null, null, null, false, null, false),
                new Environment("build", EnvironmentRole.ENTRY, null, null, null, false, null, false),
                Environment.deploy("development").withGates(RouteFixture.FAST),
                Environment.deploy("preview").withGates(RouteFixture.FAST)));
        RouteFixture fixture = new RouteFixture(route);
        client.apps().deployments().inNamespace(preview.namespace()).resource(Fixtures.deployment(preview.namespace(), "shop", 1,
                "registry.example/shop:0.9", Map.of("app", "shop"))).create();
        fixture.service.register(V1, "c0ffee1", RouteFixture.DEV, "build#1");

        assertThatThrownBy(() -> fixture.service.request(PromotionRequest.of("shop", V1.digest(), "preview", RouteFixture.DEV))
                .get(5, TimeUnit.SECONDS)).cause().isInstanceOf(PromotionRefusedException.class)
                .hasMessageContaining("development");

        try (RolloutController controller = new RolloutController(client, preview.namespace())) {
            KubernetesDeployer deployer = new KubernetesDeployer(client, new KubernetesTarget(preview.namespace(), "shop", "web"),
                    new DeploymentStrategy.Rolling(), gates, route.environment("preview").gates(), scheduler, Clock.systemUTC());
            var dev = fixture.service.request(PromotionRequest.of("shop", V1.digest(), "development", RouteFixture.DEV)).get();
            new Rollout(fixture.service).verifyExternal(dev.id(), PASS).get(5, TimeUnit.SECONDS);
            var toPreview = fixture.service.request(PromotionRequest.of("shop", V1.digest(), "preview", RouteFixture.DEV)).get();

            PromotionOutcome outcome = new Rollout(fixture.service).deployAndVerify(toPreview.id(), deployer, deployer.rolloutGate())
                    .get(20, TimeUnit.SECONDS);

            assertThat(outcome.state()).isEqualTo(PromotionState.VERIFIED);
            assertThat(image(preview.namespace())).isEqualTo("registry.example/shop@" + V1.digest().value());
        }
    }
}
