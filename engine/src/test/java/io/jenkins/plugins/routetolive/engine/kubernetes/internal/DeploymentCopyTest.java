package io.jenkins.plugins.routetolive.engine.kubernetes.internal;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.jenkins.plugins.routetolive.engine.support.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DeploymentCopyTest {

    Deployment source() {
        Deployment d = Fixtures.deployment("prod", "shop", 3, "registry.example/shop:1", Map.of("app", "shop"), Map.of(
                "routetolive.io/digest", "sha256:aa", "routetolive.io/replicas-before-scale-to-zero", "5",
                "kubectl.kubernetes.io/last-applied-configuration", "{}", "deployment.kubernetes.io/revision", "7"));
        d.getMetadata().setLabels(Map.of("team", "checkout"));
        d.getMetadata().setResourceVersion("41");
        d.getMetadata().setUid("u-1");
        d.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder().withKind("Application").withName("shop").build()));
        d.getMetadata().setFinalizers(List.of("example.com/keep"));
        d.setStatus(new DeploymentStatusBuilder().withReadyReplicas(3).build());
        return d;
    }

    @Test
    void copyKeepsThePodTemplateAddsTheLabelAndStartsFromTheGivenReplicas() {
        Deployment copy = DeploymentCopy.of(source(), "shop-green", "routetolive.io/colour", "green", 0);

        assertThat(copy.getMetadata().getName()).isEqualTo("shop-green");
        assertThat(copy.getMetadata().getNamespace()).isEqualTo("prod");
        assertThat(copy.getMetadata().getLabels()).isEqualTo(Map.of("team", "checkout", "routetolive.io/colour", "green"));
        assertThat(copy.getSpec().getReplicas()).isZero();
        assertThat(copy.getSpec().getSelector().getMatchLabels()).isEqualTo(Map.of("app", "shop", "routetolive.io/colour", "green"));
        assertThat(copy.getSpec().getTemplate().getMetadata().getLabels())
                .isEqualTo(Map.of("app", "shop", "routetolive.io/colour", "green"));
        assertThat(copy.getSpec().getTemplate().getSpec()).isEqualTo(source().getSpec().getTemplate().getSpec());
    }

    @Test
    void copyCarriesOnlyTheDeployersAnnotationsAndNothingThatBelongsToTheOriginal() {
        Deployment copy = DeploymentCopy.of(source(), "shop-green", "routetolive.io/colour", "green", 0);

        assertThat(copy.getMetadata().getAnnotations()).isEqualTo(Map.of("routetolive.io/digest", "sha256:aa",
                "routetolive.io/copied-from", "shop"));
        assertThat(copy.getMetadata().getResourceVersion()).isNull();
        assertThat(copy.getMetadata().getUid()).isNull();
        assertThat(copy.getMetadata().getOwnerReferences()).isNullOrEmpty();
        assertThat(copy.getMetadata().getFinalizers()).isNullOrEmpty();
        assertThat(copy.getStatus()).isNull();
    }

    @Test
    void theSourceIsNotChanged() {
        Deployment source = source();

        DeploymentCopy.of(source, "shop-canary", "routetolive.io/track", "canary", 0);

        assertThat(source).isEqualTo(source());
    }
}
