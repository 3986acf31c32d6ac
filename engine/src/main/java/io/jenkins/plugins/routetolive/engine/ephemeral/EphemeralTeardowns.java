package io.jenkins.plugins.routetolive.engine.ephemeral;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.routetolive.engine.ephemeral.internal.EphemeralEntries;
import io.jenkins.plugins.routetolive.engine.ephemeral.internal.NamespaceClaim;
import io.jenkins.plugins.routetolive.engine.event.EventKind;
import io.jenkins.plugins.routetolive.engine.event.PromotionEvent;
import io.jenkins.plugins.routetolive.engine.event.PromotionListener;
import io.jenkins.plugins.routetolive.engine.kubernetes.internal.KubernetesCalls;
import io.jenkins.plugins.routetolive.engine.ledger.Ledger;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.message.Sentences;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Tears ephemeral environments down: deletes the namespace (only if it still carries its owner's annotations) and
 * records {@code EPHEMERAL_TORN_DOWN}, or records {@code EPHEMERAL_TEARDOWN_FAILED} with what went wrong, which keeps
 * the environment due until a later teardown succeeds. One teardown per environment runs at a time: asking again
 * while one runs joins it.
 */
public final class EphemeralTeardowns {

    /** How long a teardown retries transient API faults. */
    public static final Duration DEADLINE = Duration.ofMinutes(1);

    /** A client of the cluster that holds an environment's namespace. */
    @FunctionalInterface
    public interface ClusterAccess {
        /**
         * A new client; the teardown closes it. Throws (with a message saying what is missing) when the cluster
         * cannot be reached, e.g. the template environment lost its credentials.
         */
        KubernetesClient clientFor(EphemeralRecord record);
    }

    private final Ledger ledger;
    private final ClusterAccess clusters;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final PromotionListener listener;
    private final Map<String, CompletableFuture<EphemeralRecord>> running = new ConcurrentHashMap<>();

    public EphemeralTeardowns(Ledger ledger, ClusterAccess clusters, ScheduledExecutorService scheduler, Clock clock,
                              PromotionListener listener) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.clusters = Objects.requireNonNull(clusters, "clusters");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Tears the environment down. The future completes with the environment as the ledger now has it: torn down, or
     * with a failed teardown (never exceptionally).
     *
     * @param cause why, in words: "its time to live ended at …", "job … was deleted", "requested by …"
     * @param actor who asks ("system" for sweeps and deleted jobs)
     */
    public CompletableFuture<EphemeralRecord> tearDown(EphemeralRecord record, String cause, String actor) {
        String key = record.owner().key();
        CompletableFuture<EphemeralRecord> mine = new CompletableFuture<>();
        CompletableFuture<EphemeralRecord> other = running.putIfAbsent(key, mine);
        if (other != null) {
            return other;
        }
        start(record, cause, actor).whenComplete((done, error) -> {
            running.remove(key, mine);
            if (error != null) {
                mine.completeExceptionally(error);
            } else {
                mine.complete(done);
            }
        });
        return mine;
    }

    private CompletableFuture<EphemeralRecord> start(EphemeralRecord record, String cause, String actor) {
        KubernetesClient client;
        try {
            client = clusters.clientFor(record);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(failed(record, cause, "its cluster cannot be reached: "
                    + EphemeralDeployments.messageOf(e), actor));
        }
        KubernetesCalls calls = new KubernetesCalls(scheduler, clock);
        return new NamespaceClaim(client, calls).delete(record.namespace(), record.owner(), clock.instant().plus(DEADLINE))
                .handle((removal, error) -> {
                    client.close();
                    return error != null ? failed(record, cause, EphemeralDeployments.messageOf(error), actor)
                            : done(record, cause, removal, actor);
                });
    }

    private EphemeralRecord done(EphemeralRecord record, String cause, NamespaceClaim.Removal removal, String actor) {
        String what = switch (removal) {
            case DELETED -> "namespace " + record.namespace() + " deleted";
            case ALREADY_GONE -> "namespace " + record.namespace() + " was already gone";
            case NOT_OURS -> "namespace " + record.namespace() + " no longer belongs to it (its annotations name another "
                    + "owner), so it was left as it is";
        };
        EphemeralRecord after = append(record, true, cause, what, actor);
        publish(EventKind.INFO, record, Sentences.join("Tore down " + record.describe() + " (" + cause + "): " + what));
        return after;
    }

    private EphemeralRecord failed(EphemeralRecord record, String cause, String why, String actor) {
        EphemeralRecord after = append(record, false, cause, why, actor);
        publish(EventKind.FAILED, record, Sentences.join("Could not tear down " + record.describe() + " (" + cause + "): "
                + Sentences.clause(why), "It stays due: the next sweep of ephemeral environments tries again"));
        return after;
    }

    private EphemeralRecord append(EphemeralRecord record, boolean done, String cause, String message, String actor) {
        LedgerEntry entry = ledger.append(EphemeralEntries.teardown(record, done, cause, message, actor, clock.instant()));
        return EphemeralEntries.read(entry, record);
    }

    private void publish(EventKind kind, EphemeralRecord record, String message) {
        listener.onEvent(new PromotionEvent(clock.instant(), kind, "", record.owner().application(), record.namespace(), message));
    }
}
