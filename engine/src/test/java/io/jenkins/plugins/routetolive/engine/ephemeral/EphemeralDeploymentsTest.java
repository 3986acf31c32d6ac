package io.jenkins.plugins.routetolive.engine.ephemeral;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.jenkins.plugins.routetolive.engine.MutableClock;
import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.gate.Gates;
import io.jenkins.plugins.routetolive.engine.kubernetes.KubernetesTarget;
import io.jenkins.plugins.routetolive.engine.ledger.EntryType;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.support.Fixtures;
import io.jenkins.plugins.routetolive.engine.support.RolloutController;
import io.jenkins.plugins.routetolive.engine.support.RouteFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Deployments into ephemeral environments on the CRUD mock: naming, labels, the template copy, reuse, refusals. */
@EnableKubernetesMockClient(crud = true)
class EphemeralDeploymentsTest {

    static final String TEMPLATE_NS = "shop-dev";
    static final Artifact V1 = Fixtures.artifact("shop", "1.0.0");
    static final Artifact V2 = Fixtures.artifact("shop", "2.0.0");
    static final EphemeralOwner LOGIN = new EphemeralOwner("shop", "shop/feature%2Flogin", "feature/login");
    static final String LOGIN_NS = "shop-feature-login";
    static final EphemeralTemplate TEMPLATE = new EphemeralTemplate("default", "development",
            new KubernetesTarget(TEMPLATE_NS, "shop", "web"), "shop");

    KubernetesClient client;
    ScheduledExecutorService scheduler;
    Gates gates;
    RouteFixture route;
    final List<RolloutController> controllers = new ArrayList<>();

    @BeforeEach
    void start() {
        scheduler = Executors.newScheduledThreadPool(2);
        gates = new Gates(scheduler, Clock.systemUTC());
        route = new RouteFixture("development");
        route.service.register(V1, "c0ffee1", RouteFixture.DEV, "shop/feature%2Flogin#1");
        route.service.register(V2, "c0ffee2", RouteFixture.DEV, "shop/feature%2Flogin#2");
        Deployment template = Fixtures.deployment(TEMPLATE_NS, "shop", 2, "registry.example/shop:0.9", Map.of("app", "shop"),
                Map.of("kubectl.kubernetes.io/last-applied-configuration", "{…}", "team", "checkout"));
        client.apps().deployments().inNamespace(TEMPLATE_NS).resource(template).create();
        client.services().inNamespace(TEMPLATE_NS).resource(new ServiceBuilder().withNewMetadata().withName("shop")
                .withNamespace(TEMPLATE_NS).endMetadata().withNewSpec().withType("NodePort").withClusterIP("10.0.0.7")
                .withExternalIPs("203.0.113.9").withSelector(Map.of("app", "shop")).addNewPort().withPort(8080)
                .withNodePort(30080).endPort().endSpec().build()).create();
    }

    @AfterEach
    void stop() {
        controllers.forEach(RolloutController::close);
        scheduler.shutdownNow();
    }

    RolloutController controller(String namespace) {
        RolloutController c = new RolloutController(client, namespace);
        controllers.add(c);
        return c;
    }

    EphemeralDeployments deployments(Clock clock) {
        return new EphemeralDeployments(client, route.ledger, gates, RouteFixture.FAST, clock, route.events::add);
    }

    static EphemeralRequest request(EphemeralOwner owner, Artifact artifact, EphemeralTemplate template) {
        return new EphemeralRequest(owner, Optional.of(artifact.digest()), Optional.empty(), template, Duration.ofHours(72), "",
                "", "controller-a", "dora", owner.job() + "#1");
    }

    EphemeralOutcome deploy(Clock clock, EphemeralRequest request) throws Exception {
        return deployments(clock).deploy(request).get(20, TimeUnit.SECONDS);
    }

    Deployment deployment(String namespace) {
        return client.apps().deployments().inNamespace(namespace).withName("shop").get();
    }

    static String image(Deployment d) {
        return d.getSpec().getTemplate().getSpec().getContainers().stream().filter(c -> c.getName().equals("web"))
                .findFirst().orElseThrow().getImage();
    }

