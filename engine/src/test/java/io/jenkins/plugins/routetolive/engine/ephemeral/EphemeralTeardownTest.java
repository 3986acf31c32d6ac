package io.jenkins.plugins.routetolive.engine.ephemeral;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.jenkins.plugins.routetolive.engine.MutableClock;
import io.jenkins.plugins.routetolive.engine.gate.Gates;
import io.jenkins.plugins.routetolive.engine.ledger.EntryType;
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
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Teardown and the sweep on the CRUD mock, with a clock the test moves. */
@EnableKubernetesMockClient(crud = true)
class EphemeralTeardownTest {

    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    static final EphemeralOwner LOGIN = new EphemeralOwner("shop", "shop/feature%2Flogin", "feature/login");
    static final EphemeralOwner CART = new EphemeralOwner("shop", "shop/feature%2Fcart", "feature/cart");
    static final EphemeralOwner ELSEWHERE = new EphemeralOwner("shop", "shop/feature%2Fsearch", "feature/search");

    KubernetesClient client;
    ScheduledExecutorService scheduler;
    RouteFixture route;
    MutableClock clock;
    EphemeralTeardowns teardowns;
    final List<RolloutController> controllers = new ArrayList<>();

    @BeforeEach
    void start() {
        scheduler = Executors.newScheduledThreadPool(2);
        route = new RouteFixture("development");
        route.service.register(EphemeralDeploymentsTest.V1, "c0ffee1", RouteFixture.DEV, "b#1");
        clock = new MutableClock(T0);
        teardowns = new EphemeralTeardowns(route.ledger, r -> client(), scheduler, clock, route.events::add);
        client.apps().deployments().inNamespace("shop-dev").resource(Fixtures.deployment("shop-dev", "shop", 1,
                "registry.example/shop:0.9", Map.of("app", "shop"))).create();
    }

    @AfterEach
    void stop() {
        controllers.forEach(RolloutController::close);
        scheduler.shutdownNow();
    }

    /** A client of its own for each teardown, as the plugin makes one (the teardown closes it). */
    KubernetesClient client() {
        return new KubernetesClientBuilder().withConfig(client.getConfiguration()).build();
    }

    EphemeralRecord deploy(EphemeralOwner owner, Duration ttl, String controller) throws Exception {
        String namespace = EphemeralNames.candidates(owner).get(0);
        controllers.add(new RolloutController(client, namespace));
        EphemeralTemplate template = new EphemeralTemplate("default", "development", EphemeralDeploymentsTest.TEMPLATE.source(), "");
        EphemeralOutcome outcome = new EphemeralDeployments(client, route.ledger, new Gates(scheduler, Clock.systemUTC()),
                RouteFixture.FAST, clock, route.events::add).deploy(new EphemeralRequest(owner,
                Optional.of(EphemeralDeploymentsTest.V1.digest()), Optional.empty(), template, ttl, "", "", controller, "dora",
                owner.job() + "#1")).get(20, TimeUnit.SECONDS);
        assertThat(outcome.passed()).as(outcome.message()).isTrue();
        return outcome.record().orElseThrow();
    }

    boolean exists(String namespace) {
        return client.namespaces().withName(namespace).get() != null;
    }

    EphemeralSweep.Result sweep(Set<String> existingJobs) throws Exception {
        return new EphemeralSweep(route.ledger, teardowns, clock).run("controller-a", existingJobs::contains)
                .get(20, TimeUnit.SECONDS);
    }

    @Test
    void teardownDeletesItsOwnNamespaceAndRecordsIt() throws Exception {
        EphemeralRecord login = deploy(LOGIN, Duration.ofHours(72), "controller-a");
        clock.advance(Duration.ofMinutes(5));

        EphemeralRecord after = teardowns.tearDown(login, "requested by dora", "dora").get(20, TimeUnit.SECONDS);

        assertThat(after.state()).isEqualTo(EphemeralState.TORN_DOWN);
        assertThat(after.teardownCause()).isEqualTo("requested by dora");
        assertThat(after.message()).isEqualTo("namespace shop-feature-login deleted");
        assertThat(after.updatedAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
        assertThat(exists("shop-feature-login")).isFalse();
        assertThat(route.ledger.ephemeralEnvironment("shop", LOGIN.job()).orElseThrow()).isEqualTo(after);
        var last = route.ledger.history("shop").get(route.ledger.history("shop").size() - 1);
        assertThat(last.type()).isEqualTo(EntryType.EPHEMERAL_TORN_DOWN);
        assertThat(last.actor()).isEqualTo("dora");
        assertThat(last.attributes()).containsEntry("teardownCause", "requested by dora")
                .containsEntry("namespace", "shop-feature-login");
        assertThat(route.messages()).contains("Tore down ephemeral environment shop-feature-login of shop for branch "
                + "feature/login (job shop/feature%2Flogin) (requested by dora): namespace shop-feature-login deleted.");

        EphemeralRecord again = teardowns.tearDown(login, "requested by dora", "dora").get(20, TimeUnit.SECONDS);
        assertThat(again.message()).isEqualTo("namespace shop-feature-login was already gone");
    }

    @Test
    void aNamespaceThatNoLongerCarriesItsOwnersAnnotationsIsNeverDeleted() throws Exception {
        EphemeralRecord login = deploy(LOGIN, Duration.ofHours(72), "controller-a");
        client.namespaces().withName("shop-feature-login").delete();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shop-feature-login")
                .addToLabels("team", "payments").endMetadata().build()).create();

        EphemeralRecord after = teardowns.tearDown(login, "requested by dora", "dora").get(20, TimeUnit.SECONDS);

        assertThat(after.state()).isEqualTo(EphemeralState.TORN_DOWN);
        assertThat(after.message()).contains("no longer belongs to it", "left as it is");
        assertThat(exists("shop-feature-login")).isTrue();
    }

