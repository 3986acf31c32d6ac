package io.jenkins.plugins.routetolive.engine.ledger.kubernetes;

import io.jenkins.plugins.routetolive.engine.approval.Actor;
import io.jenkins.plugins.routetolive.engine.approval.ApprovalPolicy;
import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.artifact.Digests;
import io.jenkins.plugins.routetolive.engine.deploy.LocalDeployer;
import io.jenkins.plugins.routetolive.engine.gate.Gate;
import io.jenkins.plugins.routetolive.engine.ledger.Ledger;
import io.jenkins.plugins.routetolive.engine.policy.EnvironmentLocks;
import io.jenkins.plugins.routetolive.engine.policy.InMemoryEnvironmentLocks;
import io.jenkins.plugins.routetolive.engine.promotion.AdmissionRules;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionOutcome;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionRequest;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionService;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;
import io.jenkins.plugins.routetolive.engine.rehearsal.RehearsalRollout;
import io.jenkins.plugins.routetolive.engine.route.DefaultRoute;
import io.jenkins.plugins.routetolive.engine.route.EnvironmentRole;
import io.jenkins.plugins.routetolive.engine.route.Route;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.jenkins.plugins.routetolive.engine.ledger.kubernetes.KubernetesLedgerBench.NAMESPACE;
import static io.jenkins.plugins.routetolive.engine.ledger.kubernetes.KubernetesLedgerBench.times;
import static io.jenkins.plugins.routetolive.engine.ledger.kubernetes.KubernetesLedgerBench.verdict;

/**
 * Part 1 of the benchmark: real promotions through {@link PromotionService} on a ledger in the mock API server, and the
 * API requests they cost. The route is the default one without approvals and freeze windows; artifacts are registered,
 * then each is promoted to development and to test (single-version) with the local deployer and a gate that passes at
 * once, so a promotion appends five entries (requested, deploying, verifying, gate verdict, verified).
 */
final class PromotionTraffic {

    private static final String CONTROLLER = "jenkins-a";
    private static final Actor DEVELOPER = Actor.of("dora", "developers");

    /** The requests of one run, window by window, and the entries appended in each. */
    record Run(Contender contender, boolean leases, int artifacts, int promotions, ApiCalls open, ApiCalls register,
               ApiCalls promote, long registerEntries, long promoteEntries) {

        String locks() {
            return leases ? "Lease" : "in-process";
        }

        ApiCalls all() {
            return open.plus(register).plus(promote);
        }
    }

    private PromotionTraffic() {
    }

    /** With {@code leases}, single-version environments are locked with Lease objects in the same API server. */
    static Run run(Contender contender, boolean leases, int artifactCount) throws Exception {
        Clock clock = Clock.systemUTC();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try (MockApiServer api = MockApiServer.start()) {
            ApiCalls start = api.calls();
            CountingLedger ledger = new CountingLedger(contender.open(api.client(), NAMESPACE, CONTROLLER, clock));
            try (ledger) {
                ApiCalls opened = api.calls();
                EnvironmentLocks locks = leases
                        ? new LeaseEnvironmentLocks(api.client(), NAMESPACE, CONTROLLER, Duration.ofSeconds(30), scheduler, clock)
                        : new InMemoryEnvironmentLocks();
                AtomicInteger ids = new AtomicInteger();
                PromotionService service = new PromotionService(route(), ledger, locks, clock, event -> { },
                        () -> CONTROLLER + "-" + ids.incrementAndGet(), AdmissionRules.standard());
                List<Artifact> artifacts = new ArrayList<>();
                for (int i = 0; i < artifactCount; i++) {
                    Artifact a = artifact("app-" + i % 10, "1." + i / 10 + ".0");
                    service.register(a, String.format("%040x", i), DEVELOPER, a.application() + "/main#" + i);
                    artifacts.add(a);
                }
                ApiCalls registered = api.calls();
                long registerEntries = ledger.appends();
                RehearsalRollout rollout = new RehearsalRollout(service);
                LocalDeployer deployer = new LocalDeployer();
                for (Artifact a : artifacts) {
                    for (String env : LedgerWorkload.ENVIRONMENTS) {
                        promote(service, rollout, deployer, a, env);
                    }
                }
                ApiCalls promoted = api.calls();
                return new Run(contender, leases, artifactCount, artifactCount * LedgerWorkload.ENVIRONMENTS.length,
                        opened.minus(start), registered.minus(opened), promoted.minus(registered), registerEntries,
                        ledger.appends() - registerEntries);
            }
        } finally {
            scheduler.shutdownNow();
        }
    }

