package io.jenkins.plugins.routetolive.engine.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.jenkins.plugins.routetolive.engine.approval.Actor;
import io.jenkins.plugins.routetolive.engine.approval.ApprovalRefusedException;
import io.jenkins.plugins.routetolive.engine.approval.Privilege;
import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.event.EventKind;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.ledger.kubernetes.KubernetesLedger;
import io.jenkins.plugins.routetolive.engine.policy.WaitMode;
import io.jenkins.plugins.routetolive.engine.promotion.Promotion;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;
import io.jenkins.plugins.routetolive.engine.support.SharedLedgerController;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.jenkins.plugins.routetolive.engine.support.Eventually.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A controller that stops for good leaves no promotion in flight: after its presence has been gone for the grace
 * period, exactly one other controller fails its promotions and says why. Two (or three) {@link
 * io.jenkins.plugins.routetolive.engine.promotion.PromotionService}s share one mock API server, each with its own
 * ledger, locks, presence, scheduler and clock.
 */
@EnableKubernetesMockClient(crud = true)
class ControllerTakeoverTest {

    private static final String NS = "ci";
    private static final Instant START = Instant.parse("2026-11-18T10:00:00Z");
    private static final Duration GRACE = OrphanedPromotions.DEFAULT_GRACE_PERIOD;
    private static final Duration EXPIRY = SharedLedgerController.LEASE.plusSeconds(1);
    private static final String A_STOPPED = "controller jenkins-a stopped renewing its presence at 2026-11-18T10:00:00Z; ";

    KubernetesMockServer server;
    KubernetesClient client;
    private final List<SharedLedgerController> controllers = new ArrayList<>();
    private SharedLedgerController a;
    private SharedLedgerController b;

    @BeforeEach
    void twoRunningControllers() {
        a = controller("jenkins-a", START);
        b = controller("jenkins-b", START);
        a.presence.start();
        b.presence.start();
    }

    @AfterEach
    void stop() {
        controllers.forEach(SharedLedgerController::close);
    }

    private SharedLedgerController controller(String identity, Instant now) {
        SharedLedgerController c = new SharedLedgerController(server, NS, identity, now);
        controllers.add(c);
        return c;
    }

    @Test
    void aKilledControllersPromotionIsFailedByAnotherWhoseOwnPromotionThenProceeds() throws Exception {
        Promotion pa = a.request(a.register("1.0"), "test", WaitMode.WAIT).get(10, TimeUnit.SECONDS);
        a.service.transition(pa.id(), PromotionState.DEPLOYING, "system", "");
        CompletableFuture<Promotion> pb = b.request(b.register("2.0"), "test", WaitMode.WAIT);
        a.kill();
        assertThat(pb).as("jenkins-b waits while jenkins-a's lease of test is fresh").isNotDone();

        b.clock.advance(EXPIRY);
        Promotion started = pb.get(10, TimeUnit.SECONDS);
        assertThat(started.state()).as("the dead controller's environment lease expired").isEqualTo(PromotionState.REQUESTED);
        assertThat(b.orphans.sweep()).as("within the grace period jenkins-a may still come back").isEmpty();
        assertThat(b.stateOf(pa.id())).contains(PromotionState.DEPLOYING);

        b.clock.advance(GRACE);
        List<Promotion> failed = b.orphans.sweep();

        assertThat(failed).extracting(Promotion::id, Promotion::state).containsExactly(
                org.assertj.core.groups.Tuple.tuple(pa.id(), PromotionState.FAILED));
        KubernetesLedger reader = new KubernetesLedger(client, NS, "reader", Clock.fixed(START, ZoneOffset.UTC));
        LedgerEntry last = lastEntry(reader, pa.id());
        assertThat(last.state()).isEqualTo(PromotionState.FAILED);
        assertThat(last.reason()).isEqualTo(A_STOPPED
                + "jenkins-b failed this promotion so the environment is not left waiting: promote again");
        assertThat(reader.controllerOf(pa.id())).as("still the controller that requested it").contains("jenkins-a");
        assertThat(b.events).extracting(e -> e.kind() + ": " + e.message()).contains("FAILED: Promotion " + pa.id()
                + " of " + pa.describe() + " failed: " + last.reason() + ".");
        assertThat(presenceOf("jenkins-a").getMetadata().getAnnotations())
                .containsEntry("routetolive.io/taken-over-by", "jenkins-b");

        b.finish(started.id());
        until("another reader sees B's own promotion verified", () -> reader.promotion(started.id())
                .filter(p -> p.state() == PromotionState.VERIFIED).isPresent());
        assertThat(b.orphans.sweep()).as("nothing is failed twice").isEmpty();
    }

