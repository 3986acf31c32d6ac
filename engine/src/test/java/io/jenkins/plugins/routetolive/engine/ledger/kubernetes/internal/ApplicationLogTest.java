package io.jenkins.plugins.routetolive.engine.ledger.kubernetes.internal;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.jenkins.plugins.routetolive.engine.artifact.Digest;
import io.jenkins.plugins.routetolive.engine.ledger.EntryType;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a watch can deliver: chunks out of order (a relist after 410 Gone lists them in any order), the same version
 * twice (a relist, or the answer to this controller's own write followed by its watch event), an older version after
 * a newer one (a GET after a conflict overtakes the watch). Each record is handed out exactly once, in log order.
 */
class ApplicationLogTest {

    private int resourceVersion = 100;

    private ConfigMap chunk(int number, long first, long sealedThrough, long... positions) {
        Map<String, String> data = new HashMap<>();
        for (long p : positions) {
            data.put(EntryJson.key(p), EntryJson.write(new LedgerEntry(p * 10, Instant.parse("2026-11-22T06:00:00Z"),
                    EntryType.STATE_CHANGED, "p" + p, "shop", "1." + p, new Digest(String.format("sha256:%064x", p)),
                    "test", PromotionState.REQUESTED, "ci", "", Map.of()), "jenkins-a"));
        }
        Map<String, String> annotations = new HashMap<>(Map.of(ResourceNames.APPLICATION_ANNOTATION, "shop",
                ResourceNames.FIRST_POSITION_ANNOTATION, String.valueOf(first)));
        if (sealedThrough > 0) {
            annotations.put(ResourceNames.SEALED_THROUGH_ANNOTATION, String.valueOf(sealedThrough));
        }
        return new ConfigMapBuilder().withNewMetadata().withName("rtl-log-shop-x-" + number)
                .withResourceVersion(String.valueOf(resourceVersion++)).withLabels(ResourceNames.logLabels("shop", number))
                .withAnnotations(annotations).endMetadata().withData(data).build();
    }

    private static List<Long> positions(List<ApplicationLog.Record> records) {
        return records.stream().map(ApplicationLog.Record::position).toList();
    }

    @Test
    void aLaterChunkWaitsUntilTheOnesBeforeItAreRead() {
        ApplicationLog log = new ApplicationLog("shop");
        assertThat(log.offer(chunk(1, 4, 0, 4, 5))).isEmpty();
        assertThat(log.head().complete()).as("positions 1-3 are missing").isFalse();
        assertThat(positions(log.offer(chunk(0, 1, 3, 1, 2, 3)))).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(log.head().nextPosition()).isEqualTo(6);
        assertThat(log.head().complete()).isTrue();
    }

    @Test
    void theSameChunkTwiceOrAnOlderVersionOfItAddsNothing() {
        ApplicationLog log = new ApplicationLog("shop");
        ConfigMap older = chunk(0, 1, 0, 1, 2);
        ConfigMap newer = chunk(0, 1, 0, 1, 2, 3);
        assertThat(positions(log.offer(newer))).containsExactly(1L, 2L, 3L);
        assertThat(log.offer(newer)).isEmpty();
        assertThat(log.offer(older)).isEmpty();
        assertThat(log.head().chunk()).as("the head stays the newest version read").isSameAs(newer);
        assertThat(positions(log.offer(chunk(0, 1, 0, 1, 2, 3, 4)))).containsExactly(4L);
    }

    @Test
    void positionsRetentionRemovedFromASealedChunkAreSkippedNotAwaited() {
        ApplicationLog log = new ApplicationLog("shop");
        assertThat(positions(log.offer(chunk(0, 1, 40, 3, 17, 40)))).containsExactly(3L, 17L, 40L);
        assertThat(positions(log.offer(chunk(5, 41, 0, 41)))).containsExactly(41L);
        assertThat(log.appliedThrough()).isEqualTo(41);
    }

    @Test
    void recordsCarryTheirEntryAndTheControllerThatWroteThem() {
        ApplicationLog.Record record = new ApplicationLog("shop").offer(chunk(0, 1, 0, 1)).get(0);
        assertThat(record.entry().promotionId()).isEqualTo("p1");
        assertThat(record.entry().sequence()).isEqualTo(10);
        assertThat(record.controller()).isEqualTo("jenkins-a");
    }
}
