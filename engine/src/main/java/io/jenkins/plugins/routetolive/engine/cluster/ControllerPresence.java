package io.jenkins.plugins.routetolive.engine.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.routetolive.engine.cluster.internal.PresenceLease;
import io.jenkins.plugins.routetolive.engine.cluster.internal.PresenceLeases;
import io.jenkins.plugins.routetolive.engine.ledger.kubernetes.internal.ResourceNames;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Tells the other controllers sharing the ledger that this one is running: a {@code coordination.k8s.io/v1} Lease
 * {@code rtl-controller-<identity>} held by this controller and renewed every third of its duration on the scheduler.
 * {@link #close()} releases it (a clean stop); a crash just stops the renewals. Either way, once it has been gone
 * longer than their grace period, another controller's {@link OrphanedPromotions} fails the promotions it left in
 * flight. A controller that comes back with the same identity before that takes its Lease back and keeps them.
 */
public final class ControllerPresence implements AutoCloseable {

    /** As long as the environment locks' usual lease. */
    public static final Duration DEFAULT_LEASE_DURATION = Duration.ofSeconds(30);

    private final PresenceLeases leases;
    private final String identity;
    private final Duration leaseDuration;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private ScheduledFuture<?> renewal;
    private boolean closed;

    /**
     * @param identity      this controller's identity, the same as its ledger's and its locks' (1-63 lower-case
     *                      letters, digits or '-'); it must be unique among the controllers and stay the same across
     *                      restarts
     * @param leaseDuration how long the presence lasts without renewal (at least 1 s); renewed every third of it
     */
    public ControllerPresence(KubernetesClient client, String namespace, String identity, Duration leaseDuration,
                              ScheduledExecutorService scheduler, Clock clock) {
        this.leases = new PresenceLeases(client, namespace);
        this.identity = ResourceNames.controllerIdentity(identity);
        this.leaseDuration = Objects.requireNonNull(leaseDuration, "leaseDuration");
        if (leaseDuration.toSeconds() < 1) {
            throw new IllegalArgumentException("leaseDuration must be at least 1 second, but was " + leaseDuration);
        }
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Takes this controller's presence Lease (creating it the first time, taking it back after a restart) and starts
     * renewing it. Throws if the API server cannot be written, so a controller that cannot announce itself knows.
     */
    public synchronized void start() {
        if (closed || renewal != null) {
            throw new IllegalStateException("The presence of controller " + identity + " was already "
                    + (closed ? "closed" : "started") + "; create a new ControllerPresence to start it again.");
        }
        renew();
        long every = Math.max(100, leaseDuration.toMillis() / 3);
        renewal = scheduler.scheduleWithFixedDelay(this::renewQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    /** The identity this controller announces. */
    public String identity() {
        return identity;
    }

    public Duration leaseDuration() {
        return leaseDuration;
    }

    PresenceLeases leases() {
        return leases;
    }

    private void renew() {
        leases.change(identity, read -> new PresenceLeases.Change<>(read == null
                ? PresenceLease.created(identity, clock.instant(), leaseDuration)
                : read.renewedBy(identity, clock.instant(), leaseDuration), null));
    }

    private void renewQuietly() {
        try {
            renew();
        } catch (RuntimeException e) {
            // the next renewal tries again; others wait a whole grace period after expiry before they take over
        }
    }

    /** Stops renewing and releases the presence Lease; the promotions in flight stay this controller's. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (renewal == null) {
            return;
        }
        renewal.cancel(false);
        try {
            leases.change(identity, read -> read == null || !read.heldBy(identity)
                    ? PresenceLeases.Change.none(null)
                    : new PresenceLeases.Change<>(read.released(clock.instant()), null));
        } catch (RuntimeException e) {
            // not released: the Lease expires one lease duration after its last renewal instead, which others read the same way
        }
    }
}
