package io.jenkins.plugins.routetolive.engine.ledger;

import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.artifact.Digest;
import io.jenkins.plugins.routetolive.engine.artifact.Digests;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ledger's answers, built by applying entries in order. */
class LedgerIndexTest {

    static final Instant T0 = Instant.parse("2026-11-18T10:00:00Z");
    static final Artifact V1 = artifact("shop", "1.0.0");
    static final Artifact V2 = artifact("shop", "1.1.0");
    static final Artifact CART = artifact("cart", "3.0.0");

    private final InMemoryLedger ledger = new InMemoryLedger();
    private int seconds;

    @Test
    void assignsSequenceNumbersFromOneInAppendOrder() {
        LedgerEntry first = register(V1);
        LedgerEntry second = register(V2);

        assertThat(first.sequence()).isEqualTo(1);
        assertThat(second.sequence()).isEqualTo(2);
        assertThat(ledger.size()).isEqualTo(2);
    }

    @Test
    void registrationIsFoundByVersionAndByDigestAndCountsAsVerifiedInTheEntry() {
        register(V1);

        var byVersion = ledger.registration("shop", "1.0.0").orElseThrow();
        assertThat(byVersion.artifact()).isEqualTo(V1);
        assertThat(byVersion.sourceRevision()).isEqualTo("abc123");
        assertThat(byVersion.buildReference()).isEqualTo("ci#1");
        assertThat(ledger.registration("shop", V1.digest())).contains(byVersion);
        assertThat(ledger.registration("cart", V1.digest())).isEmpty();
        assertThat(ledger.verifiedIn("shop", "build", V1.digest())).isTrue();
        assertThat(ledger.environment("shop", "build").lastKnownGood()).map(Deployed::digest).contains(V1.digest());
    }

    @Test
    void deployingChangesWhatRunsButOnlyVerifiedChangesTheLastKnownGood() {
        register(V1);
        state("p1", V1, "development", PromotionState.REQUESTED);
        state("p1", V1, "development", PromotionState.DEPLOYING);

        EnvironmentState deploying = ledger.environment("shop", "development");
        assertThat(deploying.current()).map(Deployed::digest).contains(V1.digest());
        assertThat(deploying.current()).map(Deployed::promotionId).contains("p1");
        assertThat(deploying.lastKnownGood()).isEmpty();
        assertThat(ledger.verifiedIn("shop", "development", V1.digest())).isFalse();

        state("p1", V1, "development", PromotionState.VERIFYING);
        state("p1", V1, "development", PromotionState.VERIFIED);

        EnvironmentState verified = ledger.environment("shop", "development");
        assertThat(verified.current()).map(Deployed::version).contains("1.0.0");
        assertThat(verified.lastKnownGood()).map(Deployed::version).contains("1.0.0");
        assertThat(ledger.verifiedIn("shop", "development", V1.digest())).isTrue();
        assertThat(ledger.verifiedIn("shop", "test", V1.digest())).isFalse();
    }

    @Test
    void rolledBackRestoresTheCurrentArtifactToTheRestoredDigest() {
        verifiedIn("p1", V1, "development");
        state("p2", V2, "development", PromotionState.REQUESTED);
        state("p2", V2, "development", PromotionState.DEPLOYING);
        assertThat(ledger.environment("shop", "development").current()).map(Deployed::digest).contains(V2.digest());
        state("p2", V2, "development", PromotionState.VERIFYING);
        state("p2", V2, "development", PromotionState.FAILED);
        state("p2", V2, "development", PromotionState.ROLLING_BACK);
        append(entry(EntryType.STATE_CHANGED, "p2", V2, "development", PromotionState.ROLLED_BACK, Map.of(
                LedgerEntry.Attributes.RESTORED_DIGEST, V1.digest().value(),
                LedgerEntry.Attributes.RESTORED_VERSION, V1.version())));

        EnvironmentState state = ledger.environment("shop", "development");
        assertThat(state.current()).map(Deployed::digest).contains(V1.digest());
        assertThat(state.current()).map(Deployed::version).contains("1.0.0");
        assertThat(state.lastKnownGood()).map(Deployed::digest).contains(V1.digest());
        assertThat(state.broken()).isFalse();
        assertThat(ledger.verifiedIn("shop", "development", V2.digest())).isFalse();
    }

