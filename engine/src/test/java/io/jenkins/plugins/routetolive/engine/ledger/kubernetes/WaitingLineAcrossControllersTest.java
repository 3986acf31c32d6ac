package io.jenkins.plugins.routetolive.engine.ledger.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.ledger.kubernetes.internal.ResourceNames;
import io.jenkins.plugins.routetolive.engine.policy.EnvironmentBusyException;
import io.jenkins.plugins.routetolive.engine.policy.WaitMode;
import io.jenkins.plugins.routetolive.engine.promotion.Promotion;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;
import io.jenkins.plugins.routetolive.engine.support.SharedLedgerController;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.jenkins.plugins.routetolive.engine.support.Eventually.never;
import static io.jenkins.plugins.routetolive.engine.support.Eventually.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two controllers (two {@link PromotionService}s, each with its own ledger, locks, scheduler and clock) share one
 * API server and take turns in a single-version environment in the order their promotions joined the line.
 */
@EnableKubernetesMockClient(crud = true)
class WaitingLineAcrossControllersTest {

    private static final String NS = "ci";
    private static final Instant START = Instant.parse("2026-11-18T10:00:00Z");
    /** Several of the waiters' poll intervals (a tenth of the 3 s lease). */
    private static final Duration A_WHILE = Duration.ofMillis(1200);

    KubernetesMockServer server;
    KubernetesClient client;
    private SharedLedgerController a;
    private SharedLedgerController b;

    @BeforeEach
    void twoControllers() {
        a = new SharedLedgerController(server, NS, "jenkins-a", START);
        b = new SharedLedgerController(server, NS, "jenkins-b", START);
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
    }

