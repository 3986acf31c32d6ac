package io.jenkins.plugins.routetolive.runtime;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.jenkins.plugins.routetolive.Fixtures;
import io.jenkins.plugins.routetolive.config.RouteToLiveConfiguration;
import io.jenkins.plugins.routetolive.engine.artifact.Digest;
import io.jenkins.plugins.routetolive.engine.ledger.EntryType;
import io.jenkins.plugins.routetolive.engine.ledger.Ledger;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.ledger.kubernetes.KubernetesLedger;
import io.jenkins.plugins.routetolive.engine.ledger.kubernetes.LeaseEnvironmentLocks;
import io.jenkins.plugins.routetolive.engine.policy.WaitMode;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import jenkins.model.Jenkins;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.LogRecorder;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The controller's side of the Kubernetes shared store, against fabric8's mock API server in CRUD mode: the name it
 * writes under, which promotions it locks again when it opens the store, and what saving another store does. The
 * controller reaches the mock server the way it reaches a real one, through fabric8's {@code kubernetes.master}
 * system property; another controller's records are written here with the engine, under another name.
 */
@WithJenkins
@EnableKubernetesMockClient(crud = true, https = false)
class SharedLedgerStoreTest {

    static final String NAMESPACE = "route-to-live";
    static final Digest SHOP = new Digest("sha256:" + "a".repeat(64));
    static final Digest CART = new Digest("sha256:" + "c".repeat(64));

    KubernetesClient client;

    @BeforeEach
    void reachTheMockServerAsTheControllersKubernetesConfiguration() {
        System.setProperty("kubernetes.master", client.getMasterUrl().toString());
        System.setProperty("kubernetes.auth.tryKubeConfig", "false");
        System.setProperty("kubernetes.auth.tryServiceAccount", "false");
    }

    @AfterEach
    void forgetIt() {
        System.clearProperty("kubernetes.master");
        System.clearProperty("kubernetes.auth.tryKubeConfig");
        System.clearProperty("kubernetes.auth.tryServiceAccount");
    }

    static void useSharedStore(String controllerName) {
        Fixtures.useRoute(Fixtures.fastDefaultRoute());
        RouteToLiveConfiguration config = RouteToLiveConfiguration.get();
        config.setLedgerNamespace(NAMESPACE);
        config.setControllerName(controllerName);
        config.setLedgerStore(RouteToLiveConfiguration.KUBERNETES);
    }

    /** A promotion into test (one version at a time) that the named controller requested and was running. */
    void inFlight(String controller, String promotionId, String application, Digest digest) {
        try (KubernetesLedger ledger = new KubernetesLedger(client, NAMESPACE, controller, Clock.systemUTC())) {
            ledger.append(new LedgerEntry(0, Instant.now(), EntryType.STATE_CHANGED, promotionId, application, "1.0.0",
                    digest, "test", PromotionState.DEPLOYING, "dora", "", Map.of()));
        }
    }