    @Test
    void failureThatLeftNothingRunningClearsTheCurrentArtifact() {
        verifiedIn("p1", V1, "development");
        state("p2", V2, "development", PromotionState.REQUESTED);
        state("p2", V2, "development", PromotionState.DEPLOYING);
        append(entry(EntryType.STATE_CHANGED, "p2", V2, "development", PromotionState.FAILED,
                Map.of(LedgerEntry.Attributes.ENVIRONMENT_STATE, "scaled-to-zero")));

        EnvironmentState state = ledger.environment("shop", "development");
        assertThat(state.current()).isEmpty();
        assertThat(state.lastKnownGood()).map(Deployed::digest).contains(V1.digest());
    }

    @Test
    void failedRollbackMarksTheEnvironmentBrokenUntilResolved() {
        verifiedIn("p1", V1, "development");
        state("p2", V2, "development", PromotionState.REQUESTED);
        state("p2", V2, "development", PromotionState.FAILED);
        state("p2", V2, "development", PromotionState.ROLLING_BACK);
        append(entry(EntryType.STATE_CHANGED, "p2", V2, "development", PromotionState.ROLLBACK_FAILED, Map.of())
                .withReasonForTest("restore timed out"));

        assertThat(ledger.environment("shop", "development").broken()).isTrue();
        assertThat(ledger.environment("shop", "development").brokenReason()).isEqualTo("restore timed out");

        append(entry(EntryType.ENVIRONMENT_RESOLVED, "", V1, "development", null, Map.of()));

        assertThat(ledger.environment("shop", "development").broken()).isFalse();
        assertThat(ledger.environment("shop", "development").brokenReason()).isEmpty();
    }

    @Test
    void answersHistoryPerApplicationPerDigestAndPerPromotion() {
        register(V1);
        register(CART);
        verifiedIn("p1", V1, "development");
        register(V2);
        state("p2", V2, "development", PromotionState.REQUESTED);
        state("c1", CART, "development", PromotionState.REQUESTED);

        assertThat(ledger.history("shop")).extracting(LedgerEntry::version)
                .containsExactly("1.0.0", "1.0.0", "1.0.0", "1.0.0", "1.1.0", "1.1.0");
        assertThat(ledger.history("shop")).extracting(LedgerEntry::sequence).isSorted();
        assertThat(ledger.history("cart")).hasSize(2);
        assertThat(ledger.history("nobody")).isEmpty();
        assertThat(ledger.digestHistory(V1.digest())).extracting(LedgerEntry::type)
                .containsExactly(EntryType.ARTIFACT_REGISTERED, EntryType.STATE_CHANGED, EntryType.STATE_CHANGED,
                        EntryType.STATE_CHANGED);
        assertThat(ledger.digestHistory(V1.digest())).allSatisfy(e -> assertThat(e.digest()).isEqualTo(V1.digest()));
        assertThat(ledger.promotionHistory("p1")).extracting(LedgerEntry::state)
                .containsExactly(PromotionState.REQUESTED, PromotionState.DEPLOYING, PromotionState.VERIFIED);
        assertThat(ledger.applications()).containsExactly("cart", "shop");
    }

    @Test
    void promotionRecordFollowsStatesAndDecisions() {
        register(V1);
        append(entry(EntryType.STATE_CHANGED, "p1", V1, "test", PromotionState.REQUESTED, Map.of()).withActorForTest("dora"));
        state("p1", V1, "test", PromotionState.AWAITING_APPROVAL);
        append(entry(EntryType.APPROVAL_GIVEN, "p1", V1, "test", null, Map.of(LedgerEntry.Attributes.BYPASS, "true"))
                .withActorForTest("tess"));

        PromotionRecord record = ledger.promotion("p1").orElseThrow();
        assertThat(record.requester()).isEqualTo("dora");
        assertThat(record.state()).isEqualTo(PromotionState.AWAITING_APPROVAL);
        assertThat(record.environment()).isEqualTo("test");
        assertThat(record.approvers()).containsExactly("tess");
        assertThat(record.decisions()).singleElement().satisfies(d -> assertThat(d.bypass()).isTrue());
        assertThat(ledger.promotion("p-none")).isEmpty();
    }

