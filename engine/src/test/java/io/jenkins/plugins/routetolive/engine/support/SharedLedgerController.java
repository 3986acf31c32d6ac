package io.jenkins.plugins.routetolive.engine.support;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.jenkins.plugins.routetolive.engine.MutableClock;
import io.jenkins.plugins.routetolive.engine.approval.Actor;
import io.jenkins.plugins.routetolive.engine.approval.ApprovalPolicy;
import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.cluster.ControllerPresence;
import io.jenkins.plugins.routetolive.engine.cluster.OrphanedPromotions;
import io.jenkins.plugins.routetolive.engine.event.PromotionEvent;
import io.jenkins.plugins.routetolive.engine.ledger.kubernetes.KubernetesLedger;
import io.jenkins.plugins.routetolive.engine.ledger.kubernetes.LeaseEnvironmentLocks;
import io.jenkins.plugins.routetolive.engine.policy.WaitMode;
import io.jenkins.plugins.routetolive.engine.promotion.AdmissionRules;
import io.jenkins.plugins.routetolive.engine.promotion.Promotion;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionRequest;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionService;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;
import io.jenkins.plugins.routetolive.engine.route.Environment;
import io.jenkins.plugins.routetolive.engine.route.EnvironmentRole;
import io.jenkins.plugins.routetolive.engine.route.Route;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One Jenkins controller sharing the ledger in a (mock) Kubernetes API with others: its own client, scheduler,
 * clock the test moves, {@link KubernetesLedger}, {@link LeaseEnvironmentLocks} and {@link PromotionService}.
 * {@link ControllerPresence} and {@link OrphanedPromotions} (not started).
 * {@link #kill()} stops it the way a crash does: nothing is released, its scheduler and client just stop.
 */
public final class SharedLedgerController implements AutoCloseable {

    /** build → test (single version) → production (single version, one approval of a release manager). */
    public static final Route ROUTE = new Route("shared", List.of(
            new Environment("build", EnvironmentRole.ENTRY, null, null, null, false, null, false),
            Environment.deploy("test").withSingleVersion(true),
            Environment.deploy("production").withSingleVersion(true).withApproval(ApprovalPolicy.of(1, "release-managers"))));
    /** Short, so waiters poll every 300 ms; expiry is decided by the clocks the test moves. */
    public static final Duration LEASE = Duration.ofSeconds(3);
    public static final String APPLICATION = "shop";

    public final String identity;
    public final MutableClock clock;
    public final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    public final KubernetesClient client;
    public final KubernetesLedger ledger;
    public final LeaseEnvironmentLocks locks;
    public final PromotionService service;
    /** Not started: tests of presence start it. */
    public final ControllerPresence presence;
    /** With the default grace period of 10 minutes; tests call {@link OrphanedPromotions#sweep()}. */
    public final OrphanedPromotions orphans;
    public final List<PromotionEvent> events = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();

    public SharedLedgerController(KubernetesMockServer server, String namespace, String identity, Instant now) {
        this.identity = identity;
        this.clock = new MutableClock(now);
        this.client = server.createClient();
        this.ledger = new KubernetesLedger(client, namespace, identity, clock);
        this.locks = new LeaseEnvironmentLocks(client, namespace, identity, LEASE, scheduler, clock);
        this.service = new PromotionService(ROUTE, ledger, locks, clock, events::add,
                () -> identity + "-p" + ids.incrementAndGet(), AdmissionRules.standard());
        this.presence = new ControllerPresence(client, namespace, identity, LEASE, scheduler, clock);
        this.orphans = new OrphanedPromotions(service, ledger, presence, scheduler, clock);
    }

    /** Registers version {@code version} of the application (the same version on every controller is the same artifact). */
    public Artifact register(String version) {
        Artifact artifact = Fixtures.artifact(APPLICATION, version);
        service.register(artifact, "0123456789abcdef0123456789abcdef01234567", Actor.of("ci"), identity + "#" + version);
        return artifact;
    }

    public CompletableFuture<Promotion> request(Artifact artifact, String environment, WaitMode mode) {
        return service.request(PromotionRequest.of(APPLICATION, artifact.digest(), environment, Actor.of("dora"))
                .withWaitMode(mode));
    }

    /** Deploys and verifies the promotion (as a pipeline would), which ends it and frees its environment. */
    public void finish(String promotionId) {
        service.transition(promotionId, PromotionState.DEPLOYING, "system", "");
        service.transition(promotionId, PromotionState.VERIFYING, "system", "");
        service.transition(promotionId, PromotionState.VERIFIED, "system", "");
    }

    public Optional<PromotionState> stateOf(String promotionId) {
        return ledger.promotion(promotionId).map(p -> p.state());
    }

    /** Crashes: the scheduler stops (no renewals, no retries) and the client is closed; nothing is released. */
    public void kill() {
        scheduler.shutdownNow();
        client.close();
    }

    @Override
    public void close() {
        kill();
    }
}
