package io.jenkins.plugins.routetolive.engine.rehearsal;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.gate.Gate;
import io.jenkins.plugins.routetolive.engine.gate.Gates;
import io.jenkins.plugins.routetolive.engine.kubernetes.DeploymentStrategy;
import io.jenkins.plugins.routetolive.engine.kubernetes.KubernetesDeployer;
import io.jenkins.plugins.routetolive.engine.kubernetes.KubernetesTarget;
import io.jenkins.plugins.routetolive.engine.route.GateDefaults;
import io.jenkins.plugins.routetolive.engine.support.RolloutController;
import io.jenkins.plugins.routetolive.engine.ledger.EntryType;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionOutcome;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;
import io.jenkins.plugins.routetolive.engine.testing.RouteBench;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@EnableKubernetesMockClient(crud = true)
class RehearsalOnKubernetesTest {

    static KubernetesClient client;

    private static final GateDefaults FAST = new GateDefaults(Duration.ofMillis(20), Duration.ofSeconds(1), 1, 3,
            Duration.ofSeconds(10), Duration.ZERO);

    private RouteBench bench;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
    private final List<RolloutController> controllers = new ArrayList<>();
    private final Map<String, KubernetesDeployer> deployers = new HashMap<>();

    @BeforeEach
    void start() throws Exception {
        bench = new RouteBench();
        Gates gates = new Gates(scheduler, bench.clock);
        for (String env : bench.deployEnvironments()) {
            controllers.add(new RolloutController(client, env));
            deployers.put(env, new KubernetesDeployer(client, new KubernetesTarget(env, "shop", "shop"),
                    new DeploymentStrategy.Rolling(), gates, FAST, scheduler, bench.clock));
            client.apps().deployments().inNamespace(env).resource(new DeploymentBuilder()
                    .withNewMetadata().withName("shop").withNamespace(env).endMetadata()
                    .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", "shop").endSelector()
                    .withNewTemplate().withNewMetadata().addToLabels("app", "shop").endMetadata()
                    .withNewSpec().addNewContainer().withName("shop").withImage("registry.example/shop:none").endContainer()
                    .endSpec().endTemplate().endSpec().build()).create();
        }
    }

    @AfterEach
    void stop() {
        controllers.forEach(RolloutController::close);
        scheduler.shutdownNow();
        bench.close();
    }

    /** The real deployer's own rollout gate, then a check that the Deployment runs exactly this digest. */
    private Gate gate(String env, DeploymentImageGate image) {
        return new Gates(scheduler, bench.clock).allOf(List.of(deployers.get(env).rolloutGate(), image));
    }

    @Test
    void stageRehearsesTheRollbackSoTheDeploymentGoesNewThenOldThenNew() throws Exception {
        DeploymentImageGate image = new DeploymentImageGate(client, "registry.example/shop");
        Artifact old = bench.register("shop", "1.0.0");
        Artifact next = bench.register("shop", "1.1.0");
        for (String env : List.of("development", "test", "stage")) {
            assertThat(bench.promote(old, env, deployers.get(env), gate(env, image)).state()).isEqualTo(PromotionState.VERIFIED);
        }
        for (String env : List.of("development", "test")) {
            bench.promote(next, env, deployers.get(env), gate(env, image));
        }
        List<String> images = new CopyOnWriteArrayList<>();
        CompletableFuture<List<String>> threeChanges = new CompletableFuture<>();
        try (Watch ignored = client.apps().deployments().inNamespace("stage").withName("shop").watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Deployment d) {
                String image = DeploymentImageGate.imageOf(d);
                if (action == Action.MODIFIED && (images.isEmpty() || !images.get(images.size() - 1).equals(image))) {
                    images.add(image);
                    if (images.size() == 3) {
                        threeChanges.complete(new ArrayList<>(images));
                    }
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        })) {
            PromotionOutcome outcome = bench.promote(next, "stage", deployers.get("stage"), gate("stage", image));

            assertThat(outcome.state()).as(outcome.message()).isEqualTo(PromotionState.VERIFIED);
            String newImage = "registry.example/shop@" + next.digest().value();
            String oldImage = "registry.example/shop@" + old.digest().value();
            assertThat(threeChanges.get(10, TimeUnit.SECONDS)).containsExactly(newImage, oldImage, newImage);
        }
        LedgerEntry rehearsal = bench.ledger.history("shop").stream()
                .filter(e -> e.type() == EntryType.REHEARSAL && e.environment().equals("stage")).reduce((a, b) -> b).orElseThrow();
        assertThat(rehearsal.version()).isEqualTo("1.1.0");
        assertThat(rehearsal.attribute(LedgerEntry.Attributes.REHEARSAL)).isEqualTo("passed");
        assertThat(rehearsal.attribute(LedgerEntry.Attributes.RESTORED_VERSION)).isEqualTo("1.0.0");
        assertThat(rehearsal.attribute(LedgerEntry.Attributes.REHEARSAL_STEPS))
                .contains("gate of the new release: gate passed in")
                .contains("rollback to shop 1.0.0").contains("redeploy of the new release: deployed in");
        assertThat(Long.parseLong(rehearsal.attribute(LedgerEntry.Attributes.TOOK_MILLIS))).isNotNegative();
        assertThat(bench.ledger.environment("shop", "stage").current()).get()
                .extracting(d -> d.version()).isEqualTo("1.1.0");
        assertThat(bench.promote(next, "production", deployers.get("production"), gate("production", image)).succeeded())
                .isTrue();
        assertThat(client.apps().deployments().inNamespace("stage").withName("shop").get().getMetadata().getAnnotations())
                .containsEntry(KubernetesDeployer.DIGEST_ANNOTATION, next.digest().value());
    }
}