    private static void promote(PromotionService service, RehearsalRollout rollout, LocalDeployer deployer, Artifact a,
                                String env) throws Exception {
        String id = service.request(PromotionRequest.of(a.application(), a.digest(), env, DEVELOPER))
                .get(30, TimeUnit.SECONDS).id();
        PromotionOutcome outcome = rollout.deployAndVerify(id, deployer, PASSING).get(30, TimeUnit.SECONDS);
        if (outcome.state() != PromotionState.VERIFIED) {
            throw new IllegalStateException("promotion " + id + " of " + a.describe() + " to " + env + " ended "
                    + outcome.state() + ": " + outcome.message());
        }
    }

    /** Prints every window's requests, the per-promotion figures and the two targets. */
    static void print(List<Run> runs) {
        Run first = runs.get(0);
        System.out.printf("%n1. API requests of real promotions: %d artifacts registered, then each promoted to development"
                + " and test (%d promotions, passing gates, no approvals) on an empty ledger. Counted on the mock server as"
                + " it received them; writes = POST + PUT + PATCH + DELETE%n", first.artifacts(), first.promotions());
        System.out.printf("   %-18s %-11s %-17s %-11s", "ledger", "locks", "window", "kind");
        for (String verb : ApiCalls.VERBS) {
            System.out.printf(" %7s", verb);
        }
        System.out.println();
        for (Run r : runs) {
            window(r, "open", r.open());
            window(r, r.artifacts() + " registrations", r.register());
            window(r, r.promotions() + " promotions", r.promote());
        }
        System.out.printf("%n   per promotion (%d promotions' window)   entries  writes    LIST     GET   WATCH  requests"
                + "   LIST incl. open + registrations%n", first.promotions());
        for (Run r : runs) {
            double p = r.promotions();
            System.out.printf("   %-18s %-11s %14.1f %7.1f %7.1f %7.1f %7.1f %9.1f %11.2f%n", r.contender().label, r.locks(),
                    r.promoteEntries() / p, r.promote().writes() / p, r.promote().verb("LIST") / p,
                    r.promote().verb("GET") / p, r.promote().verb("WATCH") / p, r.promote().total() / p,
                    r.all().verb("LIST") / p);
        }
        Run ours = find(runs, Contender.KUBERNETES_LEDGER);
        Run theirs = find(runs, Contender.BASELINE);
        double writes = ours.promote().writes() / (double) ours.promotions();
        System.out.printf("   target <= 5 API writes per promotion (KubernetesLedger, in-process locks): %.1f -> %s%n", writes,
                verdict(writes <= 5));
        double ourLists = ours.all().verb("LIST") / (double) ours.promotions();
        double theirLists = theirs.all().verb("LIST") / (double) theirs.promotions();
        double ratio = ourLists == 0 ? Double.POSITIVE_INFINITY : theirLists / ourLists;
        System.out.printf("   target >= 100 x fewer LIST calls than the baseline (in-process locks; open, registrations"
                + " and promotions per promotion): %.2f against %.2f = %s -> %s%n", ourLists, theirLists, times(ratio),
                verdict(ratio >= 100));
    }

    private static Run find(List<Run> runs, Contender c) {
        return runs.stream().filter(r -> r.contender() == c && !r.leases()).findFirst().orElseThrow();
    }

    private static void window(Run r, String window, ApiCalls calls) {
        for (String kind : calls.kinds().isEmpty() ? java.util.Set.of("configmaps") : calls.kinds()) {
            System.out.printf("   %-18s %-11s %-17s %-11s", r.contender().label, r.locks(), window, kind);
            for (String verb : ApiCalls.VERBS) {
                System.out.printf(" %7d", calls.get(kind, verb));
            }
            System.out.println();
        }
    }

    /** The default route without approvals and freeze windows (Test still holds one version at a time). */
    static Route route() {
        Route base = DefaultRoute.create();
        return new Route(base.name(), base.environments().stream()
                .map(e -> e.role() != EnvironmentRole.DEPLOY ? e
                        : e.withApproval(ApprovalPolicy.none()).withFreezeWindows(List.of(), Set.of()))
                .toList());
    }

    private static Artifact artifact(String application, String version) {
        return new Artifact(application, version,
                Digests.ofBytes((application + " " + version).getBytes(StandardCharsets.UTF_8)));
    }

    /** Passes at once: the gate is not what is measured. */
    private static final Gate PASSING = new io.jenkins.plugins.routetolive.engine.support.PassingGate(
            "benchmark gate (always passes)");
}
