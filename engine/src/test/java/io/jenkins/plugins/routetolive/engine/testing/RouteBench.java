package io.jenkins.plugins.routetolive.engine.testing;

import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.routetolive.engine.approval.Actor;
import io.jenkins.plugins.routetolive.engine.approval.Privilege;
import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.artifact.Digests;
import io.jenkins.plugins.routetolive.engine.deploy.Deployer;
import io.jenkins.plugins.routetolive.engine.deploy.LocalDeployer;
import io.jenkins.plugins.routetolive.engine.event.PromotionEvent;
import io.jenkins.plugins.routetolive.engine.gate.Gate;
import io.jenkins.plugins.routetolive.engine.gate.HttpProbe;
import io.jenkins.plugins.routetolive.engine.gate.ThresholdGate;
import io.jenkins.plugins.routetolive.engine.ledger.InMemoryLedger;
import io.jenkins.plugins.routetolive.engine.policy.InMemoryEnvironmentLocks;
import io.jenkins.plugins.routetolive.engine.promotion.AdmissionRules;
import io.jenkins.plugins.routetolive.engine.promotion.Promotion;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionOutcome;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionRequest;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionService;
import io.jenkins.plugins.routetolive.engine.rehearsal.RehearsalRollout;
import io.jenkins.plugins.routetolive.engine.route.DefaultRoute;
import io.jenkins.plugins.routetolive.engine.route.EnvironmentRole;
import io.jenkins.plugins.routetolive.engine.route.GateDefaults;
import io.jenkins.plugins.routetolive.engine.route.Route;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The default route (freeze windows removed, so tests do not depend on the day) with real parts: an
 * in-memory ledger, a local deployer, and one real HTTP health server on 127.0.0.1 answering
 * {@code /health/<environment>/<application>} for what the deployer runs there: 200, or 503 when the test
 * has marked that application version sick in that environment. Gates probe it every 20 ms.
 */
public final class RouteBench implements AutoCloseable {

    public static final GateDefaults FAST = new GateDefaults(Duration.ofMillis(20), Duration.ofSeconds(1), 2, 2,
            Duration.ofSeconds(5), Duration.ZERO);

    public final Route route;
    public final Clock clock = Clock.systemUTC();
    public final InMemoryLedger ledger = new InMemoryLedger();
    public final List<PromotionEvent> events = new CopyOnWriteArrayList<>();
    public final PromotionService service;
    public final LocalDeployer deployer = new LocalDeployer();
    public final Actor developer = Actor.of("dora", "developers");
    public final Map<String, List<Actor>> approvers = Map.of(
            "test", List.of(Actor.of("tess", "testers").withPrivileges(Privilege.APPROVE)),
            "stage", List.of(Actor.of("bob", "business").withPrivileges(Privilege.APPROVE)),
            "production", List.of(Actor.of("rita", "release-managers").withPrivileges(Privilege.APPROVE),
                    Actor.of("ravi", "release-managers").withPrivileges(Privilege.APPROVE)));
    private final Set<String> sick = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final HttpServer server;

    public RouteBench() throws IOException {
        this(false);
    }

    /** With {@code freezeProduction}, Production is frozen for the next hour (release managers may override). */
    public RouteBench(boolean freezeProduction) throws IOException {
        Route base = DefaultRoute.create();
        List<io.jenkins.plugins.routetolive.engine.policy.FreezeWindow> frozen = List.of(
                new io.jenkins.plugins.routetolive.engine.policy.DatedFreezeWindow("release-freeze",
                        clock.instant().minusSeconds(60), clock.instant().plusSeconds(3600)));
        route = new Route(base.name(), base.environments().stream()
                .map(e -> e.role() != EnvironmentRole.DEPLOY ? e : e.withGates(FAST).withFreezeWindows(
                        freezeProduction && e.name().equals("production") ? frozen : List.of(), e.overrideGroups()))
                .toList());
        AtomicInteger ids = new AtomicInteger();
        service = new PromotionService(route, ledger, new InMemoryEnvironmentLocks(), clock, events::add,
                () -> "p" + ids.incrementAndGet(), AdmissionRules.standard());
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health/", exchange -> {
            String[] parts = exchange.getRequestURI().getPath().split("/");
            String env = parts[2];
            String app = parts[3];
            Optional<Artifact> running = deployer.running(app, env);
            boolean unhealthy = running.isEmpty() || sick.contains(env + "/" + app + "/" + running.get().version());
            byte[] body = (unhealthy ? "unhealthy" : "healthy").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(unhealthy ? 503 : 200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /** From now on, this version of the application fails its health checks in the environment. */
    public void sick(String environment, String application, String version) {
        sick.add(environment + "/" + application + "/" + version);
    }

    /** The version is healthy there again (someone fixed the environment). */
    public void healthy(String environment, String application, String version) {
        sick.remove(environment + "/" + application + "/" + version);
    }

    public Gate gate(String application, String environment) {
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/health/" + environment + "/" + application);
        return new ThresholdGate(new HttpProbe(url, Duration.ofSeconds(1), http, clock), FAST, scheduler, clock);
    }

    public Artifact register(String application, String version) {
        Artifact artifact = new Artifact(application, version,
                Digests.ofBytes((application + " " + version).getBytes(StandardCharsets.UTF_8)));
        service.register(artifact, "c0ffee" + Math.abs((application + version).hashCode()), developer,
                "ci/" + application + "#" + version);
        return artifact;
    }

    /** Requests, approves as the environment needs, deploys with the local deployer and gates (rehearsing where required). */
    public PromotionOutcome promote(Artifact artifact, String environment) {
        return promote(artifact, environment, deployer, gate(artifact.application(), environment));
    }

    /** The same with another deployer and gate. */
    public PromotionOutcome promote(Artifact artifact, String environment, Deployer with, Gate gate) {
        Promotion p = request(artifact, environment);
        return new RehearsalRollout(service).deployAndVerify(p.id(), with, gate).join();
    }

    /** Requests the promotion and gives the approvals the environment needs. */
    public Promotion request(Artifact artifact, String environment) {
        Promotion p = service.request(PromotionRequest.of(artifact.application(), artifact.digest(), environment, developer))
                .join();
        approve(p.id(), environment);
        return p;
    }

    public void approve(String promotionId, String environment) {
        for (Actor approver : approvers.getOrDefault(environment, List.of())) {
            service.approve(promotionId, approver, "looks good");
        }
    }

    /** The deploy environments in route order: development, test, stage, production. */
    public List<String> deployEnvironments() {
        return route.environments().stream().filter(e -> e.role() == EnvironmentRole.DEPLOY).map(e -> e.name()).toList();
    }

    @Override
    public void close() {
        server.stop(0);
        scheduler.shutdownNow();
    }
}