    @Test
    void makesTheBranchNamespaceCopiesTheTemplateAndDeploysTheDigestThere() throws Exception {
        controller(LOGIN_NS);
        Instant before = Instant.now();

        EphemeralOutcome outcome = deploy(Clock.systemUTC(), request(LOGIN, V1, TEMPLATE));

        assertThat(outcome.passed()).as(outcome.message()).isTrue();
        assertThat(outcome.message()).contains("Ephemeral environment shop-feature-login of shop for branch feature/login",
                "runs shop 1.0.0", "at http://shop.shop-feature-login.svc.cluster.local:8080", "its gate passed");
        Namespace ns = client.namespaces().withName(LOGIN_NS).get();
        assertThat(ns.getMetadata().getLabels()).containsEntry("routetolive.io/ephemeral", "true")
                .containsEntry("routetolive.io/application", "shop")
                .containsEntry("app.kubernetes.io/managed-by", "route-to-live");
        assertThat(ns.getMetadata().getLabels().get("routetolive.io/job")).matches("shop-feature-2Flogin-[0-9a-f]{8}");
        assertThat(ns.getMetadata().getLabels().get("routetolive.io/branch")).matches("feature-login-[0-9a-f]{8}");
        assertThat(ns.getMetadata().getAnnotations()).containsEntry("routetolive.io/application", "shop")
                .containsEntry("routetolive.io/job", "shop/feature%2Flogin").containsEntry("routetolive.io/branch", "feature/login");
        Instant expires = Instant.parse(ns.getMetadata().getAnnotations().get("routetolive.io/expires-at"));
        assertThat(expires).isBetween(before.plus(Duration.ofHours(72)), Instant.now().plus(Duration.ofHours(72)));

        Deployment copy = deployment(LOGIN_NS);
        assertThat(image(copy)).isEqualTo("registry.example/shop@" + V1.digest().value());
        assertThat(copy.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("registry.example/proxy:2");
        assertThat(copy.getSpec().getReplicas()).isEqualTo(2);
        assertThat(copy.getMetadata().getAnnotations()).containsEntry("routetolive.io/copied-from", "shop-dev/shop")
                .containsEntry("team", "checkout").containsEntry("routetolive.io/digest", V1.digest().value())
                .doesNotContainKey("kubectl.kubernetes.io/last-applied-configuration");
        assertThat(image(deployment(TEMPLATE_NS))).as("the template is untouched").isEqualTo("registry.example/shop:0.9");
        Service service = client.services().inNamespace(LOGIN_NS).withName("shop").get();
        assertThat(service.getSpec().getClusterIP()).isNotEqualTo("10.0.0.7");
        assertThat(service.getSpec().getExternalIPs()).isEmpty();
        assertThat(service.getSpec().getPorts().get(0).getNodePort()).isNull();
        assertThat(service.getSpec().getSelector()).containsEntry("app", "shop");

        EphemeralRecord recorded = route.ledger.ephemeralEnvironment("shop", "shop/feature%2Flogin").orElseThrow();
        assertThat(recorded).isEqualTo(outcome.record().orElseThrow());
        assertThat(recorded.state()).isEqualTo(EphemeralState.ACTIVE);
        assertThat(recorded.gatePassed()).isTrue();
        assertThat(recorded.namespace()).isEqualTo(LOGIN_NS);
        assertThat(recorded.url()).isEqualTo("http://shop.shop-feature-login.svc.cluster.local:8080");
        LedgerEntry entry = route.ledger.history("shop").get(route.ledger.history("shop").size() - 1);
        assertThat(entry.type()).isEqualTo(EntryType.EPHEMERAL_DEPLOYED);
        assertThat(entry.environment()).isEmpty();
        assertThat(entry.promotionId()).isEmpty();
        assertThat(entry.attributes()).containsEntry("namespace", LOGIN_NS).containsEntry("verdict", "passed")
                .containsEntry("templateEnvironment", "development").containsEntry("controller", "controller-a");
    }

    @Test
    void theBranchsNextBuildReusesItsNamespaceExtendsItsExpiryAndKeepsItsCopies() throws Exception {
        controller(LOGIN_NS);
        MutableClock clock = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));
        deploy(clock, request(LOGIN, V1, TEMPLATE));
        client.apps().deployments().inNamespace(LOGIN_NS).withName("shop").edit(d -> {
            d.getMetadata().getLabels().put("tuned-by", "dora");
            return d;
        });
        clock.advance(Duration.ofHours(10));

        EphemeralOutcome second = deploy(clock, request(LOGIN, V2, TEMPLATE));

