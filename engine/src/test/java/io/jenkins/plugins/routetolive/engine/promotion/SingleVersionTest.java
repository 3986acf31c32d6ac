package io.jenkins.plugins.routetolive.engine.promotion;

import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.artifact.Digests;
import io.jenkins.plugins.routetolive.engine.event.EventKind;
import io.jenkins.plugins.routetolive.engine.gate.Gate;
import io.jenkins.plugins.routetolive.engine.gate.GateSubject;
import io.jenkins.plugins.routetolive.engine.gate.GateVerdict;
import io.jenkins.plugins.routetolive.engine.ledger.EntryType;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.policy.EnvironmentBusyException;
import io.jenkins.plugins.routetolive.engine.policy.WaitMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static io.jenkins.plugins.routetolive.engine.promotion.PromotionFixture.APP;
import static io.jenkins.plugins.routetolive.engine.promotion.PromotionFixture.DEVELOPER;
import static io.jenkins.plugins.routetolive.engine.promotion.PromotionFixture.TESTER;
import static io.jenkins.plugins.routetolive.engine.promotion.PromotionFixture.refusal;
import static org.assertj.core.api.Assertions.assertThat;

/** Test holds one version of an application at a time: later promotions wait in line or are refused, never interleave. */
class SingleVersionTest {

    private static final int REQUESTS = 50;

    private final PromotionFixture f = new PromotionFixture();
    private final ExecutorService pool = Executors.newFixedThreadPool(8);

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void fiftyWaitingPromotionsIntoTestRunOneAtATimeInRequestOrder() throws Exception {
        List<Artifact> versions = verifiedInDevelopment(REQUESTS);
        CountDownLatch allRequested = new CountDownLatch(1);
        List<CompletableFuture<PromotionOutcome>> outcomes = new ArrayList<>();

        for (int i = 0; i < REQUESTS; i++) {
            boolean first = i == 0;
            CompletableFuture<Promotion> admitted = f.service.request(f.requestOf(versions.get(i), "test", DEVELOPER));
            outcomes.add(admitted.thenComposeAsync(p -> {
                if (first) {
                    await(allRequested); // the first holds Test until every request is in line
                }
                return approveAndRollOut(p);
            }, pool));
        }
        allRequested.countDown();
        CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

        assertThat(outcomes).allSatisfy(o -> assertThat(o.join().state()).isEqualTo(PromotionState.VERIFIED));
        assertThat(f.events).filteredOn(e -> e.kind() == EventKind.WAITING).hasSize(REQUESTS - 1);
        assertThat(maxInFlight("test")).isEqualTo(1);
        List<String> verifiedOrder = stateChanges("test", PromotionState.VERIFIED).stream().map(LedgerEntry::version).toList();
        assertThat(verifiedOrder).containsExactlyElementsOf(versions.stream().map(Artifact::version).toList());
        assertThat(f.ledger.environment(APP, "test").current()).map(d -> d.digest())
                .contains(versions.get(REQUESTS - 1).digest());
        assertThat(f.ledger.activePromotions()).isEmpty();
    }

    @Test
    void fiftySimultaneousRequestsFromManyThreadsNeverInterleave() throws Exception {
        List<Artifact> versions = verifiedInDevelopment(REQUESTS);
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<PromotionOutcome>> outcomes = new ArrayList<>();
        ExecutorService callers = Executors.newFixedThreadPool(REQUESTS);
        try {
            for (Artifact version : versions) {
                outcomes.add(CompletableFuture.supplyAsync(() -> {
                    await(start);
                    return f.service.request(f.requestOf(version, "test", DEVELOPER));
                }, callers).thenCompose(admitted -> admitted).thenComposeAsync(this::approveAndRollOut, pool));
            }
            start.countDown();
            CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } finally {
            callers.shutdownNow();
        }

        assertThat(outcomes).allSatisfy(o -> assertThat(o.join().state()).isEqualTo(PromotionState.VERIFIED));
        assertThat(maxInFlight("test")).isEqualTo(1);
        List<String> verified = stateChanges("test", PromotionState.VERIFIED).stream().map(LedgerEntry::version).toList();
        assertThat(verified).hasSize(REQUESTS).doesNotHaveDuplicates();
        assertThat(stateChanges("test", PromotionState.REQUESTED)).hasSize(REQUESTS);
    }

