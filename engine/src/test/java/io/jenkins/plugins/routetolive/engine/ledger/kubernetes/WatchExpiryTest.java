package io.jenkins.plugins.routetolive.engine.ledger.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;
import io.jenkins.plugins.routetolive.engine.support.Eventually;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A watch the API server ends with 410 Gone (its resourceVersion is too old to resume from) makes the informer list
 * again: what the reader already had arrives a second time, what it missed arrives for the first time. Here the
 * mock API server answers the ledger's watches with 410 on cue.
 */
class WatchExpiryTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T06:00:00Z"), ZoneOffset.UTC);

    /** CRUD mode, except that the next {@code expire} watches of the ledger's chunks are answered 410 Gone. */
    static final class ExpiringWatches extends KubernetesCrudDispatcher {
        final AtomicInteger toExpire = new AtomicInteger();
        final AtomicInteger expired = new AtomicInteger();

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String path = request.getPath();
            if (path.contains("watch=true") && path.contains("ledger-log") && toExpire.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                expired.incrementAndGet();
                return new MockResponse().setResponseCode(410).setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\","
                        + "\"status\":\"Failure\",\"reason\":\"Expired\",\"message\":\"too old resource version\",\"code\":410}");
            }
            return super.dispatch(request);
        }
    }

    private final ExpiringWatches dispatcher = new ExpiringWatches();
    private final KubernetesMockServer server = new KubernetesMockServer(new Context(Serialization.jsonMapper()),
            new MockWebServer(), new HashMap<>(), dispatcher, false);
    private KubernetesClient client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        server.destroy();
    }

    @Test
    void aReaderWhoseWatchExpiredListsAgainAndMissesOrDoublesNothing() throws Exception {
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = server.createClient();
        KubernetesLedger writer = new KubernetesLedger(client, "ci", "jenkins-a", CLOCK);
        for (int i = 0; i < 20; i++) {
            writer.append(KubernetesLedgerTest.entry("shop", "test", i, PromotionState.REQUESTED, "a"));
        }
        dispatcher.toExpire.set(2);
        KubernetesLedger reader = new KubernetesLedger(client, "ci", "jenkins-b", CLOCK);
        for (int i = 20; i < 40; i++) {
            writer.append(KubernetesLedgerTest.entry("shop", "test", i, PromotionState.REQUESTED, "a"));
        }

        Eventually.until("the reader has relisted and shows all 40", () -> reader.size() >= 40);
        assertThat(dispatcher.expired.get()).as("the reader's watch did expire").isPositive();
        writer.append(KubernetesLedgerTest.entry("cart", "test", 99, PromotionState.REQUESTED, "a"));
        Eventually.until("the reader watches again", () -> reader.history("cart").size() == 1);
        assertThat(reader.size()).as("nothing counted twice").isEqualTo(41);
        assertThat(reader.history("shop")).extracting(LedgerEntry::version)
                .containsExactlyElementsOf(IntStream.range(0, 40).mapToObj(i -> "1." + i).toList());
        reader.close();
        writer.close();
    }
}
