package io.jenkins.plugins.routetolive.engine.promotion;

import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.artifact.Digests;
import io.jenkins.plugins.routetolive.engine.event.EventKind;
import io.jenkins.plugins.routetolive.engine.event.PromotionEvent;
import io.jenkins.plugins.routetolive.engine.ledger.EntryType;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.policy.WaitMode;
import io.jenkins.plugins.routetolive.engine.route.Environment;
import io.jenkins.plugins.routetolive.engine.route.Route;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import static io.jenkins.plugins.routetolive.engine.promotion.PromotionFixture.APP;
import static io.jenkins.plugins.routetolive.engine.promotion.PromotionFixture.DEVELOPER;
import static io.jenkins.plugins.routetolive.engine.promotion.PromotionFixture.artifact;
import static io.jenkins.plugins.routetolive.engine.promotion.PromotionFixture.failingFor;
import static io.jenkins.plugins.routetolive.engine.promotion.PromotionFixture.refusal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Artifact identity (promote, never rebuild) and sequential progression, through the promotion service. */
class PromotionRulesTest {

    private final PromotionFixture f = new PromotionFixture();

    @Test
    void registrationEntersTheArtifactIntoBuildWithItsSourceRevision() {
        Artifact v1 = f.registered("1.0.0");

        assertThat(f.ledger.verifiedIn(APP, "build", v1.digest())).isTrue();
        var registration = f.ledger.registration(APP, "1.0.0").orElseThrow();
        assertThat(registration.artifact()).isEqualTo(v1);
        assertThat(registration.sourceRevision()).isEqualTo("c0ffee100");
        assertThat(registration.registeredBy()).isEqualTo("dora");
        assertThat(f.events).extracting(PromotionEvent::kind).containsExactly(EventKind.REGISTERED);
    }

    @Test
    void registeringTheSameArtifactAgainChangesNothing() {
        Artifact v1 = f.registered("1.0.0");
        long size = f.ledger.size();

        f.service.register(v1, "c0ffee100", DEVELOPER, "build#again");

        assertThat(f.ledger.size()).isEqualTo(size);
    }

    @Test
    void refusesRegistrationWithoutSourceRevision() {
        assertThatThrownBy(() -> f.service.register(artifact("1.0.0"), " ", DEVELOPER, ""))
                .hasMessageContaining("source revision must name the commit");
        assertThat(f.ledger.size()).isZero();
    }

    @Test
    void refusesRebuildAtRegistrationNamingBothDigests() {
        Artifact v1 = f.registered("1.0.0");
        Artifact rebuilt = new Artifact(APP, "1.0.0", Digests.ofBytes("rebuilt".getBytes(StandardCharsets.UTF_8)));

        assertThatThrownBy(() -> f.service.register(rebuilt, "c0ffee100", DEVELOPER, ""))
                .isInstanceOf(PromotionRefusedException.class)
                .hasMessageContaining("shop 1.0.0 is already registered with digest " + v1.digest())
                .hasMessageContaining(rebuilt.digest().value())
                .hasMessageContaining("Promote, never rebuild");
        assertThat(f.ledger.registration(APP, "1.0.0")).map(r -> r.artifact().digest()).contains(v1.digest());
    }

    @Test
    void refusesRebuildAtRequestNamingBothDigests() {
        Artifact v1 = f.registered("1.0.0");
        Artifact rebuilt = new Artifact(APP, "1.0.0", Digests.ofBytes("rebuilt".getBytes(StandardCharsets.UTF_8)));
        PromotionRequest request = new PromotionRequest(APP, "1.0.0", rebuilt.digest(), "development", DEVELOPER,
                Optional.empty(), WaitMode.WAIT, "");

        RuntimeException refused = refusal(f.service.request(request));

        assertThat(refused).isInstanceOf(PromotionRefusedException.class)
                .hasMessageContaining("shop 1.0.0 was registered with digest " + v1.digest() + ", not " + rebuilt.digest())
                .hasMessageContaining("Promote, never rebuild");
    }

    @Test
    void refusesTheSameDigestRegisteredUnderAnotherVersion() {
        Artifact v1 = f.registered("1.0.0");
        Artifact renamed = new Artifact(APP, "1.0.1", v1.digest());

        assertThatThrownBy(() -> f.service.register(renamed, "c0ffee100", DEVELOPER, ""))
                .isInstanceOf(PromotionRefusedException.class)
                .hasMessageContaining(v1.digest() + " is already registered as shop 1.0.0")
                .hasMessageContaining("Promote 1.0.0 instead");
    }

    @Test
    void refusesARequestNamingTheDigestWithAnotherVersion() {
        Artifact v1 = f.registered("1.0.0");
        PromotionRequest request = new PromotionRequest(APP, "2.0.0", v1.digest(), "development", DEVELOPER,
                Optional.empty(), WaitMode.WAIT, "");

        assertThat(refusal(f.service.request(request)))
                .isInstanceOf(PromotionRefusedException.class)
                .hasMessageContaining("that digest is registered as version 1.0.0");
    }

