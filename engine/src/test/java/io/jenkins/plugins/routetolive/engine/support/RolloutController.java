package io.jenkins.plugins.routetolive.engine.support;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Predicate;

/**
 * Stands in for the kube-controller-manager, which the mock server does not run: on every Deployment
 * change it writes the status a real controller would (all replicas updated, ready and available, or
 * ProgressDeadlineExceeded for the Deployments the test declares broken), and records replica counts.
 */
public final class RolloutController implements AutoCloseable {

    private final KubernetesClient client;
    private final String namespace;
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final Map<String, List<Integer>> replicaHistory = new ConcurrentHashMap<>();
    private volatile Predicate<Deployment> broken = d -> false;
    private final Watch watch;

    public RolloutController(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
        this.watch = client.apps().deployments().inNamespace(namespace).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Deployment d) {
                if ((action == Action.ADDED || action == Action.MODIFIED) && !executor.isShutdown()) {
                    try {
                        executor.execute(() -> reconcile(d));
                    } catch (RejectedExecutionException closing) {
                        // the test is over; an event that arrives while the controller closes is dropped
                    }
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
    }

    /** Deployments matching this never become ready: their rollout exceeds its progress deadline. */
    public RolloutController breakWhen(Predicate<Deployment> predicate) {
        this.broken = predicate;
        return this;
    }

    /** spec.replicas of the Deployment as it changed, consecutive repeats dropped. */
    public List<Integer> replicaHistory(String deployment) {
        synchronized (replicaHistory) {
            return List.copyOf(replicaHistory.getOrDefault(deployment, List.of()));
        }
    }

    /** The history once it has at least this many entries (events arrive asynchronously), or as it is after 5 s. */
    public List<Integer> replicaHistory(String deployment, int atLeast) throws InterruptedException {
        long until = System.nanoTime() + 5_000_000_000L;
        while (replicaHistory(deployment).size() < atLeast && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        return replicaHistory(deployment);
    }

    private void reconcile(Deployment d) {
        int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        synchronized (replicaHistory) {
            List<Integer> seen = replicaHistory.computeIfAbsent(d.getMetadata().getName(), k -> new ArrayList<>());
            if (seen.isEmpty() || seen.get(seen.size() - 1) != replicas) {
                seen.add(replicas);
            }
        }
        DeploymentStatus wanted = broken.test(d)
                ? new DeploymentStatusBuilder().withObservedGeneration(d.getMetadata().getGeneration()).withReplicas(replicas)
                .withUpdatedReplicas(0).withReadyReplicas(0).withAvailableReplicas(0)
                .withConditions(new DeploymentConditionBuilder().withType("Progressing").withStatus("False")
                        .withReason("ProgressDeadlineExceeded").withMessage("ReplicaSet has timed out progressing.").build())
                .build()
                : new DeploymentStatusBuilder().withObservedGeneration(d.getMetadata().getGeneration()).withReplicas(replicas)
                .withUpdatedReplicas(replicas).withReadyReplicas(replicas).withAvailableReplicas(replicas).build();
        if (d.getStatus() != null && Objects.equals(d.getStatus().getObservedGeneration(), wanted.getObservedGeneration())
                && Objects.equals(d.getStatus().getReadyReplicas(), wanted.getReadyReplicas())
                && d.getStatus().getConditions().size() == wanted.getConditions().size()) {
            return;
        }
        d.setStatus(wanted);
        try {
            client.apps().deployments().inNamespace(namespace).resource(d).updateStatus();
        } catch (RuntimeException gone) {
            // deleted or replaced meanwhile; the next event reconciles again
        }
    }

    @Override
    public void close() {
        watch.close();
        executor.shutdownNow();
    }
}
