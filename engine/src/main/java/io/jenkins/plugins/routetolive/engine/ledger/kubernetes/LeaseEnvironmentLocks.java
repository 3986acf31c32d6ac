package io.jenkins.plugins.routetolive.engine.ledger.kubernetes;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.jenkins.plugins.routetolive.engine.ledger.kubernetes.internal.ResourceNames;
import io.jenkins.plugins.routetolive.engine.policy.EnvironmentBusyException;
import io.jenkins.plugins.routetolive.engine.policy.EnvironmentLock;
import io.jenkins.plugins.routetolive.engine.policy.EnvironmentLocks;
import io.jenkins.plugins.routetolive.engine.policy.WaitMode;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Single-version locks shared by several controllers: one {@code coordination.k8s.io/v1} Lease per
 * application and environment, whose holderIdentity is {@code <controller identity>/<promotion id>}. A held
 * lease is renewed every third of its duration; a lease whose renewTime plus leaseDurationSeconds has passed
 * (its controller died) may be taken over. Waiting retries on the shared scheduler, never blocking a thread.
 * Writes carry the resourceVersion read, so two controllers cannot both take a lease.
 */
public final class LeaseEnvironmentLocks implements EnvironmentLocks {

    private static final int CONFLICT = 409;

    private final KubernetesClient client;
    private final String namespace;
    private final String holderIdentity;
    private final Duration leaseDuration;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final Map<String, Held> held = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<EnvironmentLock>> waiting = new ConcurrentHashMap<>();

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

    @Override
    public CompletableFuture<EnvironmentLock> acquire(String application, String environment, String promotionId,
                                                      WaitMode mode) {
        CompletableFuture<EnvironmentLock> future = new CompletableFuture<>();
        waiting.put(promotionId, future);
        future.whenComplete((lock, failure) -> waiting.remove(promotionId, future));
        attempt(application, environment, promotionId, mode, future);
        return future;
    }

    private void attempt(String application, String environment, String promotionId, WaitMode mode,
                         CompletableFuture<EnvironmentLock> future) {
        if (future.isDone()) {
            return;
        }
        String blocker;
        try {
            blocker = tryTake(application, environment, promotionId);
        } catch (RuntimeException e) {
            future.completeExceptionally(e);
            return;
        }
        if (blocker == null) {
            Held lock = new Held(application, environment, promotionId);
            held.put(promotionId, lock);
            if (!future.complete(lock)) {
                lock.close();
            }
        } else if (mode == WaitMode.REFUSE) {
            future.completeExceptionally(new EnvironmentBusyException(environment + " holds one version of " + application
                    + " at a time and " + blocker + " holds its lease " + ResourceNames.lease(application, environment)
                    + " in namespace " + namespace + "; wait for it to finish, or ask to wait in line instead of refusing."));
        } else {
            try {
                scheduler.schedule(() -> attempt(application, environment, promotionId, mode, future), retryMillis(),
                        TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                future.completeExceptionally(new IllegalStateException("Cannot keep waiting for " + environment + " of "
                        + application + ": the scheduler is shut down (Jenkins is stopping?). Request the promotion again.", e));
            }
        }
    }

    private long retryMillis() {
        return Math.max(100, Math.min(2000, leaseDuration.toMillis() / 10));
    }

    /** Takes the lease if free, expired or already ours; returns null when taken, else who holds it. */
    private String tryTake(String application, String environment, String promotionId) {
        String me = holderIdentity + "/" + promotionId;
        String name = ResourceNames.lease(application, environment);
        while (true) {
            Lease lease = client.leases().inNamespace(namespace).withName(name).get();
            ZonedDateTime now = clock.instant().atZone(ZoneOffset.UTC);
            try {
                if (lease == null) {
                    client.leases().inNamespace(namespace).resource(new LeaseBuilder().withNewMetadata().withName(name)
                            .withLabels(ResourceNames.labels(ResourceNames.KIND_LOCK, application, environment))
                            .withAnnotations(ResourceNames.annotations(application, environment)).endMetadata()
                            .withNewSpec().withHolderIdentity(me).withLeaseDurationSeconds((int) leaseDuration.toSeconds())
                            .withAcquireTime(now).withRenewTime(now).withLeaseTransitions(0).endSpec().build()).create();
                    return null;
                }
                String holder = lease.getSpec().getHolderIdentity();
                if (holder != null && !holder.isEmpty() && !holder.equals(me) && !expired(lease, now)) {
                    return holder + " (renewed " + lease.getSpec().getRenewTime() + ")";
                }
                if (!me.equals(holder)) {
                    lease.getSpec().setLeaseTransitions(Objects.requireNonNullElse(lease.getSpec().getLeaseTransitions(), 0) + 1);
                    lease.getSpec().setAcquireTime(now);
                }
                lease.getSpec().setHolderIdentity(me);
                lease.getSpec().setRenewTime(now);
                lease.getSpec().setLeaseDurationSeconds((int) leaseDuration.toSeconds());
                lease.getMetadata().setAnnotations(ResourceNames.annotations(application, environment));
                lease.getMetadata().getAnnotations().put(ResourceNames.PROMOTION_ANNOTATION, promotionId);
                client.leases().inNamespace(namespace).resource(lease).update();
                return null;
            } catch (KubernetesClientException e) {
                if (e.getCode() != CONFLICT) {
                    throw e;
                }
            }
        }
    }

    private static boolean expired(Lease lease, ZonedDateTime now) {
        ZonedDateTime renewed = lease.getSpec().getRenewTime();
        Integer seconds = lease.getSpec().getLeaseDurationSeconds();
        return renewed == null || seconds == null || renewed.plusSeconds(seconds).isBefore(now);
    }

    @Override
    public void releaseHeldBy(String promotionId) {
        CompletableFuture<EnvironmentLock> queued = waiting.remove(promotionId);
        if (queued != null) {
            queued.cancel(false);
        }
        Held lock = held.get(promotionId);
        if (lock != null) {
            lock.close();
        }
    }

    /** The promotions this controller holds leases for. */
    public List<String> heldPromotions() {
        return new ArrayList<>(held.keySet());
    }

    private final class Held implements EnvironmentLock {
        private final String application;
        private final String environment;
        private final String promotionId;
        private final ScheduledFuture<?> renewal;

        Held(String application, String environment, String promotionId) {
            this.application = application;
            this.environment = environment;
            this.promotionId = promotionId;
            long every = Math.max(100, leaseDuration.toMillis() / 3);
            this.renewal = scheduler.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
        }

        @Override
        public String promotionId() {
            return promotionId;
        }

        private void renew() {
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

        /** Changes the lease if this promotion still holds it, re-reading on conflict. */
        private void update(java.util.function.Consumer<Lease> change) {
            String name = ResourceNames.lease(application, environment);
            while (true) {
                Lease lease = client.leases().inNamespace(namespace).withName(name).get();
                if (lease == null || !(holderIdentity + "/" + promotionId).equals(lease.getSpec().getHolderIdentity())) {
                    renewal.cancel(false);
                    return;
                }
                change.accept(lease);
                try {
                    client.leases().inNamespace(namespace).resource(lease).update();
                    return;
                } catch (KubernetesClientException e) {
                    if (e.getCode() != CONFLICT) {
                        throw e;
                    }
                }
            }
        }
    }
}
