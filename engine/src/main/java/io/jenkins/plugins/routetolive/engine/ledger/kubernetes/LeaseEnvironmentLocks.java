package io.jenkins.plugins.routetolive.engine.ledger.kubernetes;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.jenkins.plugins.routetolive.engine.ledger.kubernetes.internal.LeaseTurn;
import io.jenkins.plugins.routetolive.engine.ledger.kubernetes.internal.ResourceNames;
import io.jenkins.plugins.routetolive.engine.ledger.kubernetes.internal.WaitingLine;
import io.jenkins.plugins.routetolive.engine.policy.EnvironmentBusyException;
import io.jenkins.plugins.routetolive.engine.policy.EnvironmentLock;
import io.jenkins.plugins.routetolive.engine.policy.EnvironmentLocks;
import io.jenkins.plugins.routetolive.engine.policy.WaitMode;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Single-version locks shared by several controllers, served first come first served across controllers: one
 * {@code coordination.k8s.io/v1} Lease per application and environment, whose holderIdentity is
 * {@code <controller identity>/<promotion id>} and whose {@value WaitingLine#ANNOTATION} annotation lists the
 * promotions waiting, in the order they joined. Only the head of the line may take a free or expired lease; a place
 * (like the lease) is renewed every third of the lease duration, so the place of a promotion whose controller died
 * expires and the others move up. Every change is written with the resourceVersion read (a 409 is re-read and decided
 * again), so two controllers can never both take a lease or lose each other's places. Waiting polls with GETs on the
 * shared scheduler, never blocking a thread. See docs/ledger-kubernetes.md.
 */
public final class LeaseEnvironmentLocks implements EnvironmentLocks {

    private static final int CONFLICT = 409;
    private static final int MAX_CONFLICTS = 100;

    private final KubernetesClient client;
    private final String namespace;
    private final String holderIdentity;
    private final Duration leaseDuration;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final Map<String, Held> held = new ConcurrentHashMap<>();
    private final Map<String, Waiter> waiting = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param holderIdentity this controller's identity (the same as its ledger's); holders are named
     *                       {@code <holderIdentity>/<promotion id>}
     * @param leaseDuration  how long a lease or a place in line lasts without renewal (at least 1 s); both are renewed
     *                       every third of it and waiters poll every tenth of it (100 ms to 2 s)
     */
    public LeaseEnvironmentLocks(KubernetesClient client, String namespace, String holderIdentity, Duration leaseDuration,
                                 ScheduledExecutorService scheduler, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.holderIdentity = Objects.requireNonNull(holderIdentity, "holderIdentity");
        if (holderIdentity.isBlank() || holderIdentity.contains("/")) {
            throw new IllegalArgumentException("holderIdentity must be non-blank without '/', but was '" + holderIdentity + "'");
        }
        this.leaseDuration = Objects.requireNonNull(leaseDuration, "leaseDuration");
        if (leaseDuration.toSeconds() < 1) {
            throw new IllegalArgumentException("leaseDuration must be at least 1 second, but was " + leaseDuration);
        }
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Takes the environment's lease when it is free (or expired, or already this promotion's) and nobody waits ahead;
     * otherwise refuses ({@link WaitMode#REFUSE}, never joining the line) or joins the end of the line and completes
     * when this promotion's turn comes. Cancelling the future leaves the line.
     */
    @Override
    public CompletableFuture<EnvironmentLock> acquire(String application, String environment, String promotionId,
                                                      WaitMode mode) {
        Waiter waiter = new Waiter(application, environment, promotionId, mode);
        waiting.put(promotionId, waiter);
        waiter.future.whenComplete((lock, failure) -> {
            waiting.remove(promotionId, waiter);
            if (waiter.future.isCancelled()) {
                waiter.leaveLine();
            }
        });
        waiter.poll();
        return waiter.future;
    }

    /** Releases the lease held by this promotion, or takes it out of the line if it is still waiting. */
    @Override
    public void releaseHeldBy(String promotionId) {
        Waiter queued = waiting.remove(promotionId);
        if (queued != null) {
            queued.future.cancel(false);
        }
        Held lock = held.get(promotionId);
        if (lock != null) {
            lock.close();
        }
    }

    /**
     * Stops renewing held leases and polling for waiting requests, releasing nothing: a stopping controller keeps its
     * leases and places until they expire, so when it is back within a lease duration it takes them again. Waiting
     * requests fail, saying the controller is stopping.
     */
    public void close() {
        closed = true;
        held.values().forEach(h -> h.renewal.cancel(false));
        waiting.values().forEach(w -> w.future.completeExceptionally(new IllegalStateException("Stopped waiting for "
                + w.environment + " of " + w.application + ": this controller is closing its locks (Jenkins is stopping)."
                + " The promotion takes its place in line again when it resumes.")));
    }

    /** The promotions this controller holds leases for. */
    public List<String> heldPromotions() {
        return new ArrayList<>(held.keySet());
    }

    private long pollMillis() {
        return Math.max(100, Math.min(2000, leaseDuration.toMillis() / 10));
    }

    /** Reads the lease, changes it and writes it with the resourceVersion read, re-reading on conflict. */
    private <T> T readAndWrite(String name, Function<Lease, Attempt<T>> decide) {
        for (int conflicts = 0; conflicts < MAX_CONFLICTS; conflicts++) {
            Attempt<T> attempt = decide.apply(client.leases().inNamespace(namespace).withName(name).get());
            if (attempt.write() == null) {
                return attempt.result();
            }
            try {
                if (attempt.write().getMetadata().getResourceVersion() == null) {
                    client.leases().inNamespace(namespace).resource(attempt.write()).create();
                } else {
                    client.leases().inNamespace(namespace).resource(attempt.write()).update();
                }
                return attempt.result();
            } catch (KubernetesClientException e) {
                if (e.getCode() != CONFLICT) {
                    throw new IllegalStateException("Cannot write Lease " + name + " in namespace " + namespace + ": the API"
                            + " server answered " + e.getCode() + " (" + e.getMessage() + "). Check that the controller's"
                            + " service account may get, create and update leases there.", e);
                }
            }
        }
        throw new IllegalStateException("Lease " + name + " in namespace " + namespace + " changed under " + holderIdentity
                + " " + MAX_CONFLICTS + " times in a row (409 Conflict each time); too many controllers are writing it at"
                + " once. Try again.");
    }

    /** What to write (null: nothing) and what to answer once written. */
    private record Attempt<T>(Lease write, T result) {
    }

    /** One promotion waiting for its turn; its polls run one at a time on the scheduler. */
    private final class Waiter {
        private final String application;
        private final String environment;
        private final String promotionId;
        private final String me;
        private final String leaseName;
        private final WaitMode mode;
        private final CompletableFuture<EnvironmentLock> future = new CompletableFuture<>();
        private boolean joined;

        Waiter(String application, String environment, String promotionId, WaitMode mode) {
            this.application = application;
            this.environment = environment;
            this.promotionId = promotionId;
            this.me = holderIdentity + "/" + promotionId;
            this.leaseName = ResourceNames.lease(application, environment);
            this.mode = mode;
        }

        /** Looks once; completes the future outside the monitor, so whoever it calls back may cancel others. */
        void poll() {
            LeaseTurn turn;
            synchronized (this) {
                if (future.isDone() || closed) {
                    return;
                }
                try {
                    turn = readAndWrite(leaseName, this::decide);
                } catch (RuntimeException e) {
                    future.completeExceptionally(e);
                    return;
                }
                joined |= turn.kind() == LeaseTurn.Kind.JOIN || turn.kind() == LeaseTurn.Kind.RENEW_PLACE;
            }
            switch (turn.kind()) {
                case TAKE -> {
                    Held lock = new Held(application, environment, promotionId);
                    held.put(promotionId, lock);
                    if (!future.complete(lock)) {
                        lock.close();
                    }
                }
                case REFUSE -> future.completeExceptionally(new EnvironmentBusyException(environment + " holds one version of "
                        + application + " at a time and " + turn.blocker() + " " + leaseName + " in namespace " + namespace
                        + "; wait for it to finish, or ask to wait in line instead of refusing."));
                default -> {
                    try {
                        scheduler.schedule(this::poll, pollMillis(), TimeUnit.MILLISECONDS);
                    } catch (RejectedExecutionException e) {
                        future.completeExceptionally(new IllegalStateException("Cannot keep waiting for " + environment
                                + " of " + application + ": the scheduler is shut down (Jenkins is stopping?). Request the"
                                + " promotion again.", e));
                    }
                }
            }
        }

        private Attempt<LeaseTurn> decide(Lease read) {
            if (read == null) {
                Lease created = LeaseTurn.created(leaseName, application, environment, me, promotionId, clock.instant(),
                        leaseDuration);
                return new Attempt<>(created, new LeaseTurn(LeaseTurn.Kind.TAKE, created, null));
            }
            LeaseTurn turn = LeaseTurn.decide(read, me, promotionId, mode, clock.instant(), leaseDuration);
            return new Attempt<>(turn.lease(), turn);
        }

        /** Takes this promotion's place out of the line; if that fails, the place expires after one lease duration. */
        void leaveLine() {
            synchronized (this) {
                if (!joined) {
                    return;
                }
                try {
                    readAndWrite(leaseName, read -> {
                        if (read == null || WaitingLine.of(read).place(me).isEmpty()) {
                            return new Attempt<>(null, null);
                        }
                        Lease left = new LeaseBuilder(read).build();
                        WaitingLine.of(read).leave(me).storeIn(left);
                        return new Attempt<>(left, null);
                    });
                } catch (RuntimeException e) {
                    // nobody renews the place any more: the others drop it once it expires
                }
            }
        }
    }

    private final class Held implements EnvironmentLock {
        private final String leaseName;
        private final String promotionId;
        private final ScheduledFuture<?> renewal;

        Held(String application, String environment, String promotionId) {
            this.leaseName = ResourceNames.lease(application, environment);
            this.promotionId = promotionId;
            long every = Math.max(100, leaseDuration.toMillis() / 3);
            this.renewal = scheduler.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
        }

        @Override
        public String promotionId() {
            return promotionId;
        }

        private void renew() {
            if (closed) {
                return;
            }
            try {
                update(lease -> lease.getSpec().setRenewTime(clock.instant().atZone(ZoneOffset.UTC)));
            } catch (RuntimeException e) {
                // the next renewal tries again; if the lease expires meanwhile another controller may take it
            }
        }

        @Override
        public void close() {
            if (!held.remove(promotionId, this)) {
                return;
            }
            renewal.cancel(false);
            update(lease -> lease.getSpec().setHolderIdentity(null));
        }

        /** Changes the lease if this promotion still holds it (keeping the line as it is), re-reading on conflict. */
        private void update(Consumer<Lease> change) {
            readAndWrite(leaseName, read -> {
                if (read == null || !(holderIdentity + "/" + promotionId).equals(read.getSpec().getHolderIdentity())) {
                    renewal.cancel(false);
                    return new Attempt<>(null, null);
                }
                change.accept(read);
                return new Attempt<>(read, null);
            });
        }
    }
}
