package io.jenkins.plugins.routetolive.engine.ledger.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.jenkins.plugins.routetolive.engine.approval.Actor;
import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.artifact.Digest;
import io.jenkins.plugins.routetolive.engine.gate.Gate;
import io.jenkins.plugins.routetolive.engine.policy.InMemoryEnvironmentLocks;
import io.jenkins.plugins.routetolive.engine.promotion.AdmissionRules;
import io.jenkins.plugins.routetolive.engine.promotion.Promotion;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionOutcome;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionRequest;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionService;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;
import io.jenkins.plugins.routetolive.engine.promotion.Rollout;
import io.jenkins.plugins.routetolive.engine.route.Environment;
import io.jenkins.plugins.routetolive.engine.route.EnvironmentRole;
import io.jenkins.plugins.routetolive.engine.route.Route;
import org.junit.jupiter.api.AfterEach;
import io.jenkins.plugins.routetolive.engine.support.Eventually;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Two controllers, each with its own PromotionService and ledger, promoting one application through one shared ledger. */
@EnableKubernetesMockClient(crud = true)
class SharedRouteTest {

    private static final Route ROUTE = new Route("shared", List.of(
            new Environment("local", EnvironmentRole.ORIGIN, null, null, null, false, null, false),
            new Environment("build", EnvironmentRole.ENTRY, null, null, null, false, null, false),
            Environment.deploy("development"), Environment.deploy("test")));
    private static final Actor DEV = Actor.of("dora", "developers");
    private static final Gate PASSING = new io.jenkins.plugins.routetolive.engine.support.PassingGate("always healthy");

    KubernetesClient client;
    private final List<KubernetesLedger> opened = new ArrayList<>();

    @AfterEach
    void close() {
        opened.forEach(KubernetesLedger::close);
    }

    private PromotionService controller(String name) {
        KubernetesLedger ledger = new KubernetesLedger(client, "ci", name, Clock.systemUTC());
        opened.add(ledger);
        AtomicInteger ids = new AtomicInteger();
        return new PromotionService(ROUTE, ledger, new InMemoryEnvironmentLocks(), Clock.systemUTC(), e -> { },
                () -> name + "-" + ids.incrementAndGet(), AdmissionRules.standard());
    }

    private static PromotionOutcome promote(PromotionService service, Artifact artifact, String environment) throws Exception {
        Promotion promotion = service.request(PromotionRequest.of(artifact.application(), artifact.digest(), environment, DEV))
                .get(10, TimeUnit.SECONDS);
        return new Rollout(service).verifyExternal(promotion.id(), PASSING).get(10, TimeUnit.SECONDS);
    }

    @Test
    void aVerificationThroughOneControllerAdmitsTheNextEnvironmentThroughTheOther() throws Exception {
        PromotionService a = controller("jenkins-a");
        PromotionService b = controller("jenkins-b");
        Artifact shop = new Artifact("shop", "1.0", new Digest(String.format("sha256:%064x", 10)));
        a.register(shop, "c0ffee1", DEV, "build#1");
        assertThat(promote(a, shop, "development").state()).isEqualTo(PromotionState.VERIFIED);

        Eventually.until("B sees shop 1.0 verified in development",
                () -> b.ledger().verifiedIn("shop", "development", shop.digest()));
        PromotionOutcome throughB = promote(b, shop, "test");
        assertThat(throughB.state()).isEqualTo(PromotionState.VERIFIED);
        Eventually.until("A sees what B verified", () -> a.ledger().verifiedIn("shop", "test", shop.digest()));
        assertThat(((KubernetesLedger) a.ledger()).controllerOf(throughB.promotionId())).contains("jenkins-b");

        Artifact rebuilt = new Artifact("shop", "1.0", new Digest(String.format("sha256:%064x", 11)));
        assertThatThrownBy(() -> b.register(rebuilt, "c0ffee2", DEV, "build#2"))
                .as("B refuses a rebuild of the version A registered").hasMessageContaining("1.0");
        Artifact skipping = new Artifact("shop", "1.1", new Digest(String.format("sha256:%064x", 12)));
        a.register(skipping, "c0ffee3", DEV, "build#3");
        Eventually.until("B sees 1.1 registered", () -> b.ledger().registration("shop", "1.1").isPresent());
        assertThatThrownBy(() -> b.request(PromotionRequest.of("shop", skipping.digest(), "test", DEV)).join())
                .as("B refuses to skip development").isInstanceOf(CompletionException.class)
                .hasMessageContaining("development");
    }
}
