package io.jenkins.plugins.routetolive.engine.bench;

import io.jenkins.plugins.routetolive.engine.approval.Actor;
import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.artifact.Digests;
import io.jenkins.plugins.routetolive.engine.deploy.Deployer;
import io.jenkins.plugins.routetolive.engine.deploy.DeploymentRequest;
import io.jenkins.plugins.routetolive.engine.gate.Gate;
import io.jenkins.plugins.routetolive.engine.gate.GateSubject;
import io.jenkins.plugins.routetolive.engine.gate.GateVerdict;
import io.jenkins.plugins.routetolive.engine.gate.Gates;
import io.jenkins.plugins.routetolive.engine.gate.HttpGateSpec;
import io.jenkins.plugins.routetolive.engine.gate.ProbeResult;
import io.jenkins.plugins.routetolive.engine.ledger.InMemoryLedger;
import io.jenkins.plugins.routetolive.engine.policy.InMemoryEnvironmentLocks;
import io.jenkins.plugins.routetolive.engine.promotion.AdmissionRules;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionOutcome;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionRequest;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionService;
import io.jenkins.plugins.routetolive.engine.promotion.Rollout;
import io.jenkins.plugins.routetolive.engine.route.Environment;
import io.jenkins.plugins.routetolive.engine.route.EnvironmentRole;
import io.jenkins.plugins.routetolive.engine.route.GateDefaults;
import io.jenkins.plugins.routetolive.engine.route.Route;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/** The promotions of {@link GateBench}, their gates, and the instants it measures. */
final class GateBenchRun {
    final int n;
    final AtomicIntegerArray healthy;
    final Gates gates;
    final Clock clock;
    final int port;
    final PromotionService service;
    final String[] ids;
    final long[] verdictNanos;
    final long[] rollbackCallNanos;
    final Instant[] verdictAt;
    final Instant[] firstFailureAt;
    final double[] probeLatencyMs;
    final List<CompletableFuture<PromotionOutcome>> futures = new ArrayList<>();
    final GateDefaults watching = new GateDefaults(GateBench.INTERVAL, Duration.ofSeconds(2), Integer.MAX_VALUE, GateBench.FAILURE_THRESHOLD,
            Duration.ofSeconds(60), Duration.ZERO);
    final GateDefaults confirming = new GateDefaults(GateBench.INTERVAL, Duration.ofSeconds(2), 1, GateBench.FAILURE_THRESHOLD,
            Duration.ofSeconds(30), Duration.ZERO);

    GateBenchRun(int n, AtomicIntegerArray healthy, Gates gates, Clock clock, int port) {
        this.n = n;
        this.healthy = healthy;
        this.gates = gates;
        this.clock = clock;
        this.port = port;
        Route route = new Route("bench", List.of(
                new Environment("build", EnvironmentRole.ENTRY, null, null, null, false, null, false),
                Environment.deploy("production")));
        AtomicInteger ids = new AtomicInteger();
        this.service = new PromotionService(route, new InMemoryLedger(), new InMemoryEnvironmentLocks(), clock, event -> {
        }, () -> "p" + ids.incrementAndGet(), AdmissionRules.standard());
        this.ids = new String[n];
        this.verdictNanos = new long[n];
        this.rollbackCallNanos = new long[n];
        this.verdictAt = new Instant[n];
        this.firstFailureAt = new Instant[n];
        this.probeLatencyMs = new double[n];
    }

    /** Each application gets a verified 1.0.0 (its last known good) and a promotion of 2.0.0 ready to deploy. */
    void prepare() {
        Actor dev = Actor.of("bench");
        Rollout rollout = new Rollout(service);
        for (int i = 0; i < n; i++) {
            String app = "app-" + i;
            Artifact v1 = new Artifact(app, "1.0.0", Digests.ofBytes((app + "1").getBytes(StandardCharsets.UTF_8)));
            Artifact v2 = new Artifact(app, "2.0.0", Digests.ofBytes((app + "2").getBytes(StandardCharsets.UTF_8)));
            service.register(v1, "c0ffee1", dev, "");
            service.register(v2, "c0ffee2", dev, "");
            String first = service.request(PromotionRequest.of(app, v1.digest(), "production", dev)).join().id();
            rollout.deployAndVerify(first, noop(-1), passing()).join();
            ids[i] = service.request(PromotionRequest.of(app, v2.digest(), "production", dev)).join().id();
        }
    }