    @Test
    void refusesUnregisteredArtifactsByDigestAndByVersion() {
        Artifact unknown = artifact("9.9.9");

        assertThat(refusal(f.service.request(f.requestOf(unknown, "development", DEVELOPER))))
                .isInstanceOf(PromotionRefusedException.class)
                .hasMessageContaining("Cannot promote shop " + unknown.digest() + ": no such artifact has been registered");
        PromotionRequest byVersion = new PromotionRequest(APP, "9.9.9", null, "development", DEVELOPER,
                Optional.empty(), WaitMode.WAIT, "");
        assertThat(refusal(f.service.request(byVersion)))
                .hasMessageContaining("Cannot promote shop 9.9.9: no such version has been registered");
        assertThat(f.ledger.activePromotions()).isEmpty();
    }

    @Test
    void refusesSkippingAnEnvironmentNamingTheOneStillMissing() {
        Artifact v1 = f.registered("1.0.0");

        RuntimeException refused = refusal(f.service.request(f.requestOf(v1, "test", DEVELOPER)));

        assertThat(refused).isInstanceOf(PromotionRefusedException.class)
                .hasMessage("Cannot promote shop 1.0.0 (" + v1.digest().shortForm() + ") to test: it has not passed development "
                        + "(route 'default': local → build → development → test → stage → production). "
                        + "Promote it to development first.");
    }

    @Test
    void refusesProductionUntilTheSameDigestPassedStage() {
        Artifact v1 = f.registered("1.0.0");
        f.promoteThrough(v1, "test");

        assertThat(refusal(f.service.request(f.requestOf(v1, "production", DEVELOPER))))
                .hasMessageContaining("it has not passed stage")
                .hasMessageContaining("Promote it to stage first.");
    }

    @Test
    void anotherDigestVerifiedBeforeDoesNotCount() {
        Artifact v1 = f.registered("1.0.0");
        Artifact v2 = f.registered("1.1.0");
        f.promoteThrough(v1, "development");

        assertThat(refusal(f.service.request(f.requestOf(v2, "test", DEVELOPER))))
                .hasMessageContaining("Cannot promote shop 1.1.0")
                .hasMessageContaining("it has not passed development");
    }

    @Test
    void aFailedVerificationDoesNotCountAsPassed() {
        Artifact v1 = f.registered("1.0.0");
        Promotion promotion = f.request(v1, "development");

        PromotionOutcome outcome = f.deployAndVerify(promotion, failingFor(a -> true));

        assertThat(outcome.succeeded()).isFalse();
        assertThat(f.ledger.verifiedIn(APP, "development", v1.digest())).isFalse();
        assertThat(refusal(f.service.request(f.requestOf(v1, "test", DEVELOPER))))
                .hasMessageContaining("it has not passed development");
    }

    @Test
    void refusesPromotionIntoLocalAndBuild() {
        Artifact v1 = f.registered("1.0.0");

        assertThat(refusal(f.service.request(f.requestOf(v1, "local", DEVELOPER))))
                .isInstanceOf(PromotionRefusedException.class)
                .hasMessageContaining("does not allow promotion into 'local'")
                .hasMessageContaining("nothing is deployed there by a pipeline");
        assertThat(refusal(f.service.request(f.requestOf(v1, "build", DEVELOPER))))
                .hasMessageContaining("does not allow promotion into 'build'");
        assertThat(refusal(f.service.request(f.requestOf(v1, "qa", DEVELOPER))))
                .hasMessageContaining("route 'default' has no environment 'qa'");
    }

    @Test
    void promotesOneDigestThroughEveryEnvironmentInOrder() {
        Artifact v1 = f.registered("1.0.0");

        f.promoteThrough(v1, "production");

        for (String env : List.of("build", "development", "test", "stage", "production")) {
            assertThat(f.ledger.verifiedIn(APP, env, v1.digest())).as(env).isTrue();
        }
        for (String env : List.of("development", "test", "stage", "production")) {
            assertThat(f.ledger.environment(APP, env).current()).as(env).map(d -> d.digest()).contains(v1.digest());
            assertThat(f.deployer.running(APP, env)).as(env).contains(v1);
        }
        List<String> verifiedIn = f.ledger.digestHistory(v1.digest()).stream()
                .filter(e -> e.type() == EntryType.STATE_CHANGED && e.state() == PromotionState.VERIFIED)
                .map(LedgerEntry::environment).toList();
        assertThat(verifiedIn).containsExactly("development", "test", "stage", "production");
        assertThat(f.ledger.activePromotions()).isEmpty();
        assertThat(f.events).filteredOn(e -> e.kind() == EventKind.VERIFIED).extracting(PromotionEvent::environment)
                .containsExactly("development", "test", "stage", "production");
        assertThat(f.events).extracting(PromotionEvent::message).allSatisfy(m -> assertThat(m).doesNotContain("\n"));
    }

    @Test
    void onARouteWithoutEntryRegistrationAloneAdmitsIntoTheFirstEnvironment() {
        Route small = new Route("small", List.of(Environment.deploy("development"), Environment.deploy("staging"),
                Environment.deploy("production")));
        PromotionFixture g = new PromotionFixture(small);
        Artifact v1 = g.registered("1.0.0");

        Promotion promotion = g.request(v1, "development");

        assertThat(promotion.state()).isEqualTo(PromotionState.REQUESTED);
        assertThat(refusal(g.service.request(g.requestOf(v1, "production", DEVELOPER))))
                .hasMessageContaining("it has not passed staging");
        g.promoteThrough(v1, "production");
        assertThat(g.ledger.verifiedIn(APP, "production", v1.digest())).isTrue();
    }
}
