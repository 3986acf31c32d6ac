package io.jenkins.plugins.routetolive.engine.cluster;

import io.jenkins.plugins.routetolive.engine.cluster.internal.PresenceLeases;
import io.jenkins.plugins.routetolive.engine.event.EventKind;
import io.jenkins.plugins.routetolive.engine.ledger.PromotionRecord;
import io.jenkins.plugins.routetolive.engine.ledger.kubernetes.KubernetesLedger;
import io.jenkins.plugins.routetolive.engine.promotion.IllegalStateTransitionException;
import io.jenkins.plugins.routetolive.engine.promotion.Promotion;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionRefusedException;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionService;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Fails the promotions a stopped controller left in flight, so they are never lost and nobody waits for them: a
 * sweep finds active promotions whose {@link KubernetesLedger#controllerOf controller} is another one whose presence
 * Lease (see {@link ControllerPresence}) has been expired or released for longer than the grace period, marks that
 * Lease as taken over with an update carrying the resourceVersion read (so exactly one surviving controller takes
 * over), and records each of those promotions as FAILED (ROLLBACK_FAILED for a rollback that was running) through
 * {@link PromotionService#transition}. It releases nothing: the stopped controller's environment leases expire.
 * Promotions whose controller is unknown (records from before controllers were named), and controllers without a
 * presence Lease, are left alone.
 */
public final class OrphanedPromotions implements AutoCloseable {

    /** Jenkins restarts take minutes; a controller back within this keeps its promotions. */
    public static final Duration DEFAULT_GRACE_PERIOD = Duration.ofMinutes(10);

    private final PromotionService service;
    private final Function<PromotionRecord, PromotionService> serviceOf;
    private final KubernetesLedger ledger;
    private final ControllerPresence presence;
    private final PresenceLeases leases;
    private final Duration gracePeriod;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private ScheduledFuture<?> sweeps;

    /** With the default grace period of 10 minutes. */
    public OrphanedPromotions(PromotionService service, KubernetesLedger ledger, ControllerPresence presence,
                              ScheduledExecutorService scheduler, Clock clock) {
        this(service, ledger, presence, DEFAULT_GRACE_PERIOD, scheduler, clock);
    }

    /**
     * @param ledger      the ledger {@code service} writes to
     * @param presence    this controller's presence, with the same identity as the ledger
     * @param gracePeriod how long after a controller's presence expired (or was released) its promotions stay its own
     */
    public OrphanedPromotions(PromotionService service, KubernetesLedger ledger, ControllerPresence presence,
                              Duration gracePeriod, ScheduledExecutorService scheduler, Clock clock) {
        this(service, p -> service, ledger, presence, gracePeriod, scheduler, clock);
    }

    /**
     * For a controller with several routes: each promotion is failed through {@code serviceOf} it (the service of
     * its route, which knows its environment); {@code service} tells of takeovers. All write to {@code ledger}.
     */
    public OrphanedPromotions(PromotionService service, Function<PromotionRecord, PromotionService> serviceOf,
                              KubernetesLedger ledger, ControllerPresence presence, Duration gracePeriod,
                              ScheduledExecutorService scheduler, Clock clock) {
        this.service = Objects.requireNonNull(service, "service");
        this.serviceOf = Objects.requireNonNull(serviceOf, "serviceOf");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.presence = Objects.requireNonNull(presence, "presence");
        if (service.ledger() != ledger) {
            throw new IllegalArgumentException("The promotion service must write to the KubernetesLedger of controller "
                    + ledger.controller() + ", so that failures it records are that controller's; pass the same ledger.");
        }
        if (!ledger.controller().equals(presence.identity())) {
            throw new IllegalArgumentException("The ledger writes as controller " + ledger.controller()
                    + " but the presence announces " + presence.identity() + "; give both the same identity.");
        }
        this.gracePeriod = Objects.requireNonNull(gracePeriod, "gracePeriod");
        if (gracePeriod.isNegative()) {
            throw new IllegalArgumentException("gracePeriod must not be negative, but was " + gracePeriod);
        }
        this.leases = presence.leases();
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Sweeps every minute (every tenth of the grace period if that is shorter, at least every second). */
    public void start() {
        start(Duration.ofMillis(Math.max(1000, Math.min(60_000, gracePeriod.toMillis() / 10))));
    }

    /** Sweeps on the scheduler with this delay between sweeps, the first one right away. */
    public synchronized void start(Duration every) {
        if (sweeps != null) {
            throw new IllegalStateException("The sweep for promotions of stopped controllers is already running on "
                    + presence.identity() + ".");
        }
        sweeps = scheduler.scheduleWithFixedDelay(this::sweepQuietly, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Looks once for promotions of controllers gone longer than the grace period and fails those this controller
     * takes over.
     *
     * @return the promotions this call recorded as failed, as they are now
     */
    public List<Promotion> sweep() {
        String me = presence.identity();
        Map<String, List<PromotionRecord>> byController = new TreeMap<>();
        for (PromotionRecord p : ledger.activePromotions()) {
            ledger.controllerOf(p.id()).filter(c -> !c.equals(me))
                    .ifPresent(c -> byController.computeIfAbsent(c, k -> new ArrayList<>()).add(p));
        }
        List<Promotion> failed = new ArrayList<>();
        byController.forEach((controller, promotions) -> takeOver(controller).ifPresent(stoppedAt -> {
            service.publish(EventKind.INFO, "", "", "", "Controller " + controller + " stopped renewing its presence at "
                    + stoppedAt + " and has been gone for more than " + describe(gracePeriod) + "; " + me
                    + " fails its " + promotions.size() + " promotion(s) still in flight.");
            promotions.forEach(p -> fail(p.id(), controller, stoppedAt).ifPresent(failed::add));
        }));
        return failed;
    }

    /** Claims the stopped controller's presence Lease; answers when it stopped renewing if this controller has it. */
    private Optional<Instant> takeOver(String controller) {
        String me = presence.identity();
        return leases.change(controller, read -> {
            Instant now = clock.instant();
            if (read == null || !read.goneLongerThan(gracePeriod, now)) {
                return PresenceLeases.Change.none(Optional.empty());
            }
            Optional<String> claimant = read.takenOverBy();
            if (claimant.isPresent() && claimant.get().equals(me)) {
                return PresenceLeases.Change.none(Optional.of(read.lastRenewal()));
            }
            if (claimant.isPresent() && leases.read(claimant.get()).map(c -> c.presentAt(now)).orElse(false)) {
                return PresenceLeases.Change.none(Optional.empty());
            }
            return new PresenceLeases.Change<>(read.takenOverBy(me, now), Optional.of(read.lastRenewal()));
        });
    }

    private Optional<Promotion> fail(String promotionId, String controller, Instant stoppedAt) {
        Optional<PromotionRecord> now = ledger.promotion(promotionId);
        if (now.isEmpty() || now.get().state().isFinal() || !ledger.controllerOf(promotionId).equals(Optional.of(controller))) {
            return Optional.empty();
        }
        String me = presence.identity();
        boolean rollingBack = now.get().state() == PromotionState.ROLLING_BACK;
        String reason = "controller " + controller + " stopped renewing its presence at " + stoppedAt + "; " + me
                + (rollingBack ? " recorded this rollback as failed since nobody finishes it: check " + now.get().application()
                        + " in " + now.get().environment() + " and record it repaired"
                        : " failed this promotion so the environment is not left waiting: promote again");
        PromotionService owner = serviceOf.apply(now.get());
        if (owner.ledger() != ledger) {
            throw new IllegalStateException("The promotion service for " + promotionId + " writes to another ledger than"
                    + " the KubernetesLedger of controller " + ledger.controller() + "; pass services of that ledger.");
        }
        try {
            Promotion failed = owner.transition(promotionId, rollingBack ? PromotionState.ROLLBACK_FAILED
                    : PromotionState.FAILED, "system", reason);
            service.publish(rollingBack ? EventKind.ROLLBACK_FAILED : EventKind.FAILED, promotionId,
                    failed.artifact().application(), failed.environment(), "Promotion " + promotionId + " of "
                            + failed.describe() + " " + (rollingBack ? "could not finish its rollback" : "failed") + ": "
                            + reason + ".");
            return Optional.of(failed);
        } catch (IllegalStateTransitionException | PromotionRefusedException e) {
            return Optional.empty(); // it moved on meanwhile (its controller came back, or someone recorded its end)
        }
    }

    private static String describe(Duration duration) {
        return duration.toSeconds() % 60 == 0 ? duration.toMinutes() + " minute(s)" : duration.toSeconds() + " s";
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            service.publish(EventKind.INFO, "", "", "", "Controller " + presence.identity() + " could not look for"
                    + " promotions of stopped controllers: " + e.getMessage() + " It tries again at the next sweep.");
        }
    }

    /** Stops the periodic sweep. */
    @Override
    public synchronized void close() {
        if (sweeps != null) {
            sweeps.cancel(false);
        }
    }
}
