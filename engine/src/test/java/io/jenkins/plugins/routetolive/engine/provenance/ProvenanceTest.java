package io.jenkins.plugins.routetolive.engine.provenance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.routetolive.engine.approval.Actor;
import io.jenkins.plugins.routetolive.engine.approval.Privilege;
import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.artifact.Digests;
import io.jenkins.plugins.routetolive.engine.ledger.EntryType;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.manifest.ManifestRollout;
import io.jenkins.plugins.routetolive.engine.manifest.ReleaseManifest;
import io.jenkins.plugins.routetolive.engine.policy.FreezeOverride;
import io.jenkins.plugins.routetolive.engine.policy.WaitMode;
import io.jenkins.plugins.routetolive.engine.promotion.Promotion;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionRequest;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;
import io.jenkins.plugins.routetolive.engine.rehearsal.RehearsalRollout;
import io.jenkins.plugins.routetolive.engine.testing.RouteBench;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProvenanceTest {

    private RouteBench bench;
    private Provenance provenance;

    @BeforeEach
    void start() throws Exception {
        bench = new RouteBench(true);
        provenance = new Provenance(bench.ledger, bench.route);
    }

    @AfterEach
    void stop() {
        bench.close();
    }

    /** Production is frozen in this bench: a release manager overrides, two others approve. */
    private void promoteToProduction(Artifact artifact) {
        Actor rhea = Actor.of("rhea", "release-managers").withPrivileges(Privilege.OVERRIDE);
        Promotion p = bench.service.request(new PromotionRequest(artifact.application(), null, artifact.digest(), "production",
                rhea, Optional.of(new FreezeOverride("INC-42 hotfix")), WaitMode.WAIT, "ci/prod#1")).join();
        bench.approve(p.id(), "production");
        assertThat(new RehearsalRollout(bench.service).deployAndVerify(p.id(), bench.deployer,
                bench.gate(artifact.application(), "production")).join().state()).isEqualTo(PromotionState.VERIFIED);
    }

    private static List<String> texts(JsonNode array, String field) {
        return StreamSupport.stream(array.spliterator(), false).map(n -> n.path(field).asText()).toList();
    }

    @Test
    void tellsTheWholeStoryOfADigestThatWentThroughAllSixEnvironmentsWithOneRollbackAsAnInTotoStatement() throws Exception {
        Artifact old = bench.register("shop", "1.0.0");
        for (String env : List.of("development", "test", "stage")) {
            bench.promote(old, env);
        }
        promoteToProduction(old);
        Artifact shop = bench.register("shop", "1.1.0");
        bench.promote(shop, "development");
        bench.sick("test", "shop", "1.1.0");
        assertThat(bench.promote(shop, "test").state()).isEqualTo(PromotionState.ROLLED_BACK);
        bench.healthy("test", "shop", "1.1.0");
        for (String env : List.of("test", "stage")) {
            assertThat(bench.promote(shop, env).state()).isEqualTo(PromotionState.VERIFIED);
        }
        promoteToProduction(shop);

        String json = provenance.forDigest("shop", shop.digest()).toInTotoJson();
        JsonNode statement = new ObjectMapper().readTree(json);

        assertThat(statement.path("_type").asText()).isEqualTo("https://in-toto.io/Statement/v1");
        assertThat(statement.path("subject")).hasSize(1);
        assertThat(statement.path("subject").get(0).path("name").asText()).isEqualTo("shop");
        assertThat(statement.path("subject").get(0).path("digest").path("sha256").asText()).isEqualTo(shop.digest().hex());
        assertThat(statement.path("predicateType").asText()).isEqualTo("https://routetolive.jenkins.io/provenance/v1");
        JsonNode story = statement.path("predicate").path("artifacts").get(0);
        assertThat(story.path("version").asText()).isEqualTo("1.1.0");
        assertThat(story.path("sourceRevision").asText()).isEqualTo(
                bench.ledger.registration("shop", shop.digest()).orElseThrow().sourceRevision());
        assertThat(story.path("build").asText()).isEqualTo("ci/shop#1.1.0");
        JsonNode visits = story.path("environments");
        assertThat(texts(visits, "environment")).containsExactly("local", "build", "development", "test", "test", "stage",
                "production");

        List<String> approvers = new ArrayList<>();
        visits.forEach(v -> v.path("approvals").forEach(a -> approvers.add(v.path("environment").asText() + ":"
                + a.path("approver").asText())));
        List<String> recordedApprovals = bench.ledger.digestHistory(shop.digest()).stream()
                .filter(e -> e.type() == EntryType.APPROVAL_GIVEN).map(e -> e.environment() + ":" + e.actor()).toList();
        assertThat(approvers).containsExactlyElementsOf(recordedApprovals)
                .containsExactly("test:tess", "test:tess", "stage:bob", "production:rita", "production:ravi");

        List<String> verdicts = new ArrayList<>();
        visits.forEach(v -> v.path("gates").forEach(g -> verdicts.add(v.path("environment").asText() + " "
                + g.path("judgedVersion").asText() + " " + g.path("verdict").asText() + ": " + g.path("summary").asText())));
        Set<String> promotions = StreamSupport.stream(visits.spliterator(), false).map(v -> v.path("promotionId").asText())
                .filter(id -> !id.isEmpty()).collect(Collectors.toSet());
        List<String> recordedVerdicts = bench.ledger.history("shop").stream()
                .filter(e -> e.type() == EntryType.GATE_VERDICT && promotions.contains(e.promotionId()))
                .map(e -> e.environment() + " " + e.version() + " " + e.attribute(LedgerEntry.Attributes.VERDICT) + ": " + e.reason())
                .toList();
        assertThat(verdicts).containsExactlyElementsOf(recordedVerdicts).hasSize(8)
                .anyMatch(v -> v.startsWith("test 1.1.0 failed"))
                .anyMatch(v -> v.startsWith("test 1.0.0 passed"))
                .anyMatch(v -> v.startsWith("stage 1.0.0 passed"));

        JsonNode rolledBack = visits.get(3);
        assertThat(rolledBack.path("outcome").asText()).isEqualTo("rolled back");
        assertThat(rolledBack.path("rollback").path("restoredVersion").asText()).isEqualTo("1.0.0");
        assertThat(StreamSupport.stream(visits.spliterator(), false).filter(v -> v.has("rollback"))).hasSize(1);
        assertThat(visits.get(5).path("rehearsals").get(0).path("result").asText()).isEqualTo("passed");
        assertThat(visits.get(6).path("overrides").get(0).path("by").asText()).isEqualTo("rhea");
        assertThat(visits.get(6).path("overrides").get(0).path("reason").asText()).isEqualTo("INC-42 hotfix");
        assertThat(texts(story.path("runningNow"), "environment"))
                .containsExactly("build", "development", "test", "stage", "production");

        JsonNode oldStory = new ObjectMapper().readTree(provenance.forDigest("shop", old.digest()).toInTotoJson())
                .path("predicate").path("artifacts").get(0);
        assertThat(texts(oldStory.path("restoredAsLastKnownGood"), "environment")).containsExactly("test");
        assertThat(oldStory.path("runningNow")).isEmpty();
    }

    @Test
    void saysSoForADigestThatNeverEnteredTheRoute() {
        bench.register("shop", "1.0.0");
        var stranger = Digests.ofBytes("never built here".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> provenance.forDigest("shop", stranger))
                .isInstanceOf(NotInRouteException.class)
                .hasMessageStartingWith("shop " + stranger + " never entered route 'default': no build registered it")
                .hasMessageContaining("1 registered artifact(s) of shop");
    }

    @Test
    void tellsTheStoryOfAManifestAndNamesComponentsThatNeverEnteredTheRoute() throws Exception {
        Artifact db = bench.register("db", "1.0");
        Artifact api = bench.register("api", "1.0");
        ReleaseManifest manifest = ReleaseManifest.of("shop-release", "1", List.of(
                bench.ledger.registration("db", db.digest()).orElseThrow(),
                bench.ledger.registration("api", api.digest()).orElseThrow()));
        new ManifestRollout(bench.service).promote(manifest, "development", bench.developer, Optional.empty(),
                app -> bench.deployer, app -> bench.gate(app, "development")).join();

        JsonNode statement = new ObjectMapper().readTree(provenance.forManifest(manifest).toInTotoJson());

        assertThat(texts(statement.path("subject"), "name")).containsExactly("api", "db", "manifest:shop-release");
        assertThat(statement.path("subject").get(2).path("digest").path("sha256").asText()).isEqualTo(manifest.digest().hex());
        JsonNode promotions = statement.path("predicate").path("manifest").path("promotions");
        assertThat(texts(promotions, "outcome")).containsExactly("verified");
        assertThat(statement.path("predicate").path("artifacts").get(0).path("environments").get(2).path("manifest").asText())
                .isEqualTo("shop-release 1");

        Artifact stranger = new Artifact("cache", "1.0", Digests.ofBytes("cache".getBytes(StandardCharsets.UTF_8)));
        ReleaseManifest withStranger = new ReleaseManifest("shop-release", "2", List.of(
                io.jenkins.plugins.routetolive.engine.manifest.ManifestComponent.of(db),
                io.jenkins.plugins.routetolive.engine.manifest.ManifestComponent.of(stranger)));
        assertThatThrownBy(() -> provenance.forManifest(withStranger)).isInstanceOf(NotInRouteException.class)
                .hasMessageContaining("never entered route 'default': cache 1.0");
    }
}
