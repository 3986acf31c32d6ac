package io.jenkins.plugins.routetolive.engine.ledger.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.jenkins.plugins.routetolive.engine.artifact.Digest;
import io.jenkins.plugins.routetolive.engine.ledger.EntryType;
import io.jenkins.plugins.routetolive.engine.ledger.EnvironmentState;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;
import io.jenkins.plugins.routetolive.engine.support.Eventually;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@EnableKubernetesMockClient(crud = true)
class KubernetesLedgerRetentionTest {

    private static final String NS = "ci";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T06:00:00Z"), ZoneOffset.UTC);
    private static final List<String> ENVIRONMENTS = List.of("development", "test", "stage");

    KubernetesClient client;

    private static Digest digest(int n) {
        return new Digest(String.format("sha256:%064x", n));
    }

    private static LedgerEntry state(int n, String environment, PromotionState state) {
        return new LedgerEntry(0, CLOCK.instant().plusSeconds(n), EntryType.STATE_CHANGED, "p" + n + "-" + environment,
                "shop", "1." + n, digest(n), environment, state, "ci", "", Map.of());
    }

    /** 30 versions through three environments (even ones fail in stage), plus one promotion still deploying. */
    private static void history(KubernetesLedger ledger) {
        for (int n = 1; n <= 30; n++) {
            ledger.append(new LedgerEntry(0, CLOCK.instant().plusSeconds(n), EntryType.ARTIFACT_REGISTERED, "", "shop",
                    "1." + n, digest(n), "build", null, "ci", "", Map.of(LedgerEntry.Attributes.SOURCE_REVISION, "c0ffee" + n)));
            for (String environment : ENVIRONMENTS) {
                ledger.append(state(n, environment, PromotionState.REQUESTED));
                ledger.append(state(n, environment, PromotionState.DEPLOYING));
                boolean fails = environment.equals("stage") && n % 2 == 0;
                ledger.append(state(n, environment, fails ? PromotionState.FAILED : PromotionState.VERIFIED));
            }
        }
        ledger.append(state(31, "development", PromotionState.REQUESTED));
        ledger.append(state(31, "development", PromotionState.DEPLOYING));
    }

    @Test
    void dropsOldHistoryButNeverCurrentOrLastKnownGoodStateAndKeepsWriting() {
        KubernetesLedger writer = new KubernetesLedger(client, NS, "jenkins-a", CLOCK, 8192);
        history(writer);
        long recordsBefore = records();

        CompactionReport report = writer.compact(20);

        assertThat(report.applications()).isEqualTo(1);
        assertThat(report.recordsDropped()).isPositive();
        assertThat(records()).isEqualTo(recordsBefore - report.recordsDropped());
        KubernetesLedger reader = new KubernetesLedger(client, NS, "jenkins-b", CLOCK, 8192);
        assertThat(reader.history("shop")).hasSizeLessThan(writer.history("shop").size());
        for (String environment : ENVIRONMENTS) {
            EnvironmentState before = writer.environment("shop", environment);
            EnvironmentState after = reader.environment("shop", environment);
            assertThat(after.current()).isEqualTo(before.current());
            assertThat(after.lastKnownGood()).isEqualTo(before.lastKnownGood());
            assertThat(after.broken()).isEqualTo(before.broken());
        }
        for (int n = 1; n <= 30; n++) {
            assertThat(reader.verifiedIn("shop", "test", digest(n))).as("1.%d verified in test", n).isTrue();
            assertThat(reader.registration("shop", "1." + n)).isPresent();
        }
        assertThat(reader.activePromotions()).extracting(p -> p.id()).containsExactly("p31-development");

        assertThat(writer.compact(20).recordsDropped()).as("a second run finds nothing more to drop").isZero();
        long sizeBefore = writer.size();
        writer.append(state(31, "development", PromotionState.VERIFIED));
        assertThat(writer.size()).as("the writer counts nothing twice").isEqualTo(sizeBefore + 1);
        Eventually.until("the reader sees the write after the compaction",
                () -> reader.activePromotions().isEmpty() && reader.verifiedIn("shop", "development", digest(31)));
    }

    private long records() {
        return client.configMaps().inNamespace(NS).withLabel("routetolive.io/kind", "ledger-log").list().getItems()
                .stream().mapToLong(c -> c.getData() == null ? 0 : c.getData().size()).sum();
    }

    @Test
    void twoControllersCompactingAtOnceLoseNothing() throws Exception {
        KubernetesLedger a = new KubernetesLedger(client, NS, "jenkins-a", CLOCK, 8192);
        KubernetesLedger b = new KubernetesLedger(client, NS, "jenkins-b", CLOCK, 8192);
        history(a);
        var first = java.util.concurrent.CompletableFuture.supplyAsync(() -> a.compact(10));
        var second = java.util.concurrent.CompletableFuture.supplyAsync(() -> b.compact(10));
        first.get();
        second.get();
        KubernetesLedger fresh = new KubernetesLedger(client, NS, "jenkins-c", CLOCK, 8192);
        for (String environment : ENVIRONMENTS) {
            assertThat(fresh.environment("shop", environment)).isEqualTo(a.environment("shop", environment));
        }
        List<ConfigMap> chunks = client.configMaps().inNamespace(NS).withLabel("routetolive.io/kind", "ledger-log").list().getItems();
        assertThat(chunks).allSatisfy(c -> assertThat(c.getData() == null ? 0 : c.getData().entrySet().stream()
                .mapToInt(e -> e.getKey().length() + e.getValue().length()).sum()).isLessThanOrEqualTo(8192));
    }
}
