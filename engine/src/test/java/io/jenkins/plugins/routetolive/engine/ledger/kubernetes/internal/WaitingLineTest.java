package io.jenkins.plugins.routetolive.engine.ledger.kubernetes.internal;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WaitingLineTest {

    private static final Instant T = Instant.parse("2026-11-18T10:00:00Z");

    @Test
    void placesWhoseControllersStoppedRenewingAreDroppedButNeverTheCallersOwn() {
        WaitingLine line = WaitingLine.EMPTY
                .join(new WaitingLine.Place("jenkins-a/p1", T, T, 30))
                .join(new WaitingLine.Place("jenkins-b/p2", T, T.plusSeconds(20), 30))
                .join(new WaitingLine.Place("jenkins-a/p3", T, T, 30));
        WaitingLine later = line.withoutExpired(T.plusSeconds(31), "jenkins-a/p3");
        assertThat(later.places()).extracting(WaitingLine.Place::holder).containsExactly("jenkins-b/p2", "jenkins-a/p3");
        assertThat(line.withoutExpired(T.plusSeconds(30), "x").size()).as("expired only after the duration").isEqualTo(3);
    }

    @Test
    void roundTripsThroughTheLeaseAnnotationInOrder() {
        Lease lease = new LeaseBuilder().withNewMetadata().withName("rtl-lock-shop-test-1").endMetadata().build();
        WaitingLine.EMPTY.join(new WaitingLine.Place("jenkins-b/p2", T, T, 30))
                .join(new WaitingLine.Place("jenkins-a/p1", T, T.plusSeconds(5), 30)).storeIn(lease);
        assertThat(lease.getMetadata().getAnnotations().get(WaitingLine.ANNOTATION)).startsWith(
                "[{\"holder\":\"jenkins-b/p2\",\"since\":\"2026-11-18T10:00:00Z\"");
        WaitingLine read = WaitingLine.of(lease);
        assertThat(read.places()).extracting(WaitingLine.Place::holder).containsExactly("jenkins-b/p2", "jenkins-a/p1");
        assertThat(read.renew("jenkins-b/p2", T.plusSeconds(9)).head().orElseThrow().renewTime()).isEqualTo(T.plusSeconds(9));

        WaitingLine.EMPTY.storeIn(lease);
        assertThat(lease.getMetadata().getAnnotations()).doesNotContainKey(WaitingLine.ANNOTATION);
    }

    @Test
    void anUnreadableLineSaysWhereAndHowToClearIt() {
        Lease lease = new LeaseBuilder().withNewMetadata().withName("rtl-lock-shop-test-1")
                .withAnnotations(Map.of(WaitingLine.ANNOTATION, "[{\"holder\":\"x\"}]")).endMetadata().build();
        assertThatThrownBy(() -> WaitingLine.of(lease)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Lease rtl-lock-shop-test-1 has an unreadable routetolive.io/queue annotation")
                .hasMessageContaining("kubectl annotate lease rtl-lock-shop-test-1 routetolive.io/queue-");
    }
}
