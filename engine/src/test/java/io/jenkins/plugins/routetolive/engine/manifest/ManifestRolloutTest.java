package io.jenkins.plugins.routetolive.engine.manifest;

import io.jenkins.plugins.routetolive.engine.approval.Actor;
import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.deploy.DeploymentRequest;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerReport;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionRefusedException;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;
import io.jenkins.plugins.routetolive.engine.testing.RouteBench;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.jenkins.plugins.routetolive.engine.deploy.Deployer;
import io.jenkins.plugins.routetolive.engine.promotion.Promotion;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManifestRolloutTest {

    private RouteBench bench;
    private ManifestRollout rollout;

    @BeforeEach
    void start() throws Exception {
        bench = new RouteBench();
        rollout = new ManifestRollout(bench.service);
    }

    @AfterEach
    void stop() {
        bench.close();
    }

    private ReleaseManifest release(String version, Artifact db, Artifact api, Artifact web) {
        return new ReleaseManifest("shop-release", version, List.of(
                new ManifestComponent(web.application(), web.version(), web.digest(), false, List.of("api")),
                new ManifestComponent(api.application(), api.version(), api.digest(), false, List.of("db")),
                new ManifestComponent(db.application(), db.version(), db.digest(), false, List.of())));
    }

    private ManifestOutcome promote(ReleaseManifest manifest, String environment) {
        CompletableFuture<ManifestOutcome> outcome = rollout.promote(manifest, environment, bench.developer, Optional.empty(),
                app -> bench.deployer, app -> bench.gate(app, environment));
        for (Actor approver : bench.approvers.getOrDefault(environment, List.of())) {
            if (rollout.awaiting(manifest, environment).isPresent()) {
                rollout.approve(manifest, environment, approver, "release looks good");
            }
        }
        return outcome.orTimeout(30, TimeUnit.SECONDS).join();
    }

    private List<String> deploymentsIn(String environment, int from) {
        List<DeploymentRequest> history = bench.deployer.history();
        return history.subList(from, history.size()).stream().filter(r -> r.environment().equals(environment))
                .map(r -> r.artifact().application() + " " + r.artifact().version()).toList();
    }

    @Test
    void movesAThreeComponentManifestThroughTheRouteDependenciesFirst() {
        ReleaseManifest manifest = release("2026.1", bench.register("db", "1.0"), bench.register("api", "1.0"),
                bench.register("web", "1.0"));
        for (String env : bench.deployEnvironments()) {
            ManifestOutcome outcome = promote(manifest, env);
            assertThat(outcome.state()).as(outcome.message()).isEqualTo(PromotionState.VERIFIED);
            assertThat(outcome.deployed()).containsExactly("db", "api", "web");
            assertThat(deploymentsIn(env, 0)).containsExactly("db 1.0", "api 1.0", "web 1.0");
        }
        for (String app : List.of("db", "api", "web")) {
            assertThat(bench.ledger.environment(app, "production").current()).get()
                    .extracting(d -> d.version()).isEqualTo("1.0");
        }
        LedgerReport report = new LedgerReport(bench.ledger);
        assertThat(report.whatRunsWhere(bench.route, "api")).contains("shop-release 2026.1");
        assertThat(report.history("web")).contains("in manifest shop-release 2026.1 (deployed)");
        assertThat(report.manifestHistory("shop-release")).contains("production").contains("verified");
        assertThat(report.whatRunsWhere(bench.route, "shop-release", Map.of("db", manifest.component("db").orElseThrow().digest(),
                "api", manifest.component("api").orElseThrow().digest(), "web", manifest.component("web").orElseThrow().digest())))
                .contains("complete");
    }

    @Test
    void rollsBackTheComponentsAlreadyDeployedInReverseOrderWhenOneFailsItsGateInTest() {
        ReleaseManifest first = release("2026.1", bench.register("db", "1.0"), bench.register("api", "1.0"),
                bench.register("web", "1.0"));
        promote(first, "development");
        promote(first, "test");
        ReleaseManifest second = release("2026.2", bench.register("db", "2.0"), bench.register("api", "2.0"),
                bench.register("web", "2.0"));
        assertThat(promote(second, "development").succeeded()).isTrue();
        bench.sick("test", "web", "2.0");
        int before = bench.deployer.history().size();

        ManifestOutcome outcome = promote(second, "test");

        assertThat(outcome.state()).isEqualTo(PromotionState.ROLLED_BACK);
        assertThat(outcome.failedComponent()).contains("web");
        assertThat(outcome.rolledBack()).containsExactly("api", "db");
        assertThat(deploymentsIn("test", before))
                .containsExactly("db 2.0", "api 2.0", "web 2.0", "web 1.0", "api 1.0", "db 1.0");
        for (String app : List.of("db", "api", "web")) {
            var state = bench.ledger.environment(app, "test");
            assertThat(state.current()).get().extracting(d -> d.version()).as(app).isEqualTo("1.0");
            assertThat(state.lastKnownGood()).get().extracting(d -> d.version()).as(app).isEqualTo("1.0");
        }
        assertThat(outcome.message()).contains("because web failed").contains("restored api, db in that order");
        assertThat(new LedgerReport(bench.ledger).manifestHistory("shop-release")).contains("rolled-back").contains("web");
    }

    @Test
    void redeploysOnlyTheComponentAManifestChanges() {
        Artifact db = bench.register("db", "1.0");
        Artifact web = bench.register("web", "1.0");
        ReleaseManifest first = release("2026.1", db, bench.register("api", "1.0"), web);
        promote(first, "development");
        int before = bench.deployer.history().size();

        ManifestOutcome outcome = promote(release("2026.2", db, bench.register("api", "1.1"), web), "development");

        assertThat(outcome.succeeded()).isTrue();
        assertThat(deploymentsIn("development", before)).containsExactly("api 1.1");
        assertThat(outcome.checked()).containsExactlyInAnyOrder("db", "web");
    }

    @Test
    void refusesTheWholeManifestBeforeDeployingAnythingWhenOneComponentBreaksARule() {
        Artifact db = bench.register("db", "1.0");
        Artifact api = bench.register("api", "1.0");
        bench.promote(db, "development");
        Artifact web = bench.register("web", "1.0");
        bench.promote(web, "development");
        int before = bench.deployer.history().size();
        ReleaseManifest manifest = release("2026.1", db, api, web);

        assertThatThrownBy(() -> promote(manifest, "test"))
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(PromotionRefusedException.class)
                .hasMessageContaining("1 of 3 components cannot go; nothing was deployed")
                .hasMessageContaining("api 1.0").hasMessageContaining("has not passed development");
        assertThat(bench.deployer.history()).hasSize(before);
        assertThat(bench.ledger.activePromotions()).isEmpty();
    }

    @Test
    void checksAPinnedComponentAndRefusesItWhenItDoesNotRunThere() {
        Artifact db = bench.register("db", "1.0");
        Artifact api = bench.register("api", "1.0");
        ReleaseManifest pinned = new ReleaseManifest("shop-release", "2026.1", List.of(
                new ManifestComponent("db", "1.0", db.digest(), true, List.of()),
                new ManifestComponent("api", "1.0", api.digest(), false, List.of("db"))));

        assertThatThrownBy(() -> promote(pinned, "development")).cause()
                .hasMessageContaining("db is pinned at 1.0").hasMessageContaining("development runs nothing");

        bench.promote(db, "development");
        int before = bench.deployer.history().size();
        ManifestOutcome outcome = promote(pinned, "development");
        assertThat(outcome.succeeded()).isTrue();
        assertThat(outcome.checked()).containsExactly("db");
        assertThat(deploymentsIn("development", before)).containsExactly("api 1.0");
        assertThat(new LedgerReport(bench.ledger).history("db")).contains("in manifest shop-release 2026.1 (pinned)");
    }

    @Test
    void waitsForApprovalOfEveryComponentAndARejectionEndsThemAllWithoutDeploying() {
        ReleaseManifest manifest = release("2026.1", bench.register("db", "1.0"), bench.register("api", "1.0"),
                bench.register("web", "1.0"));
        promote(manifest, "development");
        int before = bench.deployer.history().size();
        CompletableFuture<ManifestOutcome> pending = rollout.promote(manifest, "test", bench.developer, Optional.empty(),
                app -> bench.deployer, app -> bench.gate(app, "test"));

        assertThat(pending).isNotDone();
        assertThat(rollout.awaiting(manifest, "test")).get().asList().hasSize(3)
                .allSatisfy(p -> assertThat(((io.jenkins.plugins.routetolive.engine.promotion.Promotion) p).state())
                        .isEqualTo(PromotionState.AWAITING_APPROVAL));
        Actor tess = bench.approvers.get("test").get(0);
        ManifestOutcome rejected = rollout.reject(manifest, "test", tess, "not this week");

        assertThat(pending.join()).isSameAs(rejected);
        assertThat(rejected.state()).isEqualTo(PromotionState.REJECTED);
        assertThat(bench.deployer.history()).hasSize(before);
        assertThat(bench.ledger.activePromotions()).isEmpty();
        assertThat(rollout.awaiting(manifest, "test")).isEmpty();
        assertThat(promote(manifest, "test").succeeded()).as("the single-version locks were released").isTrue();
    }

    private ManifestPromotion requestDurably(ReleaseManifest manifest, String environment) {
        return rollout.request(manifest, environment, bench.developer, Optional.empty(), "ci/shop#7", p -> { })
                .orTimeout(30, TimeUnit.SECONDS).join();
    }

    private List<PromotionState> states(ManifestPromotion promotion) {
        return new ManifestRollout(bench.service).components(promotion).stream().map(Promotion::state).toList();
    }

    @Test
    void aManifestKeptOnlyAsItsIdsIsApprovedComponentByComponentAndDeploysOnceTheLastIsApproved() {
        ReleaseManifest manifest = release("2026.1", bench.register("db", "1.0"), bench.register("api", "1.0"),
                bench.register("web", "1.0"));
        promote(manifest, "development");
        List<String> admitted = new CopyOnWriteArrayList<>();
        ManifestPromotion requested = rollout.request(manifest, "test", bench.developer, Optional.empty(), "ci/shop#7",
                p -> admitted.add(p.id())).join();
        assertThat(admitted).isEqualTo(requested.promotionIds()).hasSize(3);
        int before = bench.deployer.history().size();

        // a new process: nothing but the manifest and the ids, everything else from the ledger
        ManifestRollout restarted = new ManifestRollout(bench.service);
        ManifestPromotion reopened = restarted.reopen(ReleaseManifest.parse("canonical", manifest.canonicalJson()), "test",
                requested.promotionIds());
        assertThat(reopened).isEqualTo(requested);
        assertThat(states(reopened)).containsOnly(PromotionState.AWAITING_APPROVAL);
        for (String id : reopened.promotionIds().subList(0, 2)) {
            bench.approve(id, "test");
        }
        assertThat(restarted.readyToDeploy(reopened)).isFalse();
        assertThat(restarted.deploy(reopened, app -> bench.deployer, app -> bench.gate(app, "test")))
                .failsWithin(Duration.ofSeconds(5));
        assertThat(bench.deployer.history()).hasSize(before);
        bench.approve(reopened.promotionIds().get(2), "test");

        ManifestOutcome outcome = restarted.deploy(reopened, app -> bench.deployer, app -> bench.gate(app, "test")).join();

        assertThat(outcome.state()).as(outcome.message()).isEqualTo(PromotionState.VERIFIED);
        assertThat(deploymentsIn("test", before)).containsExactly("db 1.0", "api 1.0", "web 1.0");
        assertThat(bench.ledger.promotion(reopened.promotionIds().get(0)).orElseThrow().approvers()).containsExactly("tess");
        assertThatThrownBy(() -> restarted.reopen(manifest, "development", requested.promotionIds()))
                .hasMessageContaining("is not a component promotion of manifest shop-release 2026.1");
    }

    @Test
    void aComponentRejectedOnItsOwnRejectsTheWholeManifestAndNothingIsDeployed() {
        ReleaseManifest manifest = release("2026.1", bench.register("db", "1.0"), bench.register("api", "1.0"),
                bench.register("web", "1.0"));
        promote(manifest, "development");
        ManifestPromotion requested = requestDurably(manifest, "test");
        int before = bench.deployer.history().size();
        bench.approve(requested.promotionIds().get(0), "test");
        bench.service.reject(requested.promotionIds().get(1), bench.approvers.get("test").get(0), "api fails checkout");

        assertThat(rollout.endedBeforeDeployment(requested)).get().extracting(p -> p.artifact().application())
                .isEqualTo("api");
        ManifestOutcome outcome = rollout.end(requested, "a component was rejected");

        assertThat(outcome.state()).isEqualTo(PromotionState.REJECTED);
        assertThat(outcome.failedComponent()).contains("api");
        assertThat(outcome.message()).startsWith("tess rejected promotion " + requested.promotionIds().get(1) + " of api 1.0")
                .contains("(api fails checkout), so manifest shop-release 2026.1").endsWith("is rejected as a whole; nothing was deployed.");
        assertThat(states(requested)).containsExactly(PromotionState.FAILED, PromotionState.REJECTED, PromotionState.FAILED);
        assertThat(bench.deployer.history()).hasSize(before);
        assertThat(bench.ledger.activePromotions()).isEmpty();
        assertThat(new LedgerReport(bench.ledger).manifestHistory("shop-release")).contains("rejected");
    }

    @Test
    void aWithdrawnManifestEndsItsComponentPromotionsAndSaysWhy() {
        ReleaseManifest manifest = release("2026.1", bench.register("db", "1.0"), bench.register("api", "1.0"),
                bench.register("web", "1.0"));
        promote(manifest, "development");
        ManifestPromotion requested = requestDurably(manifest, "test");

        ManifestOutcome outcome = rollout.end(requested, "the build was stopped");

        assertThat(outcome.label()).isEqualTo("withdrawn");
        assertThat(outcome.message()).isEqualTo("Manifest " + manifest.describe() + " to test was withdrawn: the build was "
                + "stopped; nothing was deployed.");
        assertThat(states(requested)).containsOnly(PromotionState.FAILED);
        assertThat(new LedgerReport(bench.ledger).manifestHistory("shop-release")).contains("withdrawn");
    }

    @Test
    void aDeploymentInterruptedByARestartGoesOnAndRestoresEarlierComponentsInReverseOrderWhenALaterOneFails() {
        ReleaseManifest first = release("2026.1", bench.register("db", "1.0"), bench.register("api", "1.0"),
                bench.register("web", "1.0"));
        promote(first, "development");
        ReleaseManifest second = release("2026.2", bench.register("db", "2.0"), bench.register("api", "2.0"),
                bench.register("web", "2.0"));
        int before = bench.deployer.history().size();
        ManifestPromotion requested = requestDurably(second, "development");
        Deployer stopsAtApi = new Deployer() {
            @Override
            public CompletableFuture<Void> deploy(DeploymentRequest request) {
                return request.artifact().application().equals("api") ? new CompletableFuture<>() : bench.deployer.deploy(request);
            }

            @Override
            public String describe() {
                return "a deployer the controller stopped under";
            }
        };
        rollout.deploy(requested, app -> stopsAtApi, app -> bench.gate(app, "development"));
        await(() -> states(requested).equals(List.of(PromotionState.VERIFIED, PromotionState.DEPLOYING, PromotionState.REQUESTED)));
        bench.sick("development", "web", "2.0");

        ManifestRollout restarted = new ManifestRollout(bench.service);
        ManifestOutcome outcome = restarted.resume(restarted.reopen(second, "development", requested.promotionIds()),
                app -> bench.deployer, app -> bench.gate(app, "development")).orTimeout(30, TimeUnit.SECONDS).join();

        assertThat(outcome.state()).as(outcome.message()).isEqualTo(PromotionState.ROLLED_BACK);
        assertThat(outcome.rolledBack()).containsExactly("api", "db");
        assertThat(deploymentsIn("development", before))
                .containsExactly("db 2.0", "api 2.0", "web 2.0", "web 1.0", "api 1.0", "db 1.0");
        for (String app : List.of("db", "api", "web")) {
            assertThat(bench.ledger.environment(app, "development").lastKnownGood()).get().extracting(d -> d.version())
                    .as(app).isEqualTo("1.0");
        }
        assertThat(restarted.resume(requested, app -> bench.deployer, app -> bench.gate(app, "development")).join().label())
                .as("a second resume finds the outcome recorded").isEqualTo("rolled-back");
        assertThat(bench.deployer.history()).hasSize(before + 6);
    }

    @Test
    void cancellingARequestWaitingInLineWithdrawsItAndFailsTheComponentsAlreadyAdmitted() {
        Artifact db = bench.register("db", "1.0");
        Artifact api = bench.register("api", "1.0");
        Artifact web = bench.register("web", "1.0");
        ReleaseManifest manifest = release("2026.1", db, api, web);
        promote(manifest, "development");
        Promotion holding = bench.service.request(io.jenkins.plugins.routetolive.engine.promotion.PromotionRequest.of("api",
                api.digest(), "test", bench.developer)).join();
        List<Promotion> admitted = new CopyOnWriteArrayList<>();

        CompletableFuture<ManifestPromotion> requested = rollout.request(manifest, "test", bench.developer, Optional.empty(),
                "", admitted::add);
        assertThat(requested).as("api waits in line behind " + holding.id()).isNotDone();
        assertThat(admitted).extracting(p -> p.artifact().application()).containsExactly("db");
        requested.cancel(false);

        assertThat(bench.ledger.promotion(admitted.get(0).id()).orElseThrow().state()).isEqualTo(PromotionState.FAILED);
        bench.service.transition(holding.id(), PromotionState.FAILED, "system", "given up");
        assertThat(bench.ledger.activePromotions()).as("nothing was admitted after the cancellation").isEmpty();
    }

    private static void await(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 20 s").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }
}
