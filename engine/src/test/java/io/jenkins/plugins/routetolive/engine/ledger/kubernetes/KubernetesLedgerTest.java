package io.jenkins.plugins.routetolive.engine.ledger.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.jenkins.plugins.routetolive.engine.artifact.Digest;
import io.jenkins.plugins.routetolive.engine.ledger.EntryType;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.metrics.ChangeFailureRate;
import io.jenkins.plugins.routetolive.engine.metrics.DurationSummary;
import io.jenkins.plugins.routetolive.engine.metrics.MetricsWindow;
import io.jenkins.plugins.routetolive.engine.metrics.WindowMeasures;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;
import io.jenkins.plugins.routetolive.engine.support.Eventually;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@EnableKubernetesMockClient(crud = true)
class KubernetesLedgerTest {

    private static final String NS = "ci";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T06:00:00Z"), ZoneOffset.UTC);

    KubernetesClient client;

    static LedgerEntry entry(String app, String env, int n, PromotionState state, String writer) {
        return new LedgerEntry(0, CLOCK.instant().plusSeconds(n), EntryType.STATE_CHANGED, writer + "-" + n, app, "1." + n,
                new Digest(String.format("sha256:%064x", n)), env, state, writer, "", Map.of());
    }

    @Test
    void concurrentAppendsFromTwoControllersAllLandInOneOrderWithoutGaps() throws Exception {
        KubernetesLedger controllerA = new KubernetesLedger(client, NS, "jenkins-a", CLOCK);
        KubernetesLedger controllerB = new KubernetesLedger(client, NS, "jenkins-b", CLOCK);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<List<Long>>> writers = new ArrayList<>();
        try {
            for (int t = 0; t < 4; t++) {
                KubernetesLedger ledger = t % 2 == 0 ? controllerA : controllerB;
                String writer = "writer" + t;
                writers.add(pool.submit(() -> {
                    List<Long> sequences = new ArrayList<>();
                    for (int i = 0; i < 15; i++) {
                        sequences.add(ledger.append(entry("shop", "test", i, PromotionState.REQUESTED, writer)).sequence());
                    }
                    return sequences;
                }));
            }
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> w : writers) {
                all.addAll(w.get());
            }
            assertThat(all).hasSize(60).doesNotHaveDuplicates();
            System.out.printf("two controllers, 60 appends: %d conflicts re-read and retried%n",
                    controllerA.conflictsRetried() + controllerB.conflictsRetried());
        } finally {
            pool.shutdown();
        }
        assertThat(chunks("shop")).flatExtracting(c -> c.getData().keySet())
                .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, 60).mapToObj(p -> String.format("%020d", p)).toList());
        KubernetesLedger fresh = new KubernetesLedger(client, NS, "jenkins-c", CLOCK);
        for (KubernetesLedger ledger : List.of(controllerA, controllerB, fresh)) {
            Eventually.until(ledger.controller() + " has read all 60", () -> ledger.size() == 60);
            assertThat(ledger.history("shop")).extracting(LedgerEntry::sequence)
                    .containsExactlyElementsOf(fresh.history("shop").stream().map(LedgerEntry::sequence).toList())
                    .isSorted();
            assertThat(ledger.history("shop")).extracting(LedgerEntry::actor).filteredOn("writer3"::equals).hasSize(15);
        }
    }

    @Test
    void aWriteIsSeenByItsWriterAtOnceAndByTheOtherControllerThroughTheWatch() {
        KubernetesLedger controllerA = new KubernetesLedger(client, NS, "jenkins-a", CLOCK);
        KubernetesLedger controllerB = new KubernetesLedger(client, NS, "jenkins-b", CLOCK);
        Digest one = new Digest(String.format("sha256:%064x", 1));
        controllerA.append(entry("shop", "test", 1, PromotionState.DEPLOYING, "a"));
        controllerA.append(entry("shop", "test", 1, PromotionState.VERIFIED, "a"));
        assertThat(controllerA.verifiedIn("shop", "test", one)).as("the writer, without waiting").isTrue();

        Eventually.until("B sees A's verification", () -> controllerB.verifiedIn("shop", "test", one));
        assertThat(controllerB.environment("shop", "test").lastKnownGood()).get()
                .extracting(d -> d.digest().value()).isEqualTo(one.value());
        assertThat(controllerB.append(entry("cart", "stage", 1, PromotionState.REQUESTED, "b")).sequence())
                .as("numbered after everything B has seen, in any application").isEqualTo(3);
        assertThat(controllerB.controllerOf("a-1")).contains("jenkins-a");
        assertThat(controllerA.controllerOf("nobody")).isEmpty();
    }

    @Test
    void answersDeliveryMetricsWithTheOtherControllersWrites() {
        KubernetesLedger controllerA = new KubernetesLedger(client, NS, "jenkins-a", CLOCK);
        KubernetesLedger controllerB = new KubernetesLedger(client, NS, "jenkins-b", CLOCK);
        controllerA.append(new LedgerEntry(0, CLOCK.instant(), EntryType.ARTIFACT_REGISTERED, "", "shop", "1.1",
                new Digest(String.format("sha256:%064x", 1)), "build", null, "ci", "",
                Map.of(LedgerEntry.Attributes.SOURCE_REVISION, "abc1")));
        controllerA.append(entry("shop", "production", 1, PromotionState.DEPLOYING, "a"));
        controllerA.append(entry("shop", "production", 1, PromotionState.VERIFIED, "a"));
        controllerB.append(entry("shop", "production", 2, PromotionState.DEPLOYING, "b"));
        controllerB.append(entry("shop", "production", 2, PromotionState.FAILED, "b"));
        MetricsWindow window = MetricsWindow.endingNow(Clock.offset(CLOCK, Duration.ofMinutes(1)));

        for (KubernetesLedger ledger : List.of(controllerA, controllerB)) {
            Eventually.until(ledger.controller() + " has read all 5", () -> ledger.size() == 5);
            WindowMeasures m = ledger.metrics("shop", window).current();
            assertThat(m.deploymentFrequency().deployments()).isEqualTo(1);
            assertThat(m.leadTime()).map(DurationSummary::max).contains(Duration.ofSeconds(1));
            assertThat(m.changeFailureRate()).isEqualTo(new ChangeFailureRate(1, 2));
            assertThat(m.failingSince()).contains(CLOCK.instant().plusSeconds(2));
        }
    }

    @Test
    void recordsAreFoundByLabelSelectorAndReadableAsJson() {
        KubernetesLedger ledger = new KubernetesLedger(client, NS, "jenkins-a", CLOCK);
        ledger.append(entry("shop", "production", 7, PromotionState.VERIFIED, "alice"));
        ledger.append(entry("cart", "production", 8, PromotionState.VERIFIED, "bob"));
        List<ConfigMap> found = client.configMaps().inNamespace(NS)
                .withLabel("app.kubernetes.io/managed-by", "route-to-live")
                .withLabel("routetolive.io/kind", "ledger-log")
                .withLabel("routetolive.io/application", "shop").list().getItems();
        assertThat(found).hasSize(1);
        assertThat(found.get(0).getMetadata().getName()).startsWith("rtl-log-shop-").endsWith("-0");
        assertThat(found.get(0).getData()).containsOnlyKeys(String.format("%020d", 1));
        assertThat(found.get(0).getData().values().iterator().next())
                .contains("\"application\":\"shop\"", "\"state\":\"VERIFIED\"", "\"environment\":\"production\"",
                        "\"actor\":\"alice\"", "\"controller\":\"jenkins-a\"");
    }

    @Test
    void sealsAFullChunkStartsTheNextAndReadsEveryChunkBackInOrder() {
        KubernetesLedger ledger = new KubernetesLedger(client, NS, "jenkins-a", CLOCK, 4096);
        for (int i = 0; i < 40; i++) {
            ledger.append(entry("shop", "test", i, PromotionState.REQUESTED, "ci"));
        }
        List<ConfigMap> chunks = chunks("shop");
        assertThat(chunks).hasSizeGreaterThan(2);
        assertThat(chunks).allSatisfy(c -> assertThat(c.getData().entrySet().stream()
                .mapToInt(e -> e.getKey().length() + e.getValue().length()).sum()).isLessThanOrEqualTo(4096));
        assertThat(chunks).filteredOn(c -> c.getMetadata().getAnnotations().containsKey("routetolive.io/sealed-through"))
                .hasSize(chunks.size() - 1);
        List<LedgerEntry> read = new KubernetesLedger(client, NS, "jenkins-b", CLOCK).history("shop");
        assertThat(read).extracting(LedgerEntry::version)
                .containsExactlyElementsOf(LongStream.range(0, 40).mapToObj(i -> "1." + i).toList());
    }

    @Test
    void readsTheShardsEarlierReleasesWroteAndNumbersNewRecordsAfterThem() {
        Digest one = new Digest(String.format("sha256:%064x", 1));
        LedgerEntry verified = new LedgerEntry(41, CLOCK.instant(), EntryType.STATE_CHANGED, "old-1", "shop", "1.1", one,
                "production", PromotionState.VERIFIED, "alice", "", Map.of());
        client.configMaps().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder().withNewMetadata()
                .withName("rtl-ledger-shop-production-0a1b2c3d-0")
                .withLabels(Map.of("app.kubernetes.io/managed-by", "route-to-live", "routetolive.io/kind", "ledger"))
                .endMetadata().addToData(String.format("%020d", 41),
                        io.jenkins.plugins.routetolive.engine.ledger.kubernetes.internal.EntryJson.write(verified, ""))
                .build()).create();

        KubernetesLedger ledger = new KubernetesLedger(client, NS, "jenkins-a", CLOCK);
        assertThat(ledger.verifiedIn("shop", "production", one)).isTrue();
        LedgerEntry next = ledger.append(entry("shop", "production", 2, PromotionState.REQUESTED, "bob"));
        assertThat(next.sequence()).isEqualTo(42);
        assertThat(new KubernetesLedger(client, NS, "jenkins-b", CLOCK).history("shop"))
                .extracting(LedgerEntry::promotionId).containsExactly("old-1", "bob-2");
    }

    @Test
    void aDecisionAnotherControllerInvalidatedMeanwhileIsRefusedNotWritten() {
        KubernetesLedger controllerA = new KubernetesLedger(client, NS, "jenkins-a", CLOCK);
        KubernetesLedger controllerB = new KubernetesLedger(client, NS, "jenkins-b", CLOCK);
        controllerA.append(entry("shop", "test", 1, PromotionState.REQUESTED, "a"));
        Eventually.until("B sees the request", () -> controllerB.promotion("a-1").isPresent());
        controllerB.close(); // B learns of A's next writes only when its own write conflicts
        controllerA.append(new LedgerEntry(0, CLOCK.instant(), EntryType.ARTIFACT_REGISTERED, "", "shop", "2.0",
                new Digest(String.format("sha256:%064x", 20)), "build", null, "ci-a", "",
                Map.of(LedgerEntry.Attributes.SOURCE_REVISION, "abc1")));
        controllerA.append(entry("shop", "test", 1, PromotionState.FAILED, "a"));

        assertThatThrownBy(() -> controllerB.append(new LedgerEntry(0, CLOCK.instant(), EntryType.ARTIFACT_REGISTERED, "",
                "shop", "2.0", new Digest(String.format("sha256:%064x", 21)), "build", null, "ci-b", "",
                Map.of(LedgerEntry.Attributes.SOURCE_REVISION, "abc2"))))
                .hasMessageContaining("shop 2.0 was registered with digest sha256:" + "0".repeat(62) + "14 by ci-a")
                .hasMessageContaining("Promote, never rebuild");
        assertThatThrownBy(() -> controllerB.append(entry("shop", "test", 1, PromotionState.VERIFIED, "a")))
                .as("a-1 (same id) was failed meanwhile: B may not record it verified")
                .hasMessageContaining("Promotion a-1 is FAILED now, recorded by controller jenkins-a, so it cannot move to VERIFIED");
        assertThat(new KubernetesLedger(client, NS, "jenkins-c", CLOCK).history("shop")).hasSize(3);
    }

    @Test
    void aChunkDeletedByHandIsReportedNotSkippedSilently() {
        KubernetesLedger writer = new KubernetesLedger(client, NS, "jenkins-a", CLOCK, 4096);
        for (int i = 0; i < 40; i++) {
            writer.append(entry("shop", "test", i, PromotionState.REQUESTED, "ci"));
        }
        client.configMaps().inNamespace(NS).withName(chunks("shop").stream().map(c -> c.getMetadata().getName())
                .filter(n -> n.endsWith("-1")).findFirst().orElseThrow()).delete();

        KubernetesLedger reader = new KubernetesLedger(client, NS, "jenkins-b", CLOCK, 4096);
        assertThat(reader.unreadableRecords()).singleElement().asString()
                .contains("of the log of shop are missing (was chunk ConfigMap rtl-log-shop-", "-1 deleted?)");
        assertThatThrownBy(() -> reader.append(entry("shop", "test", 41, PromotionState.REQUESTED, "ci")))
                .hasMessageContaining("Cannot append to the ledger of shop in namespace ci: positions")
                .hasMessageContaining("Restore the chunk from a backup");
    }

    private List<ConfigMap> chunks(String application) {
        return client.configMaps().inNamespace(NS).withLabel("routetolive.io/kind", "ledger-log")
                .withLabel("routetolive.io/application", application).list().getItems();
    }
}