    @Test
    void theSweepTearsDownWhatExpiredByTheInjectedClockAndWhatBelongsToDeletedJobsOfThisController() throws Exception {
        deploy(LOGIN, Duration.ofHours(1), "controller-a");
        deploy(CART, Duration.ofHours(5), "controller-a");
        deploy(ELSEWHERE, Duration.ofHours(5), "controller-b");
        Set<String> allJobs = Set.of(LOGIN.job(), CART.job(), ELSEWHERE.job());

        clock.set(T0.plus(Duration.ofMinutes(59)));
        assertThat(sweep(allJobs).tornDown()).isEmpty();

        clock.set(T0.plus(Duration.ofHours(1)));
        EphemeralSweep.Result expired = sweep(allJobs);
        assertThat(expired.tornDown()).extracting(EphemeralRecord::namespace).containsExactly("shop-feature-login");
        assertThat(expired.tornDown().get(0).teardownCause()).isEqualTo("its time to live ended at 2026-11-20T11:00:00Z");
        assertThat(exists("shop-feature-login")).isFalse();
        assertThat(exists("shop-feature-cart")).isTrue();

        // cart's job and search's job are gone; search belongs to another controller, which tears it down itself
        EphemeralSweep.Result deleted = sweep(Set.of(LOGIN.job()));
        assertThat(deleted.tornDown()).extracting(EphemeralRecord::namespace).containsExactly("shop-feature-cart");
        assertThat(deleted.tornDown().get(0).teardownCause())
                .isEqualTo("job shop/feature%2Fcart no longer exists (its branch or change request is gone)");
        assertThat(exists("shop-feature-search")).isTrue();

        clock.set(T0.plus(Duration.ofHours(5)));
        assertThat(sweep(Set.of()).tornDown()).extracting(EphemeralRecord::namespace).containsExactly("shop-feature-search");
    }

    @Test
    void aTeardownThatCannotReachItsClusterStaysDueAndTheNextSweepTriesAgain() throws Exception {
        EphemeralRecord login = deploy(LOGIN, Duration.ofHours(1), "controller-a");
        EphemeralTeardowns unreachable = new EphemeralTeardowns(route.ledger, r -> {
            throw new IllegalStateException("environment development has no Kubernetes credentials id");
        }, scheduler, clock, route.events::add);

        EphemeralRecord failed = unreachable.tearDown(login, "job shop/feature%2Flogin was deleted", "system")
                .get(20, TimeUnit.SECONDS);

        assertThat(failed.state()).isEqualTo(EphemeralState.TEARDOWN_FAILED);
        assertThat(failed.message()).isEqualTo("its cluster cannot be reached: environment development has no Kubernetes "
                + "credentials id");
        assertThat(route.messages()).anyMatch(m -> m.startsWith("Could not tear down ephemeral environment shop-feature-login")
                && m.endsWith("It stays due: the next sweep of ephemeral environments tries again."));
        assertThat(EphemeralSweep.due(route.ledger.ephemeralEnvironments(), T0, "controller-a", job -> true))
                .extracting(EphemeralSweep.Due::cause).containsExactly("job shop/feature%2Flogin was deleted");

        EphemeralSweep.Result retried = sweep(Set.of(LOGIN.job()));

        assertThat(retried.tornDown()).hasSize(1);
        assertThat(retried.tornDown().get(0).teardownCause()).isEqualTo("job shop/feature%2Flogin was deleted");
        assertThat(exists("shop-feature-login")).isFalse();
    }

    @Test
    void aNewBuildAfterATeardownMakesTheEnvironmentAgain() throws Exception {
        EphemeralRecord login = deploy(LOGIN, Duration.ofHours(1), "controller-a");
        teardowns.tearDown(login, "requested by dora", "dora").get(20, TimeUnit.SECONDS);

        EphemeralRecord again = deploy(LOGIN, Duration.ofHours(1), "controller-a");

        assertThat(again.state()).isEqualTo(EphemeralState.ACTIVE);
        assertThat(exists("shop-feature-login")).isTrue();
        assertThat(route.ledger.ephemeralEnvironments()).containsExactly(again);
    }
}
