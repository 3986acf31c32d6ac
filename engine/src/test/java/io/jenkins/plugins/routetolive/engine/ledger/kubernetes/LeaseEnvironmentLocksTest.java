package io.jenkins.plugins.routetolive.engine.ledger.kubernetes;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.jenkins.plugins.routetolive.engine.approval.Actor;
import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.artifact.Digest;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.policy.EnvironmentBusyException;
import io.jenkins.plugins.routetolive.engine.policy.EnvironmentLock;
import io.jenkins.plugins.routetolive.engine.policy.WaitMode;
import io.jenkins.plugins.routetolive.engine.promotion.AdmissionRules;
import io.jenkins.plugins.routetolive.engine.promotion.Promotion;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionRequest;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionService;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;
import io.jenkins.plugins.routetolive.engine.route.Environment;
import io.jenkins.plugins.routetolive.engine.route.EnvironmentRole;
import io.jenkins.plugins.routetolive.engine.route.Route;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@EnableKubernetesMockClient(crud = true)
class LeaseEnvironmentLocksTest {

    private static final String NS = "ci";
    private static final Route ROUTE = new Route("two-step", List.of(
            new Environment("build", EnvironmentRole.ENTRY, null, null, null, false, null, false),
            Environment.deploy("production").withSingleVersion(true)));

    KubernetesClient client;
    KubernetesMockServer server;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T06:00:00Z"));
    private final ScheduledExecutorService schedulerA = Executors.newSingleThreadScheduledExecutor();
    private final ScheduledExecutorService schedulerB = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopSchedulers() {
        schedulerA.shutdownNow();
        schedulerB.shutdownNow();
    }

    private PromotionService controller(String identity, ScheduledExecutorService scheduler) {
        AtomicInteger ids = new AtomicInteger();
        return new PromotionService(ROUTE, new KubernetesLedger(client, NS, clock),
                new LeaseEnvironmentLocks(client, NS, identity, Duration.ofSeconds(30), scheduler, clock), clock,
                event -> { }, () -> identity + "-" + ids.incrementAndGet(), AdmissionRules.standard());
    }

    private static Digest digest(int n) {
        return new Digest(String.format("sha256:%064x", n));
    }

