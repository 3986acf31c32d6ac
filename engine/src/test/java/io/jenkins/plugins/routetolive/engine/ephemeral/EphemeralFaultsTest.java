package io.jenkins.plugins.routetolive.engine.ephemeral;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.jenkins.plugins.routetolive.engine.MutableClock;
import io.jenkins.plugins.routetolive.engine.ephemeral.internal.EphemeralEntries;
import io.jenkins.plugins.routetolive.engine.gate.Gates;
import io.jenkins.plugins.routetolive.engine.support.Fixtures;
import io.jenkins.plugins.routetolive.engine.support.RouteFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** API faults in expectation mode: missing permissions are refused naming what to grant; failed teardowns are retried. */
@EnableKubernetesMockClient
class EphemeralFaultsTest {

    static final String NAMESPACES = "/api/v1/namespaces";
    static final String LOGIN_NS = "shop-feature-login";
    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    KubernetesMockServer server;
    KubernetesClient client;
    KubernetesClient impatient;
    ScheduledExecutorService scheduler;
    RouteFixture route;

    @BeforeEach
    void start() {
        impatient = new KubernetesClientBuilder().withConfig(new ConfigBuilder(client.getConfiguration())
                .withRequestRetryBackoffLimit(0).withRequestTimeout(2000).build()).build();
        scheduler = Executors.newScheduledThreadPool(2);
        route = new RouteFixture("development");
        route.service.register(EphemeralDeploymentsTest.V1, "c0ffee1", RouteFixture.DEV, "b#1");
    }

    @AfterEach
    void stop() {
        impatient.close();
        scheduler.shutdownNow();
    }

