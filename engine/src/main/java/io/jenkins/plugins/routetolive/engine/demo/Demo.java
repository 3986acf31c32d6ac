package io.jenkins.plugins.routetolive.engine.demo;

import io.jenkins.plugins.routetolive.engine.approval.Actor;
import io.jenkins.plugins.routetolive.engine.approval.Privilege;
import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.artifact.Digests;
import io.jenkins.plugins.routetolive.engine.deploy.LocalDeployer;
import io.jenkins.plugins.routetolive.engine.gate.HttpProbe;
import io.jenkins.plugins.routetolive.engine.gate.ThresholdGate;
import io.jenkins.plugins.routetolive.engine.ledger.InMemoryLedger;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerReport;
import io.jenkins.plugins.routetolive.engine.metrics.MetricsReport;
import io.jenkins.plugins.routetolive.engine.metrics.MetricsWindow;
import io.jenkins.plugins.routetolive.engine.policy.FreezeOverride;
import io.jenkins.plugins.routetolive.engine.policy.InMemoryEnvironmentLocks;
import io.jenkins.plugins.routetolive.engine.promotion.AdmissionRules;
import io.jenkins.plugins.routetolive.engine.promotion.Promotion;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionOutcome;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionRequest;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionService;
import io.jenkins.plugins.routetolive.engine.rehearsal.RehearsalRollout;
import io.jenkins.plugins.routetolive.engine.route.DefaultRoute;
import io.jenkins.plugins.routetolive.engine.route.Environment;
import io.jenkins.plugins.routetolive.engine.route.EnvironmentRole;
import io.jenkins.plugins.routetolive.engine.route.GateDefaults;
import io.jenkins.plugins.routetolive.engine.route.Route;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The offline demo: demo-shop 1.0.0 goes through every environment of the default route, then 1.1.0
 * fails its Stage health gate and Stage is rolled back to 1.0.0 automatically. Stage rehearses rollback (for
 * 1.0.0 there is nothing to roll back to yet). Everything is real but
 * the deployment, which is a process-local deployer: HTTP health endpoints on 127.0.0.1, gates, approvals
 * by scripted demo users, and the ledger. It ends with the history and the delivery metrics the ledger gives.
 */
public final class Demo {

    private static final String APP = "demo-shop";

    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        Route route = fastGates(DefaultRoute.create());
        Clock clock = Clock.systemUTC();
        InMemoryLedger ledger = new InMemoryLedger();
        PromotionService service = new PromotionService(route, ledger, new InMemoryEnvironmentLocks(), clock,
                event -> System.out.println("  " + event.message()), () -> UUID.randomUUID().toString().substring(0, 8),
                AdmissionRules.standard());
        LocalDeployer deployer = new LocalDeployer();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "route-to-live-gates");
            t.setDaemon(true);
            return t;
        });
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        List<String> deployEnvironments = route.environments().stream()
                .filter(e -> e.role() == EnvironmentRole.DEPLOY).map(Environment::name).toList();
        Actor developer = Actor.of("dora", "developers");
        Map<String, List<Actor>> approvers = Map.of(
                "test", List.of(Actor.of("tess", "testers").withPrivileges(Privilege.APPROVE)),
                "stage", List.of(Actor.of("bob", "business").withPrivileges(Privilege.APPROVE)),
                "production", List.of(Actor.of("rita", "release-managers").withPrivileges(Privilege.APPROVE),
                        Actor.of("ravi", "release-managers").withPrivileges(Privilege.APPROVE)));
        Actor releaseManager = Actor.of("rhea", "release-managers").withPrivileges(Privilege.OVERRIDE);

        try (HealthEndpoints endpoints = new HealthEndpoints(APP, deployEnvironments, deployer,
                (env, artifact) -> env.equals("stage") && artifact.version().equals("1.1.0"))) {
            System.out.println("Route '" + route.name() + "': " + route.describe());
            RehearsalRollout rollout = new RehearsalRollout(service);
            for (String version : List.of("1.0.0", "1.1.0")) {
                System.out.println();
                System.out.println("== " + APP + " " + version);
                Artifact artifact = new Artifact(APP, version,
                        Digests.ofBytes((APP + " " + version + " build output").getBytes(StandardCharsets.UTF_8)));
                service.register(artifact, "c0ffee" + version.replace(".", ""), developer, "demo#" + version);
                for (String env : deployEnvironments) {
                    PromotionRequest request = PromotionRequest.of(APP, artifact.digest(), env, developer);
                    boolean frozen = route.environment(env).freezeAt(clock.instant()).isPresent();
                    if (frozen) {
                        request = new PromotionRequest(APP, null, artifact.digest(), env, releaseManager,
                                java.util.Optional.of(new FreezeOverride("demo run during the weekend freeze")),
                                request.waitMode(), "");
                    }
                    Promotion promotion = service.request(request).join();
                    for (Actor approver : approvers.getOrDefault(env, List.of())) {
                        if (!approver.id().equals(promotion.requester())) {
                            service.approve(promotion.id(), approver, "looks good");
                        }
                    }
                    ThresholdGate gate = new ThresholdGate(new HttpProbe(endpoints.url(env), Duration.ofSeconds(1), http, clock),
                            route.environment(env).gates(), scheduler, clock);
                    PromotionOutcome outcome = rollout.deployAndVerify(promotion.id(), deployer, gate).join();
                    if (!outcome.succeeded()) {
                        System.out.println("  => " + outcome.message());
                        break;
                    }
                }
            }
        } finally {
            scheduler.shutdownNow();
        }
        LedgerReport report = new LedgerReport(ledger);
        System.out.println();
        System.out.println("What runs where (" + APP + "):");
        System.out.print(report.whatRunsWhere(route, APP));
        System.out.println();
        System.out.println("History (" + APP + "):");
        System.out.print(report.history(APP));
        System.out.println();
        System.out.println("Delivery metrics (" + APP + "), from the ledger:");
        for (String env : List.of("production", "stage")) {
            MetricsReport.sentences(ledger.metrics(APP, env, MetricsWindow.endingNow(clock))).forEach(s -> System.out.println("  " + s));
            System.out.println();
        }
    }

    /** The default route with gates quick enough for a demo: 3 checks 100 ms apart. */
    private static Route fastGates(Route route) {
        GateDefaults fast = new GateDefaults(Duration.ofMillis(100), Duration.ofSeconds(1), 3, 3, Duration.ofSeconds(10),
                Duration.ZERO);
        return new Route(route.name(), route.environments().stream()
                .map(e -> e.role() == EnvironmentRole.DEPLOY ? e.withGates(fast) : e).toList());
    }
}
