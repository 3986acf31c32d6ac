package io.jenkins.plugins.routetolive.engine.rehearsal;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.ledger.EntryType;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionOutcome;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;
import io.jenkins.plugins.routetolive.engine.testing.RouteBench;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@EnableKubernetesMockClient(crud = true)
class RehearsalOnKubernetesTest {

    static KubernetesClient client;

    private RouteBench bench;

    @BeforeEach
    void start() throws Exception {
        bench = new RouteBench();
        for (String env : bench.deployEnvironments()) {
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
        bench.close();
    }

    @Test
    void stageRehearsesTheRollbackSoTheDeploymentGoesNewThenOldThenNew() throws Exception {
        ImageDeployer deployer = new ImageDeployer(client, "registry.example/shop");
        DeploymentImageGate gate = new DeploymentImageGate(client, deployer);
        Artifact old = bench.register("shop", "1.0.0");
        Artifact next = bench.register("shop", "1.1.0");
        for (String env : List.of("development", "test", "stage")) {
            assertThat(bench.promote(old, env, deployer, gate).state()).isEqualTo(PromotionState.VERIFIED);
        }
        for (String env : List.of("development", "test")) {
            bench.promote(next, env, deployer, gate);
        }
        List<String> images = new CopyOnWriteArrayList<>();
        CompletableFuture<List<String>> threeChanges = new CompletableFuture<>();
        deployer.readBack.clear();
        try (Watch ignored = client.apps().deployments().inNamespace("stage").withName("shop").watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Deployment d) {
                String image = ImageDeployer.imageOf(d);
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
            PromotionOutcome outcome = bench.promote(next, "stage", deployer, gate);

            assertThat(outcome.state()).as(outcome.message()).isEqualTo(PromotionState.VERIFIED);
            String newImage = deployer.image(next.digest().value());
            String oldImage = deployer.image(old.digest().value());
            assertThat(threeChanges.get(10, TimeUnit.SECONDS)).containsExactly(newImage, oldImage, newImage);
            assertThat(deployer.readBack).containsExactly("stage " + newImage, "stage " + oldImage, "stage " + newImage);
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
        assertThat(bench.promote(next, "production", deployer, gate).succeeded()).isTrue();
    }
}
