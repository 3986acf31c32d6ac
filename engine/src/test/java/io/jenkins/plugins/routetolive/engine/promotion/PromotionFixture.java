package io.jenkins.plugins.routetolive.engine.promotion;

import io.jenkins.plugins.routetolive.engine.MutableClock;
import io.jenkins.plugins.routetolive.engine.approval.Actor;
import io.jenkins.plugins.routetolive.engine.approval.Privilege;
import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.artifact.Digests;
import io.jenkins.plugins.routetolive.engine.deploy.LocalDeployer;
import io.jenkins.plugins.routetolive.engine.rehearsal.RehearsalRollout;
import io.jenkins.plugins.routetolive.engine.event.PromotionEvent;
import io.jenkins.plugins.routetolive.engine.gate.Gate;
import io.jenkins.plugins.routetolive.engine.gate.GateSubject;
import io.jenkins.plugins.routetolive.engine.gate.GateVerdict;
import io.jenkins.plugins.routetolive.engine.ledger.InMemoryLedger;
import io.jenkins.plugins.routetolive.engine.policy.InMemoryEnvironmentLocks;
import io.jenkins.plugins.routetolive.engine.route.DefaultRoute;
import io.jenkins.plugins.routetolive.engine.route.Environment;
import io.jenkins.plugins.routetolive.engine.route.EnvironmentRole;
import io.jenkins.plugins.routetolive.engine.route.Route;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A promotion service wired from real parts: the in-memory ledger and locks, a clock the test moves,
 * the process-local deployer and a gate that passes or fails on cue. Nothing is mocked.
 */
final class PromotionFixture {

    static final String APP = "shop";
    /** A Wednesday, outside the default route's weekend freeze. */
    static final Instant WEDNESDAY = Instant.parse("2026-11-18T10:00:00Z");

    static final Actor DEVELOPER = Actor.of("dora", "developers");
    static final Actor TESTER = Actor.of("tess", "testers").withPrivileges(Privilege.APPROVE);
    static final Actor BUSINESS = Actor.of("bob", "business").withPrivileges(Privilege.APPROVE);
    static final Actor RELEASE_MANAGER_1 = Actor.of("rita", "release-managers").withPrivileges(Privilege.APPROVE);
    static final Actor RELEASE_MANAGER_2 = Actor.of("ravi", "release-managers").withPrivileges(Privilege.APPROVE);
    static final Actor OVERRIDER = Actor.of("rhea", "release-managers").withPrivileges(Privilege.OVERRIDE);

    private static final Map<String, List<Actor>> APPROVERS = Map.of(
            "test", List.of(TESTER),
            "stage", List.of(BUSINESS),
            "production", List.of(RELEASE_MANAGER_1, RELEASE_MANAGER_2));

    final MutableClock clock = new MutableClock(WEDNESDAY);
    final InMemoryLedger ledger = new InMemoryLedger();
    final InMemoryEnvironmentLocks locks = new InMemoryEnvironmentLocks();
    final List<PromotionEvent> events = new CopyOnWriteArrayList<>();
    final LocalDeployer deployer = new LocalDeployer();
    final Route route;
    final PromotionService service;
    /** Rehearses the rollback where the route requires it (Stage), like a real pipeline must. */
    final RehearsalRollout rollout;
    private final AtomicInteger ids = new AtomicInteger();

    PromotionFixture() {
        this(DefaultRoute.create());
    }

    PromotionFixture(Route route) {
        this.route = route;
        this.service = new PromotionService(route, ledger, locks, clock, events::add,
                () -> "p" + ids.incrementAndGet(), AdmissionRules.standard());
        this.rollout = new RehearsalRollout(service);
    }

    static Artifact artifact(String version) {
        return new Artifact(APP, version, Digests.ofBytes((APP + " " + version).getBytes(StandardCharsets.UTF_8)));
    }

    /** Registers the version as built from a commit, and returns it. */
    Artifact registered(String version) {
        Artifact artifact = artifact(version);
        service.register(artifact, "c0ffee" + version.replace(".", ""), DEVELOPER, "build#" + version);
        return artifact;
    }

    PromotionRequest requestOf(Artifact artifact, String environment, Actor requester) {
        return PromotionRequest.of(artifact.application(), artifact.digest(), environment, requester);
    }

    /** Requests a promotion by the developer and waits for it to be admitted. */
    Promotion request(Artifact artifact, String environment) {
        return request(requestOf(artifact, environment, DEVELOPER));
    }

    Promotion request(PromotionRequest request) {
        return await(service.request(request));
    }

    /** The exception a refused request fails with. */
    static RuntimeException refusal(CompletableFuture<?> future) {
        assertThat(future).as("a refused request fails at once").isDone();
        try {
            future.join();
        } catch (CompletionException e) {
            return (RuntimeException) e.getCause();
        }
        throw new AssertionError("expected the request to be refused, but it was admitted: " + future.join());
    }

    /** Gives the approvals the default route asks for, from its usual approvers. */
    Promotion approveAsNeeded(Promotion promotion) {
        Promotion current = promotion;
        for (Actor approver : APPROVERS.getOrDefault(promotion.environment(), List.of())) {
            if (current.state() == PromotionState.AWAITING_APPROVAL && !current.readyToDeploy()) {
                current = service.approve(promotion.id(), approver, "looks good");
            }
        }
        return current;
    }

    PromotionOutcome deployAndVerify(Promotion promotion, Gate gate) {
        return await(rollout.deployAndVerify(promotion.id(), deployer, gate));
    }

    /** Promotes the artifact through every deploy environment up to and including the last one named. */
    void promoteThrough(Artifact artifact, String last) {
        for (Environment env : route.environments()) {
            if (env.role() != EnvironmentRole.DEPLOY) {
                continue;
            }
            Promotion promotion = approveAsNeeded(request(artifact, env.name()));
            PromotionOutcome outcome = deployAndVerify(promotion, passing());
            assertThat(outcome.state()).as(outcome.message()).isEqualTo(PromotionState.VERIFIED);
            if (env.name().equals(last)) {
                return;
            }
        }
        throw new AssertionError("route " + route + " has no deploy environment " + last);
    }

    static Gate passing() {
        return failingFor(artifact -> false);
    }

    /** A gate that passes at once unless the artifact matches; it is not the subject of these tests. */
    static Gate failingFor(Predicate<Artifact> unhealthy) {
        return new Gate() {
            @Override
            public CompletableFuture<GateVerdict> evaluate(GateSubject subject) {
                boolean passed = !unhealthy.test(subject.artifact());
                return CompletableFuture.completedFuture(new GateVerdict(describe(), passed,
                        passed ? "healthy" : "unhealthy", List.of(), Duration.ZERO));
            }

            @Override
            public String describe() {
                return "test gate";
            }
        };
    }

    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new AssertionError(e.getCause());
        } catch (Exception e) {
            throw new AssertionError("the future did not complete: " + e, e);
        }
    }
}
