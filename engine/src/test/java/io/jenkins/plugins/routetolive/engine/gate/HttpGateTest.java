package io.jenkins.plugins.routetolive.engine.gate;

import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.artifact.Digests;
import io.jenkins.plugins.routetolive.engine.route.GateDefaults;
import io.jenkins.plugins.routetolive.engine.support.HealthServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpGateTest {

    static final GateDefaults FAST = new GateDefaults(Duration.ofMillis(50), Duration.ofMillis(300), 2, 2,
            Duration.ofSeconds(5), Duration.ZERO);
    static final GateSubject SUBJECT = new GateSubject(new Artifact("shop", "1.0.0",
            Digests.ofBytes("shop".getBytes(StandardCharsets.UTF_8))), "test", "p1");

    ScheduledExecutorService scheduler;
    Gates gates;
    HealthServer server;

    @BeforeEach
    void start() throws Exception {
        scheduler = Executors.newSingleThreadScheduledExecutor();
        gates = new Gates(scheduler, Clock.systemUTC());
        server = new HealthServer();
    }

    @AfterEach
    void stop() {
        server.close();
        scheduler.shutdownNow();
    }

    GateVerdict evaluate(Gate gate) throws Exception {
        return gate.evaluate(SUBJECT).get(20, TimeUnit.SECONDS);
    }

    @Test
    void passesAfterConsecutiveSuccessesWhileHealthy() throws Exception {
        GateVerdict verdict = evaluate(gates.http(HttpGateSpec.of(server.url(), FAST)));

        assertThat(verdict.passed()).isTrue();
        assertThat(verdict.summary()).startsWith("2/2 checks passed");
        assertThat(verdict.evidence()).hasSize(2).allSatisfy(p -> {
            assertThat(p.status()).isEqualTo("HTTP 200");
            assertThat(p.latency()).isPositive();
        });
    }

    @Test
    void failsAfterFailureThresholdWhenEndpointTurnsUnhealthy() throws Exception {
        server.unhealthy();

        GateVerdict verdict = evaluate(gates.http(HttpGateSpec.of(server.url(), FAST)));

        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.summary()).contains("2 checks failed in a row").contains("status 503 is not 2xx");
        assertThat(verdict.failures()).hasSize(2).allSatisfy(p -> assertThat(p.status()).isEqualTo("HTTP 503"));
    }

    @Test
    void answerSlowerThanTheTimeoutCountsAsFailure() throws Exception {
        server.slow(1_000);

        GateVerdict verdict = evaluate(gates.http(HttpGateSpec.of(server.url(), FAST)));

        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.failures()).first().satisfies(p -> {
            assertThat(p.status()).isEqualTo("no response");
            assertThat(p.reason()).isEqualTo("no answer within 300 ms");
        });
    }

    @Test
    void refusedConnectionFailsTheGate() throws Exception {
        URI url = server.url();
        server.refuseConnections();

        GateVerdict verdict = evaluate(gates.http(HttpGateSpec.of(url, FAST)));

        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.failures()).first().satisfies(p -> assertThat(p.reason()).contains("connection refused"));
    }

    @Test
    void jsonPointerMustEqualTheExpectedValue() throws Exception {
        HttpGateSpec spec = HttpGateSpec.of(server.url(), FAST).withJson("/checks/db", "up");
        server.answering(200, "{\"checks\":{\"db\":\"up\"}}");
        assertThat(evaluate(gates.http(spec)).passed()).isTrue();

        server.answering(200, "{\"checks\":{\"db\":\"degraded\"}}");
        GateVerdict verdict = evaluate(gates.http(spec));

        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.failures()).first().satisfies(p ->
                assertThat(p.reason()).isEqualTo("JSON /checks/db was 'degraded', expected 'up'"));
    }

    @Test
    void acceptsOnlyTheConfiguredStatusCodes() throws Exception {
        server.answering(204, "");
        HttpGateSpec only200 = HttpGateSpec.of(server.url(), FAST).withAcceptedStatus(Set.of(200));

        GateVerdict verdict = evaluate(gates.http(only200));

        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.failures()).first().satisfies(p -> assertThat(p.reason()).isEqualTo("status 204 is not 200"));
        assertThat(evaluate(gates.http(only200.withAcceptedStatus(Set.of(204)))).passed()).isTrue();
    }

    @Test
    void secretHeaderIsSentButNeverAppearsInEvidenceMessagesOrToString() throws Exception {
        String secret = "Bearer s3cr3t-token-value";
        server.unhealthy();
        HttpGateSpec spec = HttpGateSpec.of(server.url(), FAST).withHeaders(Map.of("Authorization", secret));

        GateVerdict verdict = evaluate(gates.http(spec));

        assertThat(server.authorizationHeaders()).contains(secret);
        assertThat(verdict.toString()).doesNotContain("s3cr3t");
        assertThat(spec.toString()).doesNotContain("s3cr3t").contains("Authorization");
        assertThat(gates.http(spec).describe()).doesNotContain("s3cr3t");
    }

    @Test
    void refusesUrlsThatAreNotHttpWithTheReason() {
        assertThatThrownBy(() -> HttpGateSpec.of(URI.create("file:///etc/passwd"), FAST))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be http:// or https://").hasMessageContaining("file:///etc/passwd");
        assertThatThrownBy(() -> HttpGateSpec.of(URI.create("ftp://127.0.0.1/health"), FAST))
                .hasMessageContaining("never files or other protocols");
    }

    @Test
    void tcpGatePassesWhenPortAcceptsAndFailsWhenRefused() throws Exception {
        try (ServerSocket listening = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            assertThat(evaluate(gates.tcp("127.0.0.1", listening.getLocalPort(), FAST)).passed()).isTrue();
        }
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        GateVerdict verdict = evaluate(gates.tcp("127.0.0.1", closedPort, FAST));
        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.failures()).first().satisfies(p -> assertThat(p.reason()).isEqualTo("connection refused"));
    }

    @Test
    void soakFailsWhenTheEndpointTurnsRedDuringTheSoak() throws Exception {
        Gate soaked = gates.withSoak(gates.http(HttpGateSpec.of(server.url(), FAST)), Duration.ofSeconds(3));
        var verdict = soaked.evaluate(SUBJECT);
        scheduler.schedule(() -> server.unhealthy(), 600, TimeUnit.MILLISECONDS);

        GateVerdict result = verdict.get(20, TimeUnit.SECONDS);

        assertThat(result.passed()).isFalse();
        assertThat(result.summary()).startsWith("turned red during the soak").contains("HTTP 503");
        assertThat(result.took()).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void soakPassesWhenTheEndpointStaysGreen() throws Exception {
        Gate soaked = gates.withSoak(gates.http(HttpGateSpec.of(server.url(), FAST)), Duration.ofMillis(400));

        GateVerdict result = evaluate(soaked);

        assertThat(result.passed()).isTrue();
        assertThat(result.summary()).contains("stayed green for a soak of 400 ms");
        assertThat(result.evidence().size()).isGreaterThan(3);
    }

    @Test
    void allOfPassesOnlyWhenEveryGatePassesAndMergesEvidence() throws Exception {
        try (HealthServer sick = new HealthServer()) {
            sick.unhealthy();
            Gate healthy = gates.http(HttpGateSpec.of(server.url(), FAST));

            GateVerdict both = evaluate(gates.allOf(List.of(healthy, gates.http(HttpGateSpec.of(server.url(), FAST)))));
            GateVerdict mixed = evaluate(gates.allOf(List.of(healthy, gates.http(HttpGateSpec.of(sick.url(), FAST)))));

            assertThat(both.passed()).isTrue();
            assertThat(both.evidence()).hasSize(4);
            assertThat(mixed.passed()).isFalse();
            assertThat(mixed.summary()).contains(sick.url().toString()).contains("checks failed in a row");
        }
    }
}