    /** The lease that controller took for it, last renewed an hour ago: the controller has stopped since. */
    void expiredLease(String controller, String promotionId, String application) throws Exception {
        Clock anHourAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC);
        ScheduledExecutorService renewals = Executors.newSingleThreadScheduledExecutor();
        try {
            new LeaseEnvironmentLocks(client, NAMESPACE, controller, Duration.ofSeconds(30), renewals, anHourAgo)
                    .acquire(application, "test", promotionId, WaitMode.REFUSE).get(10, TimeUnit.SECONDS);
        } finally {
            renewals.shutdownNow();
        }
    }

    String leaseHolder(String application) {
        List<Lease> leases = client.leases().inNamespace(NAMESPACE).withLabel("routetolive.io/application", application)
                .list().getItems();
        assertEquals(1, leases.size(), "one lease for " + application + " in test");
        return leases.get(0).getSpec().getHolderIdentity();
    }

    @Test
    void aControllerIsNamedAfterItsInstanceUnlessTheAdministratorNamesIt(JenkinsRule j) {
        RouteToLiveConfiguration config = RouteToLiveConfiguration.get();

        String derived = config.controllerIdentity();

        assertTrue(derived.matches("jenkins-[0-9a-f]{12}"), derived);
        assertEquals(derived, RouteToLiveConfiguration.defaultControllerIdentity(), "the same for the same JENKINS_HOME");
        assertFalse(derived.contains(Jenkins.get().getLegacyInstanceId().substring(0, 12)),
                "a hash of the instance id, not the id itself");
        config.setControllerName(" release-eu ");
        assertEquals("release-eu", config.controllerIdentity());
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> config.setControllerName("Release EU"));
        assertThat(refused.getMessage(), containsString("controllerName must be 1-63 lower-case letters, digits or '-'"));
        assertThat(refused.getMessage(), containsString("but was 'Release EU'"));
        assertEquals("release-eu", config.getControllerName(), "a refused name changes nothing");
    }

    @Test
    void openingTheSharedStoreLocksAgainOnlyThePromotionsThisControllerRuns(JenkinsRule j) throws Exception {
        useSharedStore("jenkins-b");
        inFlight("jenkins-b", "promotion-of-b", "shop", SHOP);
        expiredLease("jenkins-b", "promotion-of-b", "shop");
        inFlight("jenkins-a", "promotion-of-a", "cart", CART);
        expiredLease("jenkins-a", "promotion-of-a", "cart");

        Ledger ledger = RouteToLive.get().ledger();

        assertEquals(2, ledger.activePromotions().size(), "both promotions are in flight in the shared ledger");
        assertEquals("jenkins-b/promotion-of-b", leaseHolder("shop"), "this controller's promotion holds test again");
        assertEquals("jenkins-a/promotion-of-a", leaseHolder("cart"),
                "the other controller's promotion is left to that controller, even with its lease expired");
    }

    @Test
    void savingAnotherStoreClosesTheSharedOneAndTheNextUseOpensTheJournal(JenkinsRule j) {
        useSharedStore("jenkins-b");
        inFlight("jenkins-a", "promotion-of-a", "cart", CART);
        Ledger shared = RouteToLive.get().ledger();
        assertEquals(1, shared.activePromotions().size());

        try (LogRecorder log = new LogRecorder().record(RouteToLive.class, Level.INFO).capture(10)) {
            RouteToLiveConfiguration.get().setLedgerStore(RouteToLiveConfiguration.JOURNAL);

            assertTrue(RouteToLive.get().openLedger().isEmpty(), "the shared store is closed once the change is saved");
            assertThat(log.getMessages().toString(), containsString("Route to Live switches its ledger from the Kubernetes"
                    + " shared store in namespace route-to-live as jenkins-b to the journal under JENKINS_HOME."));
        }
        Ledger journal = RouteToLive.get().ledger();
        assertNotSame(shared, journal);
        assertTrue(journal.activePromotions().isEmpty(), "the journal is another ledger: nothing is copied");
    }

    @Test
    void aChangeOfStoreWaitsForTheNextStartWhileThisControllersPromotionsAreInFlight(JenkinsRule j) {
        useSharedStore("jenkins-b");
        inFlight("jenkins-b", "promotion-of-b", "shop", SHOP);
        Ledger shared = RouteToLive.get().ledger();

        try (LogRecorder log = new LogRecorder().record(RouteToLive.class, Level.INFO).capture(10)) {
            RouteToLiveConfiguration.get().setLedgerStore(RouteToLiveConfiguration.JOURNAL);

            assertThat(log.getMessages().toString(), containsString("Route to Live keeps its ledger in the Kubernetes"
                    + " shared store in namespace route-to-live as jenkins-b instead of the journal under JENKINS_HOME until"
                    + " the next start of Jenkins: promotions of this controller are in flight (shop 1.0.0 to test)."));
        }
        assertSame(shared, RouteToLive.get().ledger(), "the promotion in flight goes on in the store it started in");
    }

    @Test
    void theDailyRetentionCompactsTheSharedLogsButKeepsWhatRunsWhere(JenkinsRule j) {
        try (KubernetesLedger other = new KubernetesLedger(client, NAMESPACE, "jenkins-other", Clock.systemUTC(), 4096)) {
            other.append(new LedgerEntry(0, Instant.now(), EntryType.ARTIFACT_REGISTERED, "", "shop", "1.0.0", SHOP,
                    "build", null, "ci", "", Map.of(LedgerEntry.Attributes.SOURCE_REVISION, "abc123")));
            for (int i = 0; i < 20; i++) {
                String id = "other-" + i;
                for (PromotionState state : List.of(PromotionState.REQUESTED, PromotionState.DEPLOYING,
                        PromotionState.VERIFYING, PromotionState.VERIFIED)) {
                    other.append(new LedgerEntry(0, Instant.now(), EntryType.STATE_CHANGED, id, "shop", "1.0.0", SHOP,
                            "development", state, "dora", "", Map.of()));
                }
            }
        }
        useSharedStore("jenkins-here");
        LedgerCompactionWork work = Jenkins.get().getExtensionList(hudson.model.PeriodicWork.class)
                .get(LedgerCompactionWork.class);
        assertTrue(work.compact(hudson.model.TaskListener.NULL).isEmpty(), "0 keeps everything: nothing is compacted");

        RouteToLiveConfiguration.get().setRetainEntriesPerApplication(10);
        var report = work.compact(hudson.model.TaskListener.NULL).orElseThrow();

        assertEquals(1, report.applications());
        assertTrue(report.recordsDropped() > 40, "old history dropped: " + report);
        try (KubernetesLedger fresh = new KubernetesLedger(client, NAMESPACE, "jenkins-reader", Clock.systemUTC())) {
            assertTrue(fresh.history("shop").size() < 81, "fewer records: " + fresh.history("shop").size());
            assertEquals(SHOP, fresh.environment("shop", "development").lastKnownGood().orElseThrow().digest());
            assertTrue(fresh.registration("shop", "1.0.0").isPresent(), "the registration is kept");
        }
        assertThrows(IllegalArgumentException.class, () -> RouteToLiveConfiguration.get().setRetainEntriesPerApplication(-1));
    }
}