    /** A client of its own for each teardown, which closes it. */
    KubernetesClient copy() {
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder(client.getConfiguration())
                .withRequestRetryBackoffLimit(0).withRequestTimeout(2000).build()).build();
    }

    static Status status(int code, String reason) {
        return new StatusBuilder().withCode(code).withReason(reason).withMessage(reason).withStatus("Failure").build();
    }

    EphemeralOutcome deploy() throws Exception {
        return new EphemeralDeployments(impatient, route.ledger, new Gates(scheduler, Clock.systemUTC()), RouteFixture.FAST,
                Clock.systemUTC(), route.events::add).deploy(EphemeralDeploymentsTest.request(EphemeralDeploymentsTest.LOGIN,
                EphemeralDeploymentsTest.V1, EphemeralDeploymentsTest.TEMPLATE)).get(20, TimeUnit.SECONDS);
    }

    static Namespace ours() {
        return new NamespaceBuilder().withNewMetadata().withName(LOGIN_NS).withLabels(Map.of("routetolive.io/ephemeral", "true"))
                .withAnnotations(Map.of("routetolive.io/application", "shop", "routetolive.io/job", "shop/feature%2Flogin"))
                .endMetadata().build();
    }

    @Test
    void aNamespaceItMayNotCreateIsRefusedNamingTheVerbTheResourceAndTheClusterRole() throws Exception {
        server.expect().post().withPath(NAMESPACES).andReturn(403, status(403, "Forbidden")).once();

        EphemeralOutcome outcome = deploy();

        assertThat(outcome.passed()).isFalse();
        assertThat(outcome.record()).isEmpty();
        assertThat(outcome.message()).isEqualTo("No ephemeral environment was made for shop for branch feature/login (job "
                + "shop/feature%2Flogin): Kubernetes refused to create namespaces/shop-feature-login (403 Forbidden): grant "
                + "the controller's service account the verb 'create' on resource 'namespaces' (API group \"\" (core)) "
                + "cluster-wide (ClusterRole).");
        assertThat(route.ledger.ephemeralEnvironments()).isEmpty();
    }

    @Test
    void aDeploymentItMayNotCreateInTheBranchNamespaceIsRefusedSayingToGrantItInEveryNamespace() throws Exception {
        server.expect().post().withPath(NAMESPACES).andReturn(201, ours()).once();
        server.expect().get().withPath("/apis/apps/v1/namespaces/shop-dev/deployments/shop").andReturn(200,
                Fixtures.deployment("shop-dev", "shop", 1, "registry.example/shop:0.9", Map.of("app", "shop"))).always();
        server.expect().post().withPath("/apis/apps/v1/namespaces/" + LOGIN_NS + "/deployments")
                .andReturn(403, status(403, "Forbidden")).once();

        EphemeralOutcome outcome = deploy();

        assertThat(outcome.passed()).isFalse();
        assertThat(outcome.message()).contains("Kubernetes refused to create deployments.apps/shop in namespace "
                + "shop-feature-login (403 Forbidden): grant the controller's service account the verb 'create' on resource "
                + "'deployments' (API group apps) in namespace shop-feature-login, which is made for one branch, so grant it "
                + "in every namespace (ClusterRole and ClusterRoleBinding; see RBAC for ephemeral environments in docs/kubernetes.md)");
        assertThat(outcome.record().orElseThrow().namespace()).as("the namespace exists: recorded, so it is torn down")
                .isEqualTo(LOGIN_NS);
    }

    @Test
    void aTeardownThatFailsIsRecordedAndTheNextSweepRetriesIt() throws Exception {
        MutableClock clock = new MutableClock(T0);
        EphemeralRecord login = EphemeralLedgerTest.active(EphemeralDeploymentsTest.LOGIN, "development", T0);
        route.ledger.append(EphemeralEntries.deployed(login, "dora", "b#1", "gate", ""));
        server.expect().get().withPath(NAMESPACES + "/" + LOGIN_NS).andReturn(200, ours()).always();
        server.expect().delete().withPath(NAMESPACES + "/" + LOGIN_NS).andReturn(403, status(403, "Forbidden")).once();
        server.expect().delete().withPath(NAMESPACES + "/" + LOGIN_NS).andReturn(200, status(200, "Success")).once();
        EphemeralTeardowns teardowns = new EphemeralTeardowns(route.ledger, r -> copy(), scheduler, clock, route.events::add);
        clock.set(T0.plus(Duration.ofHours(72)));

        EphemeralSweep.Result first = new EphemeralSweep(route.ledger, teardowns, clock).run("controller-a", job -> true)
                .get(20, TimeUnit.SECONDS);

        assertThat(first.tornDown()).isEmpty();
        assertThat(first.failed()).hasSize(1);
        EphemeralRecord failed = route.ledger.ephemeralEnvironments().get(0);
        assertThat(failed.state()).isEqualTo(EphemeralState.TEARDOWN_FAILED);
        assertThat(failed.teardownCause()).isEqualTo("its time to live ended at 2026-11-23T10:00:00Z");
        assertThat(failed.message()).contains("grant the controller's service account the verb 'delete' on resource "
                + "'namespaces' (API group \"\" (core)) cluster-wide (ClusterRole)");

        EphemeralSweep.Result second = new EphemeralSweep(route.ledger, teardowns, clock).run("controller-a", job -> true)
                .get(20, TimeUnit.SECONDS);

        assertThat(second.failed()).isEmpty();
        assertThat(second.tornDown()).extracting(EphemeralRecord::teardownCause)
                .containsExactly("its time to live ended at 2026-11-23T10:00:00Z");
        assertThat(route.ledger.ephemeralEnvironments().get(0).state()).isEqualTo(EphemeralState.TORN_DOWN);
        assertThat(server.getRequestCount()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void aTransientFaultDuringATeardownIsRetriedWithinIt() throws Exception {
        EphemeralRecord login = EphemeralLedgerTest.active(EphemeralDeploymentsTest.LOGIN, "development", T0);
        route.ledger.append(EphemeralEntries.deployed(login, "dora", "b#1", "gate", ""));
        server.expect().get().withPath(NAMESPACES + "/" + LOGIN_NS).andReturn(200, ours()).always();
        server.expect().delete().withPath(NAMESPACES + "/" + LOGIN_NS).andReturn(503, status(503, "Unavailable")).times(2);
        server.expect().delete().withPath(NAMESPACES + "/" + LOGIN_NS).andReturn(200, status(200, "Success")).once();
        EphemeralTeardowns teardowns = new EphemeralTeardowns(route.ledger, r -> copy(), scheduler, Clock.systemUTC(),
                route.events::add);

        EphemeralRecord after = teardowns.tearDown(login, "requested by dora", "dora").get(20, TimeUnit.SECONDS);

        assertThat(after.state()).isEqualTo(EphemeralState.TORN_DOWN);
        assertThat(after.message()).isEqualTo("namespace shop-feature-login deleted");
    }
}