        assertThat(second.passed()).as(second.message()).isTrue();
        assertThat(second.record().orElseThrow().namespace()).isEqualTo(LOGIN_NS);
        assertThat(client.namespaces().withName(LOGIN_NS).get().getMetadata().getAnnotations())
                .containsEntry("routetolive.io/expires-at", "2026-11-23T20:00:00Z");
        assertThat(image(deployment(LOGIN_NS))).isEqualTo("registry.example/shop@" + V2.digest().value());
        assertThat(deployment(LOGIN_NS).getMetadata().getLabels()).containsEntry("tuned-by", "dora");
        assertThat(route.ledger.ephemeralEnvironments()).hasSize(1).first()
                .satisfies(r -> assertThat(r.version()).isEqualTo("2.0.0"))
                .satisfies(r -> assertThat(r.expiresAt()).isEqualTo(Instant.parse("2026-11-23T20:00:00Z")));
    }

    @Test
    void passesOverANamespaceThatIsNotItsOwnAndNeverTouchesIt() throws Exception {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(LOGIN_NS)
                .addToLabels("team", "payments").endMetadata().build()).create();
        EphemeralOwner fork = new EphemeralOwner("shop", "shop-fork/feature%2Flogin", "feature/login");
        controller(EphemeralNames.candidates(LOGIN).get(1));
        controller(EphemeralNames.candidates(fork).get(1));

        EphemeralOutcome ours = deploy(Clock.systemUTC(), request(LOGIN, V1, TEMPLATE));
        EphemeralOutcome theirs = deploy(Clock.systemUTC(), request(fork, V1, TEMPLATE));

        assertThat(ours.passed()).as(ours.message()).isTrue();
        assertThat(ours.record().orElseThrow().namespace()).matches("shop-feature-login-[0-9a-f]{8}");
        assertThat(theirs.record().orElseThrow().namespace()).matches("shop-feature-login-[0-9a-f]{8}")
                .isNotEqualTo(ours.record().orElseThrow().namespace());
        assertThat(client.namespaces().withName(LOGIN_NS).get().getMetadata().getLabels()).containsOnlyKeys("team");
        assertThat(deployment(LOGIN_NS)).isNull();
    }

    @Test
    void aRolloutThatFailsIsRecordedAndTheNamespaceStaysUntilItIsTornDown() throws Exception {
        controller(LOGIN_NS).breakWhen(d -> true);

        EphemeralOutcome outcome = deploy(Clock.systemUTC(), request(LOGIN, V1, TEMPLATE));

        assertThat(outcome.passed()).isFalse();
        assertThat(outcome.message()).contains("does not run shop 1.0.0", "its gate failed", "ProgressDeadlineExceeded",
                "The namespace stays for a look");
        assertThat(client.namespaces().withName(LOGIN_NS).get()).isNotNull();
        EphemeralRecord recorded = route.ledger.ephemeralEnvironments().get(0);
        assertThat(recorded.state()).isEqualTo(EphemeralState.ACTIVE);
        assertThat(recorded.gatePassed()).isFalse();
        assertThat(route.ledger.history("shop").get(route.ledger.history("shop").size() - 1).attributes())
                .containsEntry("verdict", "failed");
    }

    @Test
    void refusesAnUnregisteredArtifactBeforeMakingAnythingAndNamesAMissingTemplate() throws Exception {
        Artifact unknown = Fixtures.artifact("shop", "9.9.9");

        EphemeralOutcome unregistered = deploy(Clock.systemUTC(), request(LOGIN, unknown, TEMPLATE));

        assertThat(unregistered.passed()).isFalse();
        assertThat(unregistered.message()).isEqualTo("Cannot deploy shop " + unknown.digest().value() + " into an ephemeral "
                + "environment: no such artifact has been registered. Register it (registerArtifact) in the build that "
                + "produced it first.");
        assertThat(unregistered.record()).isEmpty();
        assertThat(client.namespaces().withName(LOGIN_NS).get()).isNull();
        assertThat(route.ledger.ephemeralEnvironments()).isEmpty();

        EphemeralTemplate cart = new EphemeralTemplate("default", "development", new KubernetesTarget(TEMPLATE_NS, "cart", "web"), "");
        EphemeralOutcome noTemplate = deploy(Clock.systemUTC(), request(LOGIN, V1, cart));

        assertThat(noTemplate.passed()).isFalse();
        assertThat(noTemplate.message()).contains("Deployment cart does not exist in namespace shop-dev, the template of "
                + "ephemeral environments (environment development). Apply it there, or name the template's Deployment with "
                + "deploymentName");
        assertThat(noTemplate.record().orElseThrow().namespace()).as("made, so recorded for its teardown").isEqualTo(LOGIN_NS);
    }

    @Test
    void aHealthUrlIsProbedWithTheNamespaceFilledIn() throws Exception {
        controller(LOGIN_NS);
        EphemeralRequest request = new EphemeralRequest(LOGIN, Optional.empty(), Optional.of("1.0.0"), TEMPLATE,
                Duration.ofHours(1), "http://127.0.0.1:9/{namespace}/health", "https://{namespace}.preview.example.com",
                "controller-a", "dora", "b#1");

        EphemeralOutcome outcome = deploy(Clock.systemUTC(), request);

        assertThat(outcome.passed()).isFalse();
        assertThat(outcome.message()).contains("its gate failed");
        assertThat(route.ledger.history("shop").get(route.ledger.history("shop").size() - 1).attribute("gate"))
                .contains("http://127.0.0.1:9/shop-feature-login/health");
        assertThat(outcome.record().orElseThrow().url()).isEqualTo("https://shop-feature-login.preview.example.com");
    }
}