    @Test
    void twoControllersRacingForOneEnvironmentTakeItOneAfterTheOther() throws Exception {
        Artifact one = a.register("1.0");
        Artifact two = b.register("2.0");
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Promotion>> requests = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (SharedLedgerController c : List.of(a, b)) {
            CompletableFuture<Promotion> request = new CompletableFuture<>();
            requests.add(request);
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    c.request(c == a ? one : two, "test", WaitMode.WAIT).whenComplete((p, e) -> {
                        if (e != null) {
                            request.completeExceptionally(e);
                        } else {
                            request.complete(p);
                        }
                    });
                } catch (RuntimeException | InterruptedException e) {
                    request.completeExceptionally(e);
                }
            });
            threads.add(thread);
            thread.start();
        }
        start.countDown();
        until("one of the two promotions starts", () -> requests.stream().anyMatch(CompletableFuture::isDone));
        never("both promotions are in flight in test at once", () -> requests.stream().allMatch(CompletableFuture::isDone),
                A_WHILE);
        CompletableFuture<Promotion> first = requests.stream().filter(CompletableFuture::isDone).findFirst().orElseThrow();
        CompletableFuture<Promotion> second = requests.get(requests.indexOf(first) == 0 ? 1 : 0);
        Promotion winner = first.get();
        assertThat(winner.state()).isEqualTo(PromotionState.REQUESTED);
        SharedLedgerController winnerController = winner.id().startsWith("jenkins-a") ? a : b;
        SharedLedgerController waiting = winnerController == a ? b : a;
        assertThat(waiting.events).extracting(e -> e.message()).anyMatch(m -> m.contains("waits: test holds one version"));

        winnerController.finish(winner.id());
        Promotion next = second.get(10, TimeUnit.SECONDS);
        assertThat(next.id()).startsWith(waiting.identity);
        until("the waiting controller's ledger shows both promotions", () -> waiting.ledger.promotion(winner.id())
                .map(p -> p.state() == PromotionState.VERIFIED).orElse(false));
        List<LedgerEntry> history = waiting.ledger.history("shop");
        long verified = sequenceOf(history, winner.id(), PromotionState.VERIFIED);
        long requested = sequenceOf(history, next.id(), PromotionState.REQUESTED);
        assertThat(requested).as("the second promotion starts only after the first was verified").isGreaterThan(verified);
    }

    @Test
    void waitersOfDifferentControllersAreServedInTheOrderTheyJoinedTheLine() throws Exception {
        Artifact holding = b.register("1.0");
        Promotion b0 = b.request(holding, "test", WaitMode.WAIT).get(10, TimeUnit.SECONDS);
        CompletableFuture<Promotion> a1 = a.request(a.register("1.1"), "test", WaitMode.WAIT);
        until("jenkins-a's first promotion is in line", () -> line().size() == 1);
        CompletableFuture<Promotion> b1 = b.request(b.register("1.2"), "test", WaitMode.WAIT);
        until("jenkins-b's promotion is in line", () -> line().size() == 2);
        CompletableFuture<Promotion> a2 = a.request(a.register("1.3"), "test", WaitMode.WAIT);
        until("jenkins-a's second promotion is in line", () -> line().size() == 3);
        assertThat(line()).as("the line as kubectl shows it").containsExactly("jenkins-a/jenkins-a-p1",
                "jenkins-b/jenkins-b-p2", "jenkins-a/jenkins-a-p2");

        b.finish(b0.id());
        Promotion first = a1.get(10, TimeUnit.SECONDS);
        never("anyone else starts while jenkins-a-p1 is in flight", () -> b1.isDone() || a2.isDone(), A_WHILE);
        a.finish(first.id());
        Promotion second = b1.get(10, TimeUnit.SECONDS);
        never("jenkins-a's second promotion overtakes jenkins-b's", a2::isDone, A_WHILE);
        b.finish(second.id());
        Promotion third = a2.get(10, TimeUnit.SECONDS);

        assertThat(List.of(first.id(), second.id(), third.id()))
                .containsExactly("jenkins-a-p1", "jenkins-b-p2", "jenkins-a-p2");
        assertThat(line()).isEmpty();
    }

    @Test
    void aWaiterOnAStoppedControllerIsSkippedOnceItsPlaceExpires() throws Exception {
        Promotion b0 = b.request(b.register("1.0"), "test", WaitMode.WAIT).get(10, TimeUnit.SECONDS);
        CompletableFuture<Promotion> a1 = a.request(a.register("1.1"), "test", WaitMode.WAIT);
        until("jenkins-a's promotion is in line", () -> line().size() == 1);
        CompletableFuture<Promotion> b1 = b.request(b.register("1.2"), "test", WaitMode.WAIT);
        until("jenkins-b's promotion is in line behind it", () -> line().size() == 2);
        a.kill();

        b.finish(b0.id());
        never("jenkins-b's promotion jumps the line while jenkins-a's place is still fresh", b1::isDone, A_WHILE);
        assertThatThrownBy(() -> b.request(b.register("1.3"), "test", WaitMode.REFUSE).get(10, TimeUnit.SECONDS))
                .as("a request that refuses to wait does not jump the line either")
                .hasCauseInstanceOf(EnvironmentBusyException.class)
                .hasMessageContaining("jenkins-a/jenkins-a-p1 is next in line");

        b.clock.advance(SharedLedgerController.LEASE.plusSeconds(1));
        Promotion next = b1.get(10, TimeUnit.SECONDS);
        assertThat(next.id()).isEqualTo("jenkins-b-p2");
        assertThat(a1).isNotDone();
        assertThat(line()).as("the stopped controller's place was dropped").isEmpty();
        assertThat(lease().getSpec().getHolderIdentity()).isEqualTo("jenkins-b/jenkins-b-p2");
    }

    @Test
    void aWaitingPromotionThatIsWithdrawnLeavesTheLine() throws Exception {
        Promotion b0 = b.request(b.register("1.0"), "test", WaitMode.WAIT).get(10, TimeUnit.SECONDS);
        CompletableFuture<Promotion> a1 = a.request(a.register("1.1"), "test", WaitMode.WAIT);
        until("jenkins-a's promotion is in line", () -> line().size() == 1);
        CompletableFuture<Promotion> b1 = b.request(b.register("1.2"), "test", WaitMode.WAIT);
        until("jenkins-b's promotion is in line", () -> line().size() == 2);

        a1.cancel(false); // the build was aborted while it waited
        assertThat(line()).containsExactly("jenkins-b/jenkins-b-p2");
        b.finish(b0.id());
        assertThat(b1.get(10, TimeUnit.SECONDS).id()).isEqualTo("jenkins-b-p2");
        assertThat(a.ledger.promotion("jenkins-a-p1")).as("the withdrawn request never started").isEmpty();
    }

    private Lease lease() {
        return client.leases().inNamespace(NS).withName(ResourceNames.lease("shop", "test")).get();
    }

    /** The holders waiting in line, in order, as read from the Lease's annotation. */
    private List<String> line() {
        Lease lease = lease();
        String json = lease == null || lease.getMetadata().getAnnotations() == null ? null
                : lease.getMetadata().getAnnotations().get("routetolive.io/queue");
        List<String> holders = new ArrayList<>();
        if (json != null) {
            try {
                for (JsonNode place : new ObjectMapper().readTree(json)) {
                    holders.add(place.get("holder").asText());
                }
            } catch (java.io.IOException e) {
                throw new AssertionError("unreadable queue annotation " + json, e);
            }
        }
        return holders;
    }

    private static long sequenceOf(List<LedgerEntry> history, String promotionId, PromotionState state) {
        return history.stream().filter(e -> e.promotionId().equals(promotionId) && e.state() == state).findFirst()
                .orElseThrow(() -> new AssertionError("no " + state + " entry of " + promotionId)).sequence();
    }
}
