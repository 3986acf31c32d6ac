package io.jenkins.plugins.routetolive.engine.ledger.kubernetes.internal;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.jenkins.plugins.routetolive.engine.policy.WaitMode;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one promotion may do with an environment's lock Lease as read just now: take it, join the line, renew its
 * place, keep waiting, or be refused. Only the holder itself, or the head of the line (after dropping places whose
 * controllers stopped renewing them) when the Lease is free or expired, may take it; nobody else jumps the line.
 * Decides only; the caller writes {@link #lease()} with the resourceVersion it read.
 *
 * @param kind    what to do
 * @param lease   the Lease to write (a changed copy), or null when nothing is written
 * @param blocker for WAIT and REFUSE: who is in the way, as a phrase ("jenkins-a/p1 holds its lease")
 */
public record LeaseTurn(Kind kind, Lease lease, String blocker) {

    public enum Kind {
        /** Write {@link #lease()}: it names the caller as holder. */
        TAKE,
        /** Write {@link #lease()}: the caller joins the end of the line. */
        JOIN,
        /** Write {@link #lease()}: the caller's place is renewed so others keep it in line. */
        RENEW_PLACE,
        /** Nothing to write; look again later. */
        WAIT,
        /** Nothing to write; the caller does not wait. */
        REFUSE
    }

    /**
     * Decides for {@code me} ({@code <controller>/<promotion id>}).
     *
     * @param leaseDuration how long the caller's lease and place last without renewal; a place is renewed at most
     *                      every third of it
     */
    public static LeaseTurn decide(Lease read, String me, String promotionId, WaitMode mode, Instant now,
                                   Duration leaseDuration) {
        String holder = read.getSpec().getHolderIdentity();
        boolean free = holder == null || holder.isEmpty() || expired(read, now);
        WaitingLine line = WaitingLine.of(read).withoutExpired(now, me);
        Optional<WaitingLine.Place> head = line.head();
        if (me.equals(holder) || free && (head.isEmpty() || head.get().holder().equals(me))) {
            return new LeaseTurn(Kind.TAKE, taken(read, me, promotionId, now, leaseDuration, line.leave(me)), null);
        }
        String blocker = free
                ? head.get().holder() + " is next in line (waiting since " + head.get().since() + ") for its lease"
                : holder + " holds its lease (renewed " + read.getSpec().getRenewTime() + ")";
        if (mode == WaitMode.REFUSE) {
            return new LeaseTurn(Kind.REFUSE, null, blocker);
        }
        Optional<WaitingLine.Place> mine = line.place(me);
        int seconds = (int) leaseDuration.toSeconds();
        if (mine.isEmpty()) {
            return new LeaseTurn(Kind.JOIN, withLine(read, line.join(new WaitingLine.Place(me, now, now, seconds))), blocker);
        }
        if (!mine.get().renewTime().plus(leaseDuration.dividedBy(3)).isAfter(now)) {
            return new LeaseTurn(Kind.RENEW_PLACE, withLine(read, line.renew(me, now)), blocker);
        }
        return new LeaseTurn(Kind.WAIT, null, blocker);
    }

    /** A new Lease held by {@code me}, for when none exists yet. */
    public static Lease created(String name, String application, String environment, String me, String promotionId,
                                Instant now, Duration leaseDuration) {
        ZonedDateTime at = now.atZone(ZoneOffset.UTC);
        Map<String, String> annotations = ResourceNames.annotations(application, environment);
        annotations.put(ResourceNames.PROMOTION_ANNOTATION, promotionId);
        return new LeaseBuilder().withNewMetadata().withName(name)
                .withLabels(ResourceNames.labels(ResourceNames.KIND_LOCK, application, environment))
                .withAnnotations(annotations).endMetadata()
                .withNewSpec().withHolderIdentity(me).withLeaseDurationSeconds((int) leaseDuration.toSeconds())
                .withAcquireTime(at).withRenewTime(at).withLeaseTransitions(0).endSpec().build();
    }

    /** Whether the holder stopped renewing: renewTime plus leaseDurationSeconds lies before now. */
    public static boolean expired(Lease lease, Instant now) {
        ZonedDateTime renewed = lease.getSpec().getRenewTime();
        Integer seconds = lease.getSpec().getLeaseDurationSeconds();
        return renewed == null || seconds == null || renewed.toInstant().plusSeconds(seconds).isBefore(now);
    }

    private static Lease taken(Lease read, String me, String promotionId, Instant now, Duration leaseDuration,
                               WaitingLine line) {
        Lease lease = withLine(read, line);
        ZonedDateTime at = now.atZone(ZoneOffset.UTC);
        if (!me.equals(read.getSpec().getHolderIdentity())) {
            lease.getSpec().setLeaseTransitions(Objects.requireNonNullElse(read.getSpec().getLeaseTransitions(), 0) + 1);
            lease.getSpec().setAcquireTime(at);
        }
        lease.getSpec().setHolderIdentity(me);
        lease.getSpec().setRenewTime(at);
        lease.getSpec().setLeaseDurationSeconds((int) leaseDuration.toSeconds());
        Map<String, String> annotations = new HashMap<>(lease.getMetadata().getAnnotations());
        annotations.put(ResourceNames.PROMOTION_ANNOTATION, promotionId);
        lease.getMetadata().setAnnotations(annotations);
        return lease;
    }

    private static Lease withLine(Lease read, WaitingLine line) {
        Lease copy = new LeaseBuilder(read).build();
        line.storeIn(copy);
        return copy;
    }
}