    @Test
    void refuseModeFailsAtOnceNamingThePromotionInFlight() {
        List<Artifact> versions = verifiedInDevelopment(2);
        Promotion holder = f.request(versions.get(0), "test");

        RuntimeException refused = refusal(f.service.request(f.requestOf(versions.get(1), "test", DEVELOPER)
                .withWaitMode(WaitMode.REFUSE)));

        assertThat(refused).isInstanceOf(EnvironmentBusyException.class)
                .hasMessageContaining("test holds one version of shop at a time and promotion " + holder.id()
                        + " is in flight there");
        assertThat(f.ledger.activePromotions()).extracting(r -> r.id()).containsExactly(holder.id());
        assertThat(stateChanges("test", PromotionState.REQUESTED)).hasSize(1);
    }

    @Test
    void theEnvironmentIsFreeAgainOnceThePromotionInFlightEnds() {
        List<Artifact> versions = verifiedInDevelopment(2);
        Promotion holder = f.approveAsNeeded(f.request(versions.get(0), "test"));
        f.deployAndVerify(holder, PromotionFixture.passing());

        CompletableFuture<Promotion> next = f.service.request(f.requestOf(versions.get(1), "test", DEVELOPER)
                .withWaitMode(WaitMode.REFUSE));

        assertThat(next).isCompleted();
    }

    @Test
    void environmentsWithoutTheRuleTakeSeveralPromotionsAtOnce() {
        Artifact v1 = f.registered("1.0.0");
        Artifact v2 = f.registered("1.1.0");

        CompletableFuture<Promotion> first = f.service.request(f.requestOf(v1, "development", DEVELOPER));
        CompletableFuture<Promotion> second = f.service.request(f.requestOf(v2, "development", DEVELOPER)
                .withWaitMode(WaitMode.REFUSE));

        assertThat(first).isCompleted();
        assertThat(second).isCompleted();
        assertThat(maxInFlight("development")).isEqualTo(2);
    }

    @Test
    void theRuleHoldsPerApplication() {
        List<Artifact> versions = verifiedInDevelopment(1);
        Artifact cart = new Artifact("cart", "1.0.0", Digests.ofBytes("cart 1.0.0".getBytes(StandardCharsets.UTF_8)));
        f.service.register(cart, "abc123", DEVELOPER, "");
        f.promoteThrough(cart, "development");
        f.request(versions.get(0), "test");

        CompletableFuture<Promotion> other = f.service.request(f.requestOf(cart, "test", DEVELOPER).withWaitMode(WaitMode.REFUSE));

        assertThat(other).isCompleted();
    }

    private List<Artifact> verifiedInDevelopment(int count) {
        List<Artifact> versions = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Artifact version = f.registered("1.0." + i);
            f.promoteThrough(version, "development");
            versions.add(version);
        }
        return versions;
    }

    private CompletableFuture<PromotionOutcome> approveAndRollOut(Promotion promotion) {
        f.service.approve(promotion.id(), TESTER, "candidate ok");
        return f.rollout.deployAndVerify(promotion.id(), f.deployer, asyncPassingGate());
    }

    /** Passes a moment later on another thread, so rollouts really overlap with new requests. */
    private static Gate asyncPassingGate() {
        return new Gate() {
            @Override
            public CompletableFuture<GateVerdict> evaluate(GateSubject subject) {
                return CompletableFuture.supplyAsync(() -> new GateVerdict(describe(), true, "healthy", List.of(),
                        Duration.ofMillis(1)), CompletableFuture.delayedExecutor(1, TimeUnit.MILLISECONDS));
            }

            @Override
            public String describe() {
                return "asynchronous test gate";
            }
        };
    }

    /** Replays the ledger: the most promotions of the application that were ever in flight in the environment at once. */
    private int maxInFlight(String environment) {
        Set<String> inFlight = new HashSet<>();
        int max = 0;
        for (LedgerEntry e : f.ledger.history(APP)) {
            if (e.type() != EntryType.STATE_CHANGED || !e.environment().equals(environment)) {
                continue;
            }
            if (e.state() == PromotionState.REQUESTED) {
                inFlight.add(e.promotionId());
            } else if (e.state().isFinal()) {
                inFlight.remove(e.promotionId());
            }
            max = Math.max(max, inFlight.size());
        }
        return max;
    }

    private List<LedgerEntry> stateChanges(String environment, PromotionState state) {
        return f.ledger.history(APP).stream()
                .filter(e -> e.type() == EntryType.STATE_CHANGED && e.state() == state && e.environment().equals(environment))
                .toList();
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("timed out waiting for the test to release the latch");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