    /** Starts every promotion within one interval of each other; returns the instant every endpoint turns unhealthy. */
    Instant start(ScheduledExecutorService scheduler) {
        Rollout rollout = new Rollout(service);
        Random random = new Random(42);
        for (int i = 0; i < n; i++) {
            int index = i;
            CompletableFuture<PromotionOutcome> outcome = new CompletableFuture<>();
            futures.add(outcome);
            scheduler.schedule(() -> rollout.deployAndVerify(ids[index], noop(index), gate(index))
                    .whenComplete((o, e) -> {
                        if (e != null) {
                            outcome.completeExceptionally(e);
                        } else {
                            outcome.complete(o);
                        }
                    }), random.nextInt((int) GateBench.INTERVAL.toMillis()), TimeUnit.MILLISECONDS);
        }
        Instant flipAt = clock.instant().plusMillis(GateBench.FLIP_AFTER_MS);
        scheduler.schedule(() -> {
            for (int i = 0; i < n; i++) {
                healthy.set(i, 0);
            }
        }, Duration.between(clock.instant(), flipAt).toMillis(), TimeUnit.MILLISECONDS);
        return flipAt;
    }

    List<PromotionOutcome> await() throws Exception {
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                .thenApply(v -> futures.stream().map(CompletableFuture::join).toList()).get(120, TimeUnit.SECONDS);
    }

    /** The promotion's gate: watches until it fails; after the rollback, confirms health once. */
    Gate gate(int i) {
        URI url = URI.create("http://127.0.0.1:" + port + "/health/" + i);
        Gate watch = gates.http(HttpGateSpec.of(url, watching));
        Gate confirm = gates.http(HttpGateSpec.of(url, confirming));
        AtomicInteger evaluations = new AtomicInteger();
        return new Gate() {
            @Override
            public CompletableFuture<GateVerdict> evaluate(GateSubject subject) {
                if (evaluations.getAndIncrement() > 0) {
                    return confirm.evaluate(subject);
                }
                return watch.evaluate(subject).thenApply(v -> {
                    verdictNanos[i] = System.nanoTime();
                    verdictAt[i] = clock.instant();
                    firstFailureAt[i] = firstOfLastFailures(v);
                    probeLatencyMs[i] = v.evidence().isEmpty() ? 0 : v.evidence().get(v.evidence().size() - 1).latency().toNanos() / 1e6;
                    return v;
                });
            }

            @Override
            public String describe() {
                return watch.describe();
            }
        };
    }

    Deployer noop(int i) {
        return new Deployer() {
            @Override
            public CompletableFuture<Void> deploy(DeploymentRequest request) {
                if (request.rollback() && i >= 0) {
                    rollbackCallNanos[i] = System.nanoTime();
                    healthy.set(i, 1);
                }
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public String describe() {
                return "bench deployer";
            }
        };
    }

    static Instant firstOfLastFailures(GateVerdict v) {
        List<ProbeResult> e = v.evidence();
        int k = e.size() - 1;
        while (k > 0 && !e.get(k - 1).success()) {
            k--;
        }
        return e.isEmpty() ? null : e.get(k).at();
    }

    Gate passing() {
        return new Gate() {
            @Override
            public CompletableFuture<GateVerdict> evaluate(GateSubject subject) {
                return CompletableFuture.completedFuture(new GateVerdict("bench", true, "passed", List.of(), Duration.ZERO));
            }

            @Override
            public String describe() {
                return "bench";
            }
        };
    }
}