    @Test
    void twoControllersPromotingIntoASingleVersionEnvironmentAtOnceNeverBothWin() throws Exception {
        PromotionService a = controller("jenkins-a", schedulerA);
        PromotionService b = controller("jenkins-b", schedulerB);
        Actor ci = Actor.of("ci");
        a.register(new Artifact("shop", "1.0", digest(1)), "abc1", ci, "shop#1");
        b.register(new Artifact("shop", "2.0", digest(2)), "abc2", ci, "shop#2");
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Promotion>> results = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (PromotionService service : List.of(a, b)) {
            int n = service == a ? 1 : 2;
            CompletableFuture<Promotion> result = new CompletableFuture<>();
            results.add(result);
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    service.request(PromotionRequest.of("shop", digest(n), "production", Actor.of("dev" + n))
                            .withWaitMode(WaitMode.REFUSE)).whenComplete((p, e) -> {
                                if (e != null) {
                                    result.completeExceptionally(e);
                                } else {
                                    result.complete(p);
                                }
                            });
                } catch (InterruptedException e) {
                    result.completeExceptionally(e);
                }
            });
            threads.add(thread);
            thread.start();
        }
        start.countDown();
        int won = 0;
        Promotion winner = null;
        Throwable refusal = null;
        for (CompletableFuture<Promotion> result : results) {
            try {
                winner = result.get(20, TimeUnit.SECONDS);
                won++;
            } catch (ExecutionException e) {
                refusal = e.getCause();
            }
        }
        assertThat(won).as("exactly one controller wins production").isEqualTo(1);
        assertThat(refusal).isInstanceOf(EnvironmentBusyException.class)
                .hasMessageContaining(winner.id().startsWith("jenkins-a") ? "jenkins-a/" + winner.id() : "jenkins-b/" + winner.id());

        PromotionService winnerService = winner.id().startsWith("jenkins-a") ? a : b;
        PromotionService loserService = winnerService == a ? b : a;
        Digest loserDigest = winnerService == a ? digest(2) : digest(1);
        CompletableFuture<Promotion> waiting = loserService.request(PromotionRequest.of("shop", loserDigest, "production",
                Actor.of("dev")).withWaitMode(WaitMode.WAIT));
        assertThat(waiting).as("waits while the winner is in flight").isNotDone();
        winnerService.transition(winner.id(), PromotionState.DEPLOYING, "system", "");
        winnerService.transition(winner.id(), PromotionState.VERIFYING, "system", "");
        winnerService.transition(winner.id(), PromotionState.VERIFIED, "system", "");
        Promotion second = waiting.get(20, TimeUnit.SECONDS);
        String winnerId = winner.id();
        io.jenkins.plugins.routetolive.engine.support.Eventually.until("A's ledger has read both promotions",
                () -> a.ledger().promotion(second.id()).isPresent() && a.ledger().promotion(winnerId).filter(
                        p -> p.state() == PromotionState.VERIFIED).isPresent());
        List<LedgerEntry> history = a.ledger().history("shop");
        long verified = history.stream().filter(e -> e.promotionId().equals(winnerId)
                && e.state() == PromotionState.VERIFIED).findFirst().orElseThrow().sequence();
        long requested = history.stream().filter(e -> e.promotionId().equals(second.id())).findFirst().orElseThrow().sequence();
        assertThat(requested).as("the second promotion starts only after the first finished").isGreaterThan(verified);
    }

    @Test
    void anExpiredLeaseOfADeadControllerIsTakenOver() throws Exception {
        LeaseEnvironmentLocks dead = new LeaseEnvironmentLocks(client, NS, "jenkins-a", Duration.ofSeconds(30), schedulerA, clock);
        LeaseEnvironmentLocks alive = new LeaseEnvironmentLocks(client, NS, "jenkins-b", Duration.ofSeconds(30), schedulerB, clock);
        dead.acquire("shop", "production", "pa", WaitMode.REFUSE).get(10, TimeUnit.SECONDS);
        schedulerA.shutdownNow(); // controller A dies: nobody renews its lease any more

        assertThatThrownBy(() -> alive.acquire("shop", "production", "pb", WaitMode.REFUSE).get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(EnvironmentBusyException.class).hasMessageContaining("jenkins-a/pa");
        clock.advance(Duration.ofSeconds(31));
        EnvironmentLock lock = alive.acquire("shop", "production", "pb", WaitMode.REFUSE).get(10, TimeUnit.SECONDS);
        assertThat(lock.promotionId()).isEqualTo("pb");
        Lease lease = client.leases().inNamespace(NS).withLabel("routetolive.io/application", "shop")
                .withLabel("routetolive.io/environment", "production").list().getItems().get(0);
        assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("jenkins-b/pb");
        assertThat(lease.getSpec().getLeaseTransitions()).isEqualTo(1);
        lock.close();
        assertThat(client.leases().inNamespace(NS).withName(lease.getMetadata().getName()).get().getSpec()
                .getHolderIdentity()).as("released").isNull();
    }

    @Test
    void aWaitingAcquisitionCompletesWhenTheHolderReleasesWithoutBlockingTheCaller() throws Exception {
        LeaseEnvironmentLocks a = new LeaseEnvironmentLocks(client, NS, "jenkins-a", Duration.ofSeconds(2), schedulerA, clock);
        LeaseEnvironmentLocks b = new LeaseEnvironmentLocks(client, NS, "jenkins-b", Duration.ofSeconds(2), schedulerB, clock);
        EnvironmentLock held = a.acquire("shop", "test", "pa", WaitMode.WAIT).get(10, TimeUnit.SECONDS);
        CompletableFuture<EnvironmentLock> waiting = b.acquire("shop", "test", "pb", WaitMode.WAIT);
        assertThat(waiting).isNotDone();
        a.releaseHeldBy(held.promotionId());
        assertThat(waiting.get(10, TimeUnit.SECONDS).promotionId()).isEqualTo("pb");
    }

    @Test
    void closingStopsRenewalsAndWaitingButReleasesNothingSoARestartTakesTheLeaseBack() throws Exception {
        LeaseEnvironmentLocks a = new LeaseEnvironmentLocks(client, NS, "jenkins-a", Duration.ofSeconds(2), schedulerA, clock);
        LeaseEnvironmentLocks b = new LeaseEnvironmentLocks(client, NS, "jenkins-b", Duration.ofSeconds(2), schedulerB, clock);
        a.acquire("shop", "test", "pa", WaitMode.WAIT).get(10, TimeUnit.SECONDS);
        CompletableFuture<EnvironmentLock> waiting = b.acquire("shop", "test", "pb", WaitMode.WAIT);

        a.close();
        b.close();
        java.time.ZonedDateTime renewed = lease().getSpec().getRenewTime();
        clock.advance(Duration.ofSeconds(1));
        Thread.sleep(1500); // two renewal periods of a 2 s lease
        assertThat(lease().getSpec().getHolderIdentity()).as("still held: nothing released").isEqualTo("jenkins-a/pa");
        assertThat(lease().getSpec().getRenewTime()).as("no renewal after close").isEqualTo(renewed);
        assertThatThrownBy(() -> waiting.get(1, TimeUnit.SECONDS)).hasMessageContaining(
                "Stopped waiting for test of shop: this controller is closing its locks (Jenkins is stopping)");

        LeaseEnvironmentLocks restarted = new LeaseEnvironmentLocks(client, NS, "jenkins-a", Duration.ofSeconds(2),
                schedulerB, clock);
        assertThat(restarted.acquire("shop", "test", "pa", WaitMode.REFUSE).get(10, TimeUnit.SECONDS).promotionId())
                .as("the same controller and promotion take it back at once").isEqualTo("pa");
    }

    private io.fabric8.kubernetes.api.model.coordination.v1.Lease lease() {
        return client.leases().inNamespace(NS).list().getItems().get(0);
    }

    @Test
    void takingATurnInLineCostsOneWriteToJoinOneToTakeAndOneToRelease() throws Exception {
        ScheduledExecutorService schedulerC = Executors.newSingleThreadScheduledExecutor();
        try {
            LeaseEnvironmentLocks a = new LeaseEnvironmentLocks(client, NS, "jenkins-a", Duration.ofSeconds(30), schedulerA, clock);
            LeaseEnvironmentLocks b = new LeaseEnvironmentLocks(client, NS, "jenkins-b", Duration.ofSeconds(30), schedulerB, clock);
            LeaseEnvironmentLocks c = new LeaseEnvironmentLocks(client, NS, "jenkins-c", Duration.ofSeconds(30), schedulerC, clock);
            writesToLeases(); // nothing before
            EnvironmentLock first = a.acquire("shop", "production", "pa", WaitMode.WAIT).get(10, TimeUnit.SECONDS);
            CompletableFuture<EnvironmentLock> second = b.acquire("shop", "production", "pb", WaitMode.WAIT);
            CompletableFuture<EnvironmentLock> third = c.acquire("shop", "production", "pc", WaitMode.WAIT);
            assertThat(writesToLeases()).as("create; b joins; c joins").containsExactly("POST", "PUT", "PUT");

            first.close();
            second.get(10, TimeUnit.SECONDS).close();
            assertThat(third.get(10, TimeUnit.SECONDS).promotionId()).isEqualTo("pc");
            assertThat(writesToLeases()).as("a releases; b takes; b releases; c takes (the clock stood still, so no place"
                    + " needed renewing)").containsExactly("PUT", "PUT", "PUT", "PUT");
        } finally {
            schedulerC.shutdownNow();
        }
    }

    /** The methods of the requests that changed a Lease since the last call; reads are left out. */
    private List<String> writesToLeases() throws InterruptedException {
        List<String> writes = new ArrayList<>();
        RecordedRequest request;
        while ((request = server.takeRequest(50, TimeUnit.MILLISECONDS)) != null) {
            if (request.getPath().contains("/leases") && !request.getMethod().equals("GET")) {
                writes.add(request.getMethod());
            }
        }
        return writes;
    }

    /** A clock the test moves forward. */
    static final class MutableClock extends Clock {
        private final AtomicReference<Instant> now;

        MutableClock(Instant start) {
            now = new AtomicReference<>(start);
        }

        void advance(Duration by) {
            now.updateAndGet(t -> t.plus(by));
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }
}
