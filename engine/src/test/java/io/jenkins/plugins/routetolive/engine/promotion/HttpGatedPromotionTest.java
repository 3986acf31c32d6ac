package io.jenkins.plugins.routetolive.engine.promotion;

import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.gate.HttpProbe;
import io.jenkins.plugins.routetolive.engine.gate.ThresholdGate;
import io.jenkins.plugins.routetolive.engine.ledger.Deployed;
import io.jenkins.plugins.routetolive.engine.ledger.EntryType;
import io.jenkins.plugins.routetolive.engine.ledger.EnvironmentState;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.route.GateDefaults;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static io.jenkins.plugins.routetolive.engine.promotion.PromotionFixture.APP;
import static org.assertj.core.api.Assertions.assertThat;

/** A promotion gated by a real HTTP health endpoint on 127.0.0.1 that turns unhealthy when 1.1.0 runs. */
class HttpGatedPromotionTest {

    private static final GateDefaults FAST = new GateDefaults(Duration.ofMillis(20), Duration.ofSeconds(1), 2, 2,
            Duration.ofSeconds(10), Duration.ZERO);

    private final PromotionFixture f = new PromotionFixture();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private HttpServer server;
    private ThresholdGate gate;

    @BeforeEach
    void healthEndpoint() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health", exchange -> {
            boolean unhealthy = f.deployer.running(APP, "development").map(a -> a.version().equals("1.1.0")).orElse(false);
            exchange.sendResponseHeaders(unhealthy ? 503 : 200, -1);
            exchange.close();
        });
        server.start();
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/health");
        gate = new ThresholdGate(new HttpProbe(url, Duration.ofSeconds(1), http, Clock.systemUTC()), FAST, scheduler,
                Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        server.stop(0);
        scheduler.shutdownNow();
    }

    @Test
    void unhealthyReleaseIsRolledBackToTheLastKnownGoodAndTheLedgerSaysSo() {
        Artifact v1 = f.registered("1.0.0");
        Artifact v2 = f.registered("1.1.0");
        PromotionOutcome first = f.deployAndVerify(f.request(v1, "development"), gate);
        assertThat(first.state()).as(first.message()).isEqualTo(PromotionState.VERIFIED);

        PromotionOutcome second = f.deployAndVerify(f.request(v2, "development"), gate);

        assertThat(second.state()).as(second.message()).isEqualTo(PromotionState.ROLLED_BACK);
        assertThat(second.restored()).map(Deployed::digest).contains(v1.digest());
        assertThat(f.deployer.running(APP, "development")).contains(v1);
        EnvironmentState development = f.ledger.environment(APP, "development");
        assertThat(development.current()).map(Deployed::digest).contains(v1.digest());
        assertThat(development.lastKnownGood()).map(Deployed::digest).contains(v1.digest());
        assertThat(f.ledger.verifiedIn(APP, "development", v2.digest())).isFalse();
        assertThat(f.ledger.promotionHistory(second.promotionId())).filteredOn(e -> e.type() == EntryType.GATE_VERDICT)
                .extracting(e -> e.attribute(LedgerEntry.Attributes.VERDICT)).containsExactly("failed", "passed");
        assertThat(second.verdicts().get(0).summary()).contains("2 checks failed in a row").contains("503");
    }
}
