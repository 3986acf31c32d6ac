package io.jenkins.plugins.routetolive.engine.ephemeral;

import io.jenkins.plugins.routetolive.engine.ledger.LedgerQueries;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * Decides which ephemeral environments are due for teardown, from the ledger alone (so nothing is forgotten across
 * a restart), and tears them down:
 * <ul>
 *   <li>every environment whose last teardown failed (again, with the same cause);</li>
 *   <li>every active environment whose time to live has ended by the clock's now;</li>
 *   <li>every active environment this controller made whose job no longer exists (deleted while the controller was
 *       down, or its teardown on deletion never got recorded).</li>
 * </ul>
 */
public final class EphemeralSweep {

    /** An environment to tear down, and why. */
    public record Due(EphemeralRecord record, String cause) {
        public Due {
            Objects.requireNonNull(record, "record");
            Objects.requireNonNull(cause, "cause");
        }
    }

    /** What a sweep did: the environments torn down, and those whose teardown failed (still due). */
    public record Result(List<EphemeralRecord> tornDown, List<EphemeralRecord> failed) {
        public Result {
            tornDown = List.copyOf(tornDown);
            failed = List.copyOf(failed);
        }
    }

    private final LedgerQueries ledger;
    private final EphemeralTeardowns teardowns;
    private final Clock clock;

    public EphemeralSweep(LedgerQueries ledger, EphemeralTeardowns teardowns, Clock clock) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.teardowns = Objects.requireNonNull(teardowns, "teardowns");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param controller this controller's id, as recorded on the environments it made
     * @param jobExists  whether a job of that full name exists on this controller
     */
    public static List<Due> due(List<EphemeralRecord> records, Instant now, String controller, Predicate<String> jobExists) {
        List<Due> due = new ArrayList<>();
        for (EphemeralRecord r : records) {
            if (r.state() == EphemeralState.TEARDOWN_FAILED) {
                due.add(new Due(r, r.teardownCause().isEmpty() ? "retrying a failed teardown" : r.teardownCause()));
            } else if (r.state() == EphemeralState.ACTIVE && !now.isBefore(r.expiresAt())) {
                due.add(new Due(r, "its time to live ended at " + r.expiresAt()));
            } else if (r.state() == EphemeralState.ACTIVE && !controller.isEmpty() && controller.equals(r.controller())
                    && !jobExists.test(r.owner().job())) {
                due.add(new Due(r, "job " + r.owner().job() + " no longer exists (its branch or change request is gone)"));
            }
        }
        return due;
    }

    /** Tears down what is due, one after the other; the future completes when all are done (never exceptionally). */
    public CompletableFuture<Result> run(String controller, Predicate<String> jobExists) {
        List<Due> due = due(ledger.ephemeralEnvironments(), clock.instant(), controller, jobExists);
        List<EphemeralRecord> tornDown = new ArrayList<>();
        List<EphemeralRecord> failed = new ArrayList<>();
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (Due d : due) {
            chain = chain.thenCompose(x -> teardowns.tearDown(d.record(), d.cause(), "system").thenAccept(after ->
                    (after.state() == EphemeralState.TORN_DOWN ? tornDown : failed).add(after)));
        }
        return chain.thenApply(x -> new Result(tornDown, failed));
    }
}