    @Test
    void aControllerBackWithTheSameIdentityWithinTheGracePeriodKeepsItsPromotions() throws Exception {
        Promotion pa = a.request(a.register("1.0"), "test", WaitMode.WAIT).get(10, TimeUnit.SECONDS);
        a.service.transition(pa.id(), PromotionState.DEPLOYING, "system", "");
        a.kill(); // e.g. Jenkins restarting

        b.clock.advance(EXPIRY.plus(GRACE.minusMinutes(1)));
        assertThat(b.orphans.sweep()).isEmpty();
        SharedLedgerController restarted = controller("jenkins-a", b.clock.instant());
        restarted.presence.start();
        b.clock.advance(Duration.ofMinutes(5));
        restarted.clock.advance(Duration.ofMinutes(5));
        until("the restarted jenkins-a renews its presence", () -> presenceOf("jenkins-a").getSpec().getRenewTime()
                .toInstant().equals(restarted.clock.instant()));

        assertThat(b.orphans.sweep()).as("jenkins-a is running again, long after it first stopped").isEmpty();
        until("the restarted jenkins-a sees its promotion", () -> restarted.stateOf(pa.id()).isPresent());
        restarted.service.transition(pa.id(), PromotionState.VERIFYING, "system", "");
        restarted.service.transition(pa.id(), PromotionState.VERIFIED, "system", "");
        assertThat(restarted.stateOf(pa.id())).contains(PromotionState.VERIFIED);
        assertThat(lastEntry(restarted.ledger, pa.id()).reason()).isEmpty();
    }

    @Test
    void aPromotionAwaitingApprovalOnAControllerThatStoppedIsFailedByTheScheduledSweep() throws Exception {
        Artifact one = a.register("1.0");
        a.finish(a.request(one, "test", WaitMode.WAIT).get(10, TimeUnit.SECONDS).id());
        Promotion pa = a.request(one, "production", WaitMode.WAIT).get(10, TimeUnit.SECONDS);
        assertThat(pa.state()).isEqualTo(PromotionState.AWAITING_APPROVAL);
        a.presence.close(); // a clean stop this time: the presence is released, not left to expire
        a.kill();
        assertThat(presenceOf("jenkins-a").getSpec().getHolderIdentity()).isNull();

        b.orphans.start(Duration.ofMillis(100));
        b.clock.advance(GRACE.plusSeconds(1));
        until("jenkins-b's sweep fails jenkins-a's promotion", () -> b.stateOf(pa.id())
                .filter(s -> s == PromotionState.FAILED).isPresent());

        assertThat(lastEntry(b.ledger, pa.id()).reason()).isEqualTo(A_STOPPED
                + "jenkins-b failed this promotion so the environment is not left waiting: promote again");
        Actor rita = Actor.of("rita", "release-managers").withPrivileges(Privilege.APPROVE);
        assertThatThrownBy(() -> b.service.approve(pa.id(), rita, "ok")).isInstanceOf(ApprovalRefusedException.class)
                .hasMessageContaining("is failed, not awaiting approval");
        assertThat(b.events).filteredOn(e -> e.kind() == EventKind.INFO).extracting(e -> e.message()).contains(
                "Controller jenkins-a stopped renewing its presence at 2026-11-18T10:00:00Z and has been gone for more"
                        + " than 10 minute(s); jenkins-b fails its 1 promotion(s) still in flight.");
    }

    @Test
    void promotionsWhoseControllerIsUnknownAreLeftAlone() throws Exception {
        Promotion pa = a.request(a.register("1.0"), "test", WaitMode.WAIT).get(10, TimeUnit.SECONDS);
        a.service.transition(pa.id(), PromotionState.DEPLOYING, "system", "");
        a.kill();
        writtenBeforeControllersWereNamed();
        SharedLedgerController c = controller("jenkins-c", START); // reads the records as they are now
        c.presence.start();
        assertThat(c.ledger.controllerOf(pa.id())).as("c does not know who runs it").isEmpty();

        c.clock.advance(EXPIRY.plus(GRACE).plus(GRACE));
        assertThat(c.orphans.sweep()).isEmpty();
        assertThat(c.stateOf(pa.id())).contains(PromotionState.DEPLOYING);
    }

