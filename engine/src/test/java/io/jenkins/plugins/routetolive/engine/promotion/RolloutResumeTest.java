package io.jenkins.plugins.routetolive.engine.promotion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.routetolive.engine.approval.Actor;
import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.artifact.Digests;
import io.jenkins.plugins.routetolive.engine.deploy.LocalDeployer;
import io.jenkins.plugins.routetolive.engine.gate.HttpProbe;
import io.jenkins.plugins.routetolive.engine.gate.ThresholdGate;
import io.jenkins.plugins.routetolive.engine.ledger.InMemoryLedger;
import io.jenkins.plugins.routetolive.engine.policy.InMemoryEnvironmentLocks;
import io.jenkins.plugins.routetolive.engine.route.Environment;
import io.jenkins.plugins.routetolive.engine.route.EnvironmentRole;
import io.jenkins.plugins.routetolive.engine.route.GateDefaults;
import io.jenkins.plugins.routetolive.engine.route.Route;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RolloutResumeTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger status = new AtomicInteger(200);
    private HttpServer server;
    private PromotionService service;
    private ThresholdGate gate;
    private final Artifact artifact = new Artifact("shop", "1.0.0", Digests.ofBytes("shop 1.0.0".getBytes(StandardCharsets.UTF_8)));

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/health", exchange -> {
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        server.start();
        GateDefaults fast = new GateDefaults(Duration.ofMillis(20), Duration.ofSeconds(1), 2, 2, Duration.ofSeconds(5), Duration.ZERO);
        Route route = new Route("r", List.of(
                new Environment("build", EnvironmentRole.ENTRY, null, null, null, false, null, false),
                Environment.deploy("development").withGates(fast)));
        Clock clock = Clock.systemUTC();
        service = new PromotionService(route, new InMemoryLedger(), new InMemoryEnvironmentLocks(), clock,
                event -> { }, new java.util.function.Supplier<String>() {
                    private final AtomicInteger next = new AtomicInteger();

                    @Override
                    public String get() {
                        return "p" + next.incrementAndGet();
                    }
                }, AdmissionRules.standard());
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/health");
        gate = new ThresholdGate(new HttpProbe(url, Duration.ofSeconds(1), HttpClient.newHttpClient(), clock), fast, scheduler, clock);
        service.register(artifact, "abc123", Actor.of("dora"), "job#1");
    }

    @AfterEach
    void stop() {
        server.stop(0);
        scheduler.shutdownNow();
    }

    private String promotionLeftIn(PromotionState state) {
        Promotion p = service.request(PromotionRequest.of("shop", artifact.digest(), "development", Actor.of("dora"))).join();
        service.transition(p.id(), PromotionState.DEPLOYING, "system", "");
        if (state == PromotionState.VERIFYING) {
            service.transition(p.id(), PromotionState.VERIFYING, "system", "");
        }
        return p.id();
    }

    @Test
    void resumesAVerifyingPromotionByEvaluatingItsGateFromScratch() throws Exception {
        String id = promotionLeftIn(PromotionState.VERIFYING);

        PromotionOutcome outcome = new Rollout(service).resume(id, Optional.empty(), gate).get(10, TimeUnit.SECONDS);

        assertThat(outcome.state()).isEqualTo(PromotionState.VERIFIED);
        assertThat(service.ledger().environment("shop", "development").lastKnownGood()).isPresent();
    }

    @Test
    void redeploysAPromotionThatWasDeployingWhenTheProcessStopped() throws Exception {
        String id = promotionLeftIn(PromotionState.DEPLOYING);
        LocalDeployer deployer = new LocalDeployer();

        PromotionOutcome outcome = new Rollout(service).resume(id, Optional.of(deployer), gate).get(10, TimeUnit.SECONDS);

        assertThat(outcome.state()).isEqualTo(PromotionState.VERIFIED);
        assertThat(deployer.running("shop", "development")).contains(artifact);
    }

    @Test
    void failsAResumedExternalDeploymentWhoseGateFailsAndSaysWhatToRestore() throws Exception {
        String id = promotionLeftIn(PromotionState.VERIFYING);
        status.set(503);

        PromotionOutcome outcome = new Rollout(service).resume(id, Optional.empty(), gate).get(10, TimeUnit.SECONDS);

        assertThat(outcome.state()).isEqualTo(PromotionState.FAILED);
        assertThat(outcome.message()).contains("health gate failed").contains("no last known good in development");
    }

    @Test
    void refusesToResumeAPromotionThatWasNotDeployingOrVerifying() {
        Promotion p = service.request(PromotionRequest.of("shop", artifact.digest(), "development", Actor.of("dora"))).join();

        assertThatThrownBy(() -> new Rollout(service).resume(p.id(), Optional.empty(), gate))
                .isInstanceOf(IllegalStateTransitionException.class)
                .hasMessageContaining("is requested; only a promotion that was deploying or verifying can be resumed");
    }
}
