package io.jenkins.plugins.routetolive.engine.cluster.internal;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.jenkins.plugins.routetolive.engine.ledger.kubernetes.internal.ResourceNames;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A controller's presence Lease {@code rtl-controller-<identity>} as read: held by the controller while it runs and
 * renews it, released (no holder) when it stopped cleanly, and annotated with who took over its promotions once it
 * had been gone too long. The methods returning a Lease return changed copies to write with the resourceVersion read.
 */
public record PresenceLease(Lease lease) {

    public static final String KIND = "controller-presence";
    public static final String CONTROLLER_LABEL = "routetolive.io/controller";
    public static final String TAKEN_OVER_BY = "routetolive.io/taken-over-by";
    public static final String TAKEN_OVER_AT = "routetolive.io/taken-over-at";

    public PresenceLease {
        Objects.requireNonNull(lease, "lease");
    }

    public static String name(String controller) {
        return "rtl-controller-" + controller;
    }

    /** A new presence Lease held by the controller. */
    public static Lease created(String controller, Instant now, Duration leaseDuration) {
        ZonedDateTime at = now.atZone(ZoneOffset.UTC);
        return new LeaseBuilder().withNewMetadata().withName(name(controller)).withLabels(Map.of(
                        ResourceNames.MANAGED_BY_LABEL, ResourceNames.MANAGED_BY,
                        ResourceNames.KIND_LABEL, KIND,
                        CONTROLLER_LABEL, controller)).endMetadata()
                .withNewSpec().withHolderIdentity(controller).withLeaseDurationSeconds((int) leaseDuration.toSeconds())
                .withAcquireTime(at).withRenewTime(at).withLeaseTransitions(0).endSpec().build();
    }

    /** Held and renewed now by the controller, and no longer marked as taken over (it is back). */
    public Lease renewedBy(String controller, Instant now, Duration leaseDuration) {
        Lease next = new LeaseBuilder(lease).build();
        ZonedDateTime at = now.atZone(ZoneOffset.UTC);
        if (!controller.equals(lease.getSpec().getHolderIdentity())) {
            next.getSpec().setAcquireTime(at);
            next.getSpec().setLeaseTransitions(Objects.requireNonNullElse(lease.getSpec().getLeaseTransitions(), 0) + 1);
        }
        next.getSpec().setHolderIdentity(controller);
        next.getSpec().setRenewTime(at);
        next.getSpec().setLeaseDurationSeconds((int) leaseDuration.toSeconds());
        Map<String, String> annotations = annotations();
        annotations.remove(TAKEN_OVER_BY);
        annotations.remove(TAKEN_OVER_AT);
        next.getMetadata().setAnnotations(annotations);
        return next;
    }

    /** Released by a controller stopping cleanly: no holder, absent from now on. */
    public Lease released(Instant now) {
        Lease next = new LeaseBuilder(lease).build();
        next.getSpec().setHolderIdentity(null);
        next.getSpec().setRenewTime(now.atZone(ZoneOffset.UTC));
        return next;
    }

    /** Marked as taken over by {@code claimant}: that controller fails the promotions this one left. */
    public Lease takenOverBy(String claimant, Instant now) {
        Lease next = new LeaseBuilder(lease).build();
        Map<String, String> annotations = annotations();
        annotations.put(TAKEN_OVER_BY, claimant);
        annotations.put(TAKEN_OVER_AT, now.toString());
        next.getMetadata().setAnnotations(annotations);
        return next;
    }

    public boolean heldBy(String controller) {
        return controller.equals(lease.getSpec().getHolderIdentity());
    }

    /** When the controller last renewed its presence (or released it). */
    public Instant lastRenewal() {
        ZonedDateTime renewed = lease.getSpec().getRenewTime();
        return renewed == null ? Instant.EPOCH : renewed.toInstant();
    }

    /**
     * Since when the controller has been gone: when it released its presence, or when its last renewal expired; empty
     * while it is present.
     */
    public Optional<Instant> absentSince(Instant now) {
        String holder = lease.getSpec().getHolderIdentity();
        if (holder == null || holder.isEmpty()) {
            return Optional.of(lastRenewal());
        }
        Instant expiry = lastRenewal().plusSeconds(Objects.requireNonNullElse(lease.getSpec().getLeaseDurationSeconds(), 0));
        return expiry.isBefore(now) ? Optional.of(expiry) : Optional.empty();
    }

    public boolean presentAt(Instant now) {
        return absentSince(now).isEmpty();
    }

    /** Whether the controller has been gone for longer than the grace period. */
    public boolean goneLongerThan(Duration grace, Instant now) {
        return absentSince(now).map(since -> since.plus(grace).isBefore(now)).orElse(false);
    }

    public Optional<String> takenOverBy() {
        return Optional.ofNullable(annotations().get(TAKEN_OVER_BY));
    }

    private Map<String, String> annotations() {
        return new HashMap<>(Objects.requireNonNullElse(lease.getMetadata().getAnnotations(), Map.of()));
    }
}