    @Test
    void ofTwoSurvivingControllersExactlyOneTakesOver() throws Exception {
        SharedLedgerController c = controller("jenkins-c", START);
        c.presence.start();
        Promotion pa = a.request(a.register("1.0"), "test", WaitMode.WAIT).get(10, TimeUnit.SECONDS);
        a.service.transition(pa.id(), PromotionState.DEPLOYING, "system", "");
        a.kill();
        for (SharedLedgerController survivor : List.of(b, c)) {
            survivor.clock.advance(EXPIRY.plus(GRACE));
            until(survivor.identity + " sees jenkins-a's promotion", () -> survivor.stateOf(pa.id())
                    .filter(s -> s == PromotionState.DEPLOYING).isPresent());
        }
        for (SharedLedgerController survivor : List.of(b, c)) { // as a real clock would, time moved for both at once
            until(survivor.identity + " renews its presence at its new time", () -> presenceOf(survivor.identity)
                    .getSpec().getRenewTime().toInstant().equals(survivor.clock.instant()));
        }

        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<List<Promotion>>> sweeps = new ArrayList<>();
        for (SharedLedgerController survivor : List.of(b, c)) {
            sweeps.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return survivor.orphans.sweep();
            }));
        }
        go.countDown();
        List<Promotion> byB = sweeps.get(0).get(20, TimeUnit.SECONDS);
        List<Promotion> byC = sweeps.get(1).get(20, TimeUnit.SECONDS);

        assertThat(byB.size() + byC.size()).as("failed by exactly one of them").isEqualTo(1);
        String winner = byB.isEmpty() ? "jenkins-c" : "jenkins-b";
        until("both see the failure", () -> b.stateOf(pa.id()).equals(c.stateOf(pa.id())));
        assertThat(c.ledger.promotionHistory(pa.id())).filteredOn(e -> e.state() == PromotionState.FAILED)
                .extracting(LedgerEntry::reason).containsExactly(A_STOPPED + winner
                        + " failed this promotion so the environment is not left waiting: promote again");
        assertThat(presenceOf("jenkins-a").getMetadata().getAnnotations())
                .containsEntry("routetolive.io/taken-over-by", winner);
    }

    @Test
    void aTakeoverClaimedByALiveControllerIsLeftToItAndRedoneWhenThatOneStopsToo() throws Exception {
        SharedLedgerController c = controller("jenkins-c", START);
        c.presence.start();
        Promotion pa = a.request(a.register("1.0"), "test", WaitMode.WAIT).get(10, TimeUnit.SECONDS);
        a.kill();
        b.clock.advance(EXPIRY.plus(GRACE));
        c.clock.advance(EXPIRY.plus(GRACE));
        until("jenkins-c renews its presence at its new time", () -> presenceOf("jenkins-c").getSpec().getRenewTime()
                .toInstant().equals(c.clock.instant()));
        client.leases().inNamespace(NS).withName("rtl-controller-jenkins-a").edit(lease -> { // jenkins-c claimed it
            lease.getMetadata().getAnnotations().put("routetolive.io/taken-over-by", "jenkins-c");
            return lease;
        });

        assertThat(b.orphans.sweep()).as("jenkins-c is alive and taking over").isEmpty();
        assertThat(b.stateOf(pa.id())).contains(PromotionState.REQUESTED);

        c.kill(); // ... and stops before it failed anything
        b.clock.advance(EXPIRY);
        assertThat(b.orphans.sweep()).extracting(Promotion::id).containsExactly(pa.id());
        assertThat(lastEntry(b.ledger, pa.id()).reason()).isEqualTo(A_STOPPED
                + "jenkins-b failed this promotion so the environment is not left waiting: promote again");
        assertThat(presenceOf("jenkins-a").getMetadata().getAnnotations())
                .containsEntry("routetolive.io/taken-over-by", "jenkins-b");
    }

    private Lease presenceOf(String controller) {
        return client.leases().inNamespace(NS).withName("rtl-controller-" + controller).get();
    }

    private static LedgerEntry lastEntry(KubernetesLedger ledger, String promotionId) {
        List<LedgerEntry> history = ledger.promotionHistory(promotionId);
        return history.get(history.size() - 1);
    }

    /** Takes the writer out of every stored record, as records written before controllers were named look. */
    private void writtenBeforeControllersWereNamed() throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (ConfigMap cm : client.configMaps().inNamespace(NS).withLabel("routetolive.io/kind", "ledger-log").list().getItems()) {
            for (Map.Entry<String, String> record : cm.getData().entrySet()) {
                ObjectNode fields = (ObjectNode) json.readTree(record.getValue());
                fields.remove("controller");
                record.setValue(json.writeValueAsString(fields));
            }
            client.configMaps().inNamespace(NS).resource(cm).update();
        }
    }
}
