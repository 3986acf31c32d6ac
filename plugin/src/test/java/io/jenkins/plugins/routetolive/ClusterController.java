package io.jenkins.plugins.routetolive;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Does what kube-controller-manager would for the mock API server, which runs no controllers: every
 * Deployment rolls out (all replicas updated, ready, available) unless one of its containers runs an
 * image with the broken digest, which never becomes ready (ProgressDeadlineExceeded), as a bad image would.
 */
public final class ClusterController implements AutoCloseable {

    private final KubernetesClient client;
    private final String namespace;
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final Watch watch;
    private volatile String brokenDigest = "never";

    public ClusterController(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
        this.watch = client.apps().deployments().inNamespace(namespace).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Deployment d) {
                if (action == Action.ADDED || action == Action.MODIFIED) {
                    executor.execute(() -> reconcile(d));
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
    }

    /** Pods of this digest crash: their Deployment never becomes ready. */
    public void breakDigest(String digest) {
        this.brokenDigest = digest;
    }

    private void reconcile(Deployment d) {
        int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        boolean broken = d.getSpec().getTemplate().getSpec().getContainers().stream()
                .anyMatch(c -> c.getImage().endsWith(brokenDigest));
        DeploymentStatusBuilder status = new DeploymentStatusBuilder()
                .withObservedGeneration(d.getMetadata().getGeneration()).withReplicas(replicas);
        DeploymentStatus wanted = broken
                ? status.withUpdatedReplicas(0).withReadyReplicas(0).withAvailableReplicas(0)
                .withConditions(new DeploymentConditionBuilder().withType("Progressing").withStatus("False")
                        .withReason("ProgressDeadlineExceeded").withMessage("ReplicaSet has timed out progressing.").build())
                .build()
                : status.withUpdatedReplicas(replicas).withReadyReplicas(replicas).withAvailableReplicas(replicas).build();
        if (d.getStatus() != null && Objects.equals(d.getStatus().getObservedGeneration(), wanted.getObservedGeneration())
                && Objects.equals(d.getStatus().getReadyReplicas(), wanted.getReadyReplicas())) {
            return;
        }
        d.setStatus(wanted);
        try {
            client.apps().deployments().inNamespace(namespace).resource(d).updateStatus();
        } catch (RuntimeException gone) {
            // replaced meanwhile; the next event reconciles again
        }
    }

    @Override
    public void close() {
        watch.close();
        executor.shutdownNow();
    }
}
