package io.jenkins.plugins.routetolive.engine.support;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.artifact.Digests;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Deployments and artifacts for tests. */
public final class Fixtures {

    private Fixtures() {
    }

    public static Artifact artifact(String application, String version) {
        return new Artifact(application, version, Digests.ofBytes((application + " " + version).getBytes(StandardCharsets.UTF_8)));
    }

    public static Deployment deployment(String namespace, String name, int replicas, String image, Map<String, String> labels) {
        return deployment(namespace, name, replicas, image, labels, Map.of());
    }

    public static Deployment deployment(String namespace, String name, int replicas, String image, Map<String, String> labels,
                                        Map<String, String> annotations) {
        return new DeploymentBuilder().withNewMetadata().withNamespace(namespace).withName(name)
                .withAnnotations(annotations).endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().withMatchLabels(labels).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec().addNewContainer().withName("sidecar").withImage("registry.example/proxy:2").endContainer()
                .addNewContainer().withName("web").withImage(image).endContainer().endSpec()
                .endTemplate().endSpec().build();
    }
}