    @Test
    void activePromotionsAreThoseNotYetInAFinalState() {
        register(V1);
        register(V2);
        verifiedIn("p1", V1, "development");
        state("p2", V2, "development", PromotionState.REQUESTED);
        state("p3", V1, "test", PromotionState.REQUESTED);
        state("p3", V1, "test", PromotionState.AWAITING_APPROVAL);
        state("p3", V1, "test", PromotionState.REJECTED);

        assertThat(ledger.activePromotions()).extracting(PromotionRecord::id).containsExactly("p2");
    }

    @Test
    void environmentsListsEveryEnvironmentTheApplicationHasBeenIn() {
        register(V1);
        verifiedIn("p1", V1, "development");
        register(CART);

        assertThat(ledger.environments("shop")).extracting(EnvironmentState::environment)
                .containsExactlyInAnyOrder("build", "development");
        assertThat(ledger.environment("shop", "production")).isEqualTo(EnvironmentState.empty("shop", "production"));
    }

    @Test
    void entriesCarryTheirStateOnlyWhenTheyAreStateChanges() {
        assertThatThrownBy(() -> new LedgerEntry(0, T0, EntryType.STATE_CHANGED, "p1", "shop", "1.0.0", V1.digest(),
                "test", null, "system", "", Map.of())).hasMessageContaining("must name the new state");
        assertThatThrownBy(() -> new LedgerEntry(0, T0, EntryType.GATE_VERDICT, "p1", "shop", "1.0.0", V1.digest(),
                "test", PromotionState.VERIFIED, "system", "", Map.of())).hasMessageContaining("only STATE_CHANGED entries");
        LedgerEntry e = new LedgerEntry(0, T0, EntryType.GATE_VERDICT, null, "shop", "1.0.0", V1.digest(), null, null,
                null, null, Map.of("z", "1", "a", "2"));
        assertThat(e.attributes().keySet()).containsExactly("a", "z");
        assertThat(e.actor()).isEqualTo("system");
        assertThat(e.promotionId()).isEmpty();
    }

    private void verifiedIn(String id, Artifact artifact, String environment) {
        state(id, artifact, environment, PromotionState.REQUESTED);
        state(id, artifact, environment, PromotionState.DEPLOYING);
        state(id, artifact, environment, PromotionState.VERIFIED);
    }

    private LedgerEntry register(Artifact artifact) {
        return append(new LedgerEntry(0, next(), EntryType.ARTIFACT_REGISTERED, "", artifact.application(), artifact.version(),
                artifact.digest(), "build", null, "dora", "", Map.of(LedgerEntry.Attributes.SOURCE_REVISION, "abc123",
                LedgerEntry.Attributes.BUILD, "ci#1")));
    }

    private void state(String id, Artifact artifact, String environment, PromotionState state) {
        append(entry(EntryType.STATE_CHANGED, id, artifact, environment, state, Map.of()));
    }

    private Entry entry(EntryType type, String id, Artifact artifact, String environment, PromotionState state,
                        Map<String, String> attributes) {
        return new Entry(new LedgerEntry(0, next(), type, id, artifact.application(), artifact.version(), artifact.digest(),
                environment, state, "system", "", attributes));
    }

    private LedgerEntry append(Entry entry) {
        return append(entry.value);
    }

    private LedgerEntry append(LedgerEntry entry) {
        return ledger.append(entry);
    }

    private Instant next() {
        return T0.plusSeconds(seconds++);
    }

    static Artifact artifact(String application, String version) {
        Digest digest = Digests.ofBytes((application + " " + version).getBytes(StandardCharsets.UTF_8));
        return new Artifact(application, version, digest);
    }

    /** An entry being built, with the odd field changed. */
    private record Entry(LedgerEntry value) {
        Entry withReasonForTest(String reason) {
            LedgerEntry e = value;
            return new Entry(new LedgerEntry(e.sequence(), e.time(), e.type(), e.promotionId(), e.application(), e.version(),
                    e.digest(), e.environment(), e.state(), e.actor(), reason, e.attributes()));
        }

        Entry withActorForTest(String actor) {
            LedgerEntry e = value;
            return new Entry(new LedgerEntry(e.sequence(), e.time(), e.type(), e.promotionId(), e.application(), e.version(),
                    e.digest(), e.environment(), e.state(), actor, e.reason(), e.attributes()));
        }
    }
}
