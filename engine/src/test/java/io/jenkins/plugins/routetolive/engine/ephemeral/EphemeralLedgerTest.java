package io.jenkins.plugins.routetolive.engine.ephemeral;

import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.ephemeral.internal.EphemeralEntries;
import io.jenkins.plugins.routetolive.engine.ledger.EntryType;
import io.jenkins.plugins.routetolive.engine.ledger.InMemoryLedger;
import io.jenkins.plugins.routetolive.engine.ledger.Ledger;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerReport;
import io.jenkins.plugins.routetolive.engine.ledger.journal.JournalLedger;
import io.jenkins.plugins.routetolive.engine.ledger.journal.JournalOptions;
import io.jenkins.plugins.routetolive.engine.metrics.DeliveryMetrics;
import io.jenkins.plugins.routetolive.engine.metrics.MetricsWindow;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionRefusedException;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionRequest;
import io.jenkins.plugins.routetolive.engine.route.DefaultRoute;
import io.jenkins.plugins.routetolive.engine.support.Fixtures;
import io.jenkins.plugins.routetolive.engine.support.RouteFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Ephemeral environments in the ledger: they admit nothing into the route, count for no delivery metric, and the
 * list of environments to tear down survives reopening the journal and a compaction.
 */
class EphemeralLedgerTest {

    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    static final Artifact V1 = Fixtures.artifact("shop", "1.0.0");
    static final EphemeralOwner LOGIN = new EphemeralOwner("shop", "shop/feature%2Flogin", "feature/login");
    static final EphemeralOwner CART = new EphemeralOwner("shop", "shop/feature%2Fcart", "feature/cart");

    @TempDir
    Path dir;

    static EphemeralRecord active(EphemeralOwner owner, String environment, Instant at) {
        return new EphemeralRecord(owner, EphemeralNames.namespaceFor(owner.application(), owner.branch()), "default",
                environment, "controller-a", V1.version(), V1.digest(), "", at, at.plus(Duration.ofHours(72)), true,
                EphemeralState.ACTIVE, "", "3/3 checks passed", at);
    }

    static void deployed(Ledger ledger, EphemeralRecord r) {
        ledger.append(EphemeralEntries.deployed(r, "dora", r.owner().job() + "#1", "Kubernetes rollout", "probes=3 failed=0"));
    }

    @Test
    void anEphemeralDeploymentAdmitsNothingIntoTheRouteAndIsNoDeploymentForDeliveryMetrics() throws Exception {
        RouteFixture fixture = new RouteFixture(DefaultRoute.create());
        fixture.service.register(V1, "c0ffee1", RouteFixture.DEV, "shop/main#1");
        // an ephemeral deployment copied from development, and one recorded under every environment's name as template
        for (String environment : List.of("development", "test", "stage", "production")) {
            deployed(fixture.ledger, active(new EphemeralOwner("shop", "shop/" + environment, environment), environment, Instant.now()));
        }

        assertThatThrownBy(() -> fixture.service.request(PromotionRequest.of("shop", V1.digest(), "test", RouteFixture.DEV))
                .get(5, TimeUnit.SECONDS)).cause().isInstanceOf(PromotionRefusedException.class)
                .hasMessageContaining("it has not passed development");
        assertThat(fixture.ledger.environments("shop")).extracting(s -> s.environment()).containsExactly("build");
        MetricsWindow window = MetricsWindow.endingNow(Clock.systemUTC());
        for (String environment : List.of("development", "test", "stage", "production", "shop-development", "")) {
            DeliveryMetrics metrics = fixture.ledger.metrics("shop", environment, window);
            assertThat(metrics.current().empty()).as(environment).isTrue();
            assertThat(metrics.current().deploymentFrequency().deployments()).isZero();
            assertThat(metrics.current().leadTime()).isEmpty();
        }
        assertThat(fixture.ledger.activePromotions()).isEmpty();
    }

    @Test
    void theEnvironmentsToTearDownSurviveReopeningTheJournalAndACompaction() throws Exception {
        long appended;
        try (JournalLedger ledger = JournalLedger.open(dir)) {
            for (int i = 0; i < 20; i++) {
                deployed(ledger, active(LOGIN, "development", T0.minus(Duration.ofHours(20 - i))));
            }
            EphemeralRecord login = active(LOGIN, "development", T0);
            EphemeralRecord cart = active(CART, "development", T0);
            deployed(ledger, login);
            deployed(ledger, cart);
            ledger.append(EphemeralEntries.teardown(login, false, "job shop/feature%2Flogin was deleted",
                    "its cluster cannot be reached: no credentials", "system", T0.plusSeconds(60)));
            ledger.append(EphemeralEntries.teardown(cart, true, "requested by dora", "namespace shop-feature-cart deleted",
                    "dora", T0.plusSeconds(61)));
            for (int i = 0; i < 50; i++) {
                ledger.append(EphemeralEntries.deployed(active(new EphemeralOwner("shop", "shop/b" + i, "b" + i), "development",
                        T0.plusSeconds(100 + i)), "dora", "b#1", "gate", ""));
            }
            appended = ledger.size();
        }
        JournalLedger.open(dir, JournalOptions.defaults().withRetainEntries(1)).close();
        try (JournalLedger reopened = JournalLedger.open(dir)) {
            assertThat(reopened.size()).as("the 20 earlier deployments of feature/login were dropped").isEqualTo(appended - 20);
            EphemeralRecord login = reopened.ephemeralEnvironment("shop", LOGIN.job()).orElseThrow();
            assertThat(login.state()).isEqualTo(EphemeralState.TEARDOWN_FAILED);
            assertThat(login.teardownCause()).isEqualTo("job shop/feature%2Flogin was deleted");
            assertThat(login.namespace()).isEqualTo("shop-feature-login");
            assertThat(login.templateEnvironment()).isEqualTo("development");
            assertThat(login.expiresAt()).isEqualTo(T0.plus(Duration.ofHours(72)));
            assertThat(reopened.ephemeralEnvironment("shop", CART.job()).orElseThrow().state()).isEqualTo(EphemeralState.TORN_DOWN);
            assertThat(reopened.ephemeralEnvironments()).hasSize(52);
            assertThat(EphemeralSweep.due(reopened.ephemeralEnvironments(), T0.plusSeconds(120), "controller-a", job -> true))
                    .extracting(d -> d.record().owner().job()).containsExactly(LOGIN.job());
        }
    }

    @Test
    void anEphemeralEntryWithoutItsIdentityIsLeftOutAndNeverStopsTheIndex() {
        InMemoryLedger ledger = new InMemoryLedger();
        ledger.append(new LedgerEntry(0, T0, EntryType.EPHEMERAL_DEPLOYED, "", "shop", "1.0.0", V1.digest(), "", null, "dora",
                "", Map.of("namespace", "shop-x")));
        deployed(ledger, active(LOGIN, "development", T0));

        assertThat(ledger.ephemeralEnvironments()).extracting(EphemeralRecord::namespace).containsExactly("shop-feature-login");
    }

    @Test
    void theHistoryReportNamesTheNamespaceAndWhatHappenedThere() {
        InMemoryLedger ledger = new InMemoryLedger();
        EphemeralRecord login = active(LOGIN, "development", T0);
        deployed(ledger, login);
        ledger.append(EphemeralEntries.teardown(login, true, "requested by dora", "deleted", "dora", T0.plusSeconds(5)));

        String history = new LedgerReport(ledger).history("shop");

        assertThat(history).contains("ephemeral shop-feature-login gate passed", "ephemeral shop-feature-login torn down");
    }
}
