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

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
}
