package io.jenkins.plugins.routetolive.engine.metrics.internal;

import io.jenkins.plugins.routetolive.engine.artifact.Digest;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.metrics.DeliveryMetrics;
import io.jenkins.plugins.routetolive.engine.metrics.MetricsWindow;
import io.jenkins.plugins.routetolive.engine.rollback.ManualRollback;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The facts delivery metrics are computed from, per application and environment, kept up to date by the
 * ledger index as it applies each entry (when an entry is appended, and when a journal is opened and read).
 * A query never reads history: it measures the pair's {@link PairFacts}. Which entries count, and how, is
 * defined in docs/metrics.md; retention keeps every entry read here ({@link MetricsRetention}). Not
 * thread-safe: the index that owns it is guarded by its ledger.
 */
public final class DeliveryFacts {

    /** What the rest of the index knows about a verified digest, as it was before the entry being applied. */
    @FunctionalInterface
    public interface NewChanges {
        /**
         * When the digest was registered, if verifying it in the environment now is its first verification there
         * (a new change); empty when it was verified there before, or never registered for the application.
         */
        Optional<Instant> registeredAt(String application, String environment, Digest digest);
    }

    private static final byte DEPLOYED = 1;
    private static final byte ROLLBACK = 2;

    private final NewChanges newChanges;
    private final Map<String, Map<String, PairFacts>> pairs = new HashMap<>();
    /** Promotions not yet verified or failed that are manual rollbacks or reached deploying; usually a handful. */
    private final Map<String, Byte> inFlight = new HashMap<>();

    public DeliveryFacts(NewChanges newChanges) {
        this.newChanges = java.util.Objects.requireNonNull(newChanges, "newChanges must not be null");
    }

    /** Takes the entry into account; entries must come in ledger order. Never throws for odd entries. */
    public void apply(LedgerEntry e) {
        switch (e.type()) {
            case STATE_CHANGED -> stateChanged(e);
            case ENVIRONMENT_RESOLVED -> pair(e).healthy(at(e));
            case MANIFEST_ROLLBACK -> {
                if ("failed".equals(e.attribute(LedgerEntry.Attributes.VERDICT))) {
                    pair(e).failed(at(e));
                } else {
                    pair(e).healthy(at(e));
                }
            }
            default -> {
                // registrations, approvals, gate verdicts, rehearsals and manifest records change no measure
            }
        }
    }

    private void stateChanged(LedgerEntry e) {
        String id = e.promotionId();
        switch (e.state()) {
            case REQUESTED -> {
                if (ManualRollback.KIND_ROLLBACK.equals(e.attribute(ManualRollback.KIND_ATTRIBUTE))) {
                    inFlight.merge(id, ROLLBACK, (a, b) -> (byte) (a | b));
                }
            }
            case DEPLOYING -> inFlight.merge(id, DEPLOYED, (a, b) -> (byte) (a | b));
            case VERIFIED -> verified(e, ended(id));
            case FAILED -> failed(e, ended(id));
            case ROLLED_BACK -> pair(e).healthy(at(e));
            case ROLLBACK_FAILED -> pair(e).failed(at(e));
            case REJECTED -> inFlight.remove(id);
            default -> {
                // awaiting approval, verifying and rolling back change no measure
            }
        }
    }

    /** Any verified promotion shows the environment healthy; only one that is no manual rollback is a deployment. */
    private void verified(LedgerEntry e, byte kind) {
        PairFacts pair = pair(e);
        pair.healthy(at(e));
        if ((kind & ROLLBACK) == 0) {
            pair.deployed(at(e), leadTime(e));
        }
    }

    /** A promotion that reached deploying and failed is an outage; unless it is a manual rollback, a failed change too. */
    private void failed(LedgerEntry e, byte kind) {
        if ((kind & DEPLOYED) != 0) {
            PairFacts pair = pair(e);
            pair.failed(at(e));
            if ((kind & ROLLBACK) == 0) {
                pair.changeFailed(at(e));
            }
        }
    }

    private byte ended(String promotionId) {
        Byte kind = inFlight.remove(promotionId);
        return kind == null ? 0 : kind;
    }

    private long leadTime(LedgerEntry e) {
        Optional<Instant> registered = newChanges.registeredAt(e.application(), e.environment(), e.digest());
        if (registered.isEmpty()) {
            return PairFacts.NO_LEAD_TIME;
        }
        long lead = at(e) - TimeSeries.nanos(registered.get());
        return lead < 0 ? PairFacts.NO_LEAD_TIME : lead;
    }

    private PairFacts pair(LedgerEntry e) {
        return pairs.computeIfAbsent(e.application(), k -> new HashMap<>()).computeIfAbsent(e.environment(), k -> new PairFacts());
    }

    private static long at(LedgerEntry e) {
        return TimeSeries.nanos(e.time());
    }

    /** The metrics of the application in the environment over the window and the one before it. */
    public DeliveryMetrics measure(String application, String environment, MetricsWindow window) {
        Map<String, PairFacts> environments = pairs.get(application);
        PairFacts pair = environments == null ? null : environments.get(environment);
        if (pair == null) {
            pair = new PairFacts();
        }
        return new DeliveryMetrics(application, environment, pair.measure(window), pair.measure(window.previous()));
    }
}
