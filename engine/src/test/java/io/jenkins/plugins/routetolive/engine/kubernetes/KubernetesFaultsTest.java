package io.jenkins.plugins.routetolive.engine.kubernetes;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.deploy.DeploymentRequest;
import io.jenkins.plugins.routetolive.engine.gate.Gates;
import io.jenkins.plugins.routetolive.engine.route.GateDefaults;
import io.jenkins.plugins.routetolive.engine.support.Fixtures;
import io.fabric8.mockwebserver.http.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** API faults in expectation mode: the server answers exactly what each test registers. */
@EnableKubernetesMockClient
class KubernetesFaultsTest {

    static final String PATH = "/apis/apps/v1/namespaces/prod/deployments/shop";
    static final Artifact V2 = Fixtures.artifact("shop", "2.0.0");
    static final GateDefaults TIMING = new GateDefaults(Duration.ofMillis(50), Duration.ofSeconds(1), 1, 3,
            Duration.ofSeconds(8), Duration.ZERO);

    KubernetesMockServer server;
    KubernetesClient client;
    KubernetesClient impatient;
    ScheduledExecutorService scheduler;

    @BeforeEach
    void start() {
        impatient = new KubernetesClientBuilder().withConfig(new ConfigBuilder(client.getConfiguration())
                .withRequestRetryBackoffLimit(0).withRequestTimeout(400).build()).build();
        scheduler = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterEach
    void stop() {
        impatient.close();
        scheduler.shutdownNow();
    }

    Deployment current() {
        Deployment d = Fixtures.deployment("prod", "shop", 2, "registry.example/shop:1.0.0", Map.of("app", "shop"));
        d.getMetadata().setResourceVersion("7");
        return d;
    }

    static Status status(int code, String reason) {
        return new StatusBuilder().withCode(code).withReason(reason).withMessage(reason).withStatus("Failure").build();
    }

    void deploy() throws Exception {
        deploy(TIMING);
    }

    void deploy(GateDefaults timing) throws Exception {
        deploy(timing, new DeploymentStrategy.Rolling());
    }

    void deploy(GateDefaults timing, DeploymentStrategy strategy) throws Exception {
        new KubernetesDeployer(impatient, new KubernetesTarget("prod", "shop", "web"), strategy,
                new Gates(scheduler, Clock.systemUTC()), timing, scheduler, Clock.systemUTC())
                .deploy(new DeploymentRequest(V2, "production", "p7", false)).get(15, TimeUnit.SECONDS);
    }

    List<RecordedRequest> puts() throws InterruptedException {
        List<RecordedRequest> puts = new ArrayList<>();
        for (int i = server.getRequestCount(); i > 0; i--) {
            RecordedRequest r = server.takeRequest(1, TimeUnit.SECONDS);
            if (r != null && r.getMethod().equals("PUT")) {
                puts.add(r);
            }
        }
        return puts;
    }

    @Test
    void conflictIsReReadAndRetried() throws Exception {
        server.expect().get().withPath(PATH).andReturn(200, current()).always();
        server.expect().put().withPath(PATH).andReturn(409, status(409, "Conflict")).once();
        server.expect().put().withPath(PATH).andReturn(200, current()).once();

        deploy();

        List<RecordedRequest> puts = puts();
        assertThat(puts).hasSize(2);
        assertThat(puts.get(1).getUtf8Body()).contains("registry.example/shop@" + V2.digest().value())
                .contains("\"routetolive.io/promotion-id\":\"p7\"");
    }

    @Test
    void serverErrorsAreRetriedWithBackoff() throws Exception {
        server.expect().get().withPath(PATH).andReturn(200, current()).always();
        server.expect().put().withPath(PATH).andReturn(500, status(500, "InternalError")).times(2);
        server.expect().put().withPath(PATH).andReturn(200, current()).once();

        deploy();

        assertThat(puts()).hasSize(3);
    }

    @Test
    void forbiddenNamesTheVerbResourceAndNamespaceToGrant() {
        server.expect().get().withPath(PATH).andReturn(200, current()).always();
        server.expect().put().withPath(PATH).andReturn(403, status(403, "Forbidden")).always();

        assertThatThrownBy(this::deploy).isInstanceOf(ExecutionException.class).cause()
                .isInstanceOf(KubernetesCallException.class)
                .hasMessageContaining("403 Forbidden")
                .hasMessageContaining("the verb 'update' on resource 'deployments' (API group apps) in namespace prod");
    }

    @Test
    void forbiddenCreateOfTheCanaryNamesTheVerbCreate() {
        server.expect().get().withPath(PATH).andReturn(200, current()).always();
        server.expect().post().withPath("/apis/apps/v1/namespaces/prod/deployments").andReturn(403, status(403, "Forbidden"))
                .always();

        assertThatThrownBy(() -> deploy(TIMING, DeploymentStrategy.Canary.fromSteps("50"))).cause()
                .isInstanceOf(KubernetesCallException.class)
                .hasMessage("Kubernetes refused to create deployments.apps/shop-canary in namespace prod (403 Forbidden): grant "
                        + "the controller's service account the verb 'create' on resource 'deployments' (API group apps) in "
                        + "namespace prod (Role and RoleBinding).");
    }

    @Test
    void timeoutIsRetriedInsideTheDeadline() throws Exception {
        server.expect().get().delay(2, TimeUnit.SECONDS).withPath(PATH).andReturn(200, current()).once();
        server.expect().get().withPath(PATH).andReturn(200, current()).always();
        server.expect().put().withPath(PATH).andReturn(200, current()).once();

        deploy();

        assertThat(puts()).hasSize(1);
    }

    @Test
    void persistentServerErrorsFailAfterTheDeadlineSayingWhat() {
        server.expect().get().withPath(PATH).andReturn(503, status(503, "ServiceUnavailable")).always();

        GateDefaults shortDeadline = new GateDefaults(Duration.ofMillis(50), Duration.ofSeconds(1), 1, 3,
                Duration.ofMillis(1500), Duration.ZERO);

        assertThatThrownBy(() -> deploy(shortDeadline)).cause().isInstanceOf(KubernetesCallException.class)
                .hasMessageContaining("Could not update deployments.apps/shop in namespace prod after")
                .hasMessageContaining("HTTP 503");
    }
}
