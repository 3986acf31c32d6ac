package io.jenkins.plugins.routetolive.engine.rehearsal;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.routetolive.engine.deploy.Deployer;
import io.jenkins.plugins.routetolive.engine.deploy.DeploymentRequest;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small test deployer: sets the first container image of the Deployment named after the application,
 * in the namespace named after the environment, to {@code repository@digest}, and reads it back.
 * Stands in for the real Kubernetes deployer until the lead switches this test to it.
 */
final class ImageDeployer implements Deployer {

    private final KubernetesClient client;
    private final String repository;
    final List<String> readBack = new CopyOnWriteArrayList<>();

    ImageDeployer(KubernetesClient client, String repository) {
        this.client = client;
        this.repository = repository;
    }

    String image(String digest) {
        return repository + "@" + digest;
    }

    @Override
    public CompletableFuture<Void> deploy(DeploymentRequest request) {
        return CompletableFuture.runAsync(() -> {
            var resource = client.apps().deployments().inNamespace(request.environment())
                    .withName(request.artifact().application());
            resource.edit(d -> new DeploymentBuilder(d).editSpec().editTemplate().editSpec().editFirstContainer()
                    .withImage(image(request.artifact().digest().value())).endContainer().endSpec().endTemplate().endSpec()
                    .build());
            Deployment now = resource.get();
            readBack.add(request.environment() + " " + imageOf(now));
        });
    }

    static String imageOf(Deployment d) {
        return d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    @Override
    public String describe() {
        return "image update of Deployments in the mock cluster";
    }
}
