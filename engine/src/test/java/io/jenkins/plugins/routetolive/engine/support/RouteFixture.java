package io.jenkins.plugins.routetolive.engine.support;

import io.jenkins.plugins.routetolive.engine.approval.Actor;
import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.event.PromotionEvent;
import io.jenkins.plugins.routetolive.engine.ledger.InMemoryLedger;
import io.jenkins.plugins.routetolive.engine.policy.InMemoryEnvironmentLocks;
import io.jenkins.plugins.routetolive.engine.promotion.AdmissionRules;
import io.jenkins.plugins.routetolive.engine.promotion.Promotion;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionRequest;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionService;
import io.jenkins.plugins.routetolive.engine.route.Environment;
import io.jenkins.plugins.routetolive.engine.route.EnvironmentRole;
import io.jenkins.plugins.routetolive.engine.route.GateDefaults;
import io.jenkins.plugins.routetolive.engine.route.Route;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A small route (local → build → development) with fast gates, a ledger, and the console lines it printed. */
public final class RouteFixture {

    public static final GateDefaults FAST = new GateDefaults(Duration.ofMillis(40), Duration.ofMillis(500), 2, 2,
            Duration.ofSeconds(5), Duration.ZERO);
    public static final Actor DEV = Actor.of("dora", "developers");

    public final InMemoryLedger ledger = new InMemoryLedger();
    public final List<PromotionEvent> events = new CopyOnWriteArrayList<>();
    public final PromotionService service;

    public RouteFixture(String deployEnvironment) {
        this(new Route("test-route", List.of(
                new Environment("local", EnvironmentRole.ORIGIN, null, null, null, false, null, false),
                new Environment("build", EnvironmentRole.ENTRY, null, null, null, false, null, false),
                Environment.deploy(deployEnvironment).withGates(FAST))));
    }

    public RouteFixture(Route route) {
        AtomicInteger ids = new AtomicInteger();
        service = new PromotionService(route, ledger, new InMemoryEnvironmentLocks(), Clock.systemUTC(), events::add,
                () -> "p" + ids.incrementAndGet(), AdmissionRules.standard());
    }

    public Promotion request(Artifact artifact, String environment) throws Exception {
        service.register(artifact, "c0ffee1", DEV, "build#1");
        return service.request(PromotionRequest.of(artifact.application(), artifact.digest(), environment, DEV))
                .get(5, TimeUnit.SECONDS);
    }

    public List<String> messages() {
        List<String> out = new ArrayList<>();
        events.forEach(e -> out.add(e.message()));
        return out;
    }
}
