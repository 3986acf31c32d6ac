package io.jenkins.plugins.routetolive.engine.gate;

import io.jenkins.plugins.routetolive.engine.route.GateDefaults;
import io.jenkins.plugins.routetolive.engine.message.Sentences;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Runs a probe every interval until it has succeeded {@code successThreshold} times in a row (pass) or
 * failed {@code failureThreshold} times in a row or the deadline passed (fail). Between probes nothing
 * waits: the next probe is scheduled on a shared scheduler. Cancelling the verdict future stops the probing.
 */
public final class ThresholdGate implements Gate {

    private final Probe probe;
    private final GateDefaults timing;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final Predicate<ProbeResult> fatal;

    public ThresholdGate(Probe probe, GateDefaults timing, ScheduledExecutorService scheduler, Clock clock) {
        this(probe, timing, scheduler, clock, r -> false);
    }

    /** A gate that fails at once, without waiting for more failures, when a probe result is fatal. */
    public ThresholdGate(Probe probe, GateDefaults timing, ScheduledExecutorService scheduler, Clock clock,
                         Predicate<ProbeResult> fatal) {
        this.fatal = Objects.requireNonNull(fatal, "fatal");
        this.probe = Objects.requireNonNull(probe, "probe");
        this.timing = Objects.requireNonNull(timing, "timing");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public CompletableFuture<GateVerdict> evaluate(GateSubject subject) {
        Run run = new Run(subject, clock.instant());
        run.next();
        return run.verdict;
    }

    @Override
    public String describe() {
        return probe.describe();
    }

    /** The probe this gate repeats (a soak repeats it too). */
    public Probe probe() {
        return probe;
    }

    public GateDefaults timing() {
        return timing;
    }

    private final class Run {
        final GateSubject subject;
        final Instant started;
        final Instant deadline;
        final List<ProbeResult> evidence = new ArrayList<>();
        final CompletableFuture<GateVerdict> verdict = new CompletableFuture<>();
        int successes;
        int failures;
        volatile long probeStarted;

        Run(GateSubject subject, Instant started) {
            this.subject = subject;
            this.started = started;
            this.deadline = started.plus(timing.deadline());
        }

        void next() {
            if (verdict.isDone()) {
                return; // cancelled by whoever waited for it (e.g. all-of failing fast)
            }
            probeStarted = System.nanoTime();
            probe.probe(subject).whenComplete((result, error) -> {
                ProbeResult r = error == null ? result
                        : new ProbeResult(clock.instant(), false, "error", Duration.ZERO, String.valueOf(error.getMessage()));
                record(r);
            });
        }

        void record(ProbeResult r) {
            if (verdict.isDone()) {
                return;
            }
            synchronized (this) {
                evidence.add(r);
                if (r.success()) {
                    successes++;
                    failures = 0;
                } else {
                    failures++;
                    successes = 0;
                }
            }
            Instant now = clock.instant();
            if (fatal.test(r)) {
                finish(false, r.status() + ": " + Sentences.clause(r.reason()) + " after " + seconds(now));
            } else if (successes >= timing.successThreshold()) {
                finish(true, successes + "/" + timing.successThreshold() + " checks passed in " + seconds(now));
            } else if (failures >= timing.failureThreshold()) {
                finish(false, failures + " checks failed in a row (" + Sentences.clause(r.reason()) + ") after " + seconds(now));
            } else if (!now.plus(timing.interval()).isBefore(deadline)) {
                finish(false, "deadline of " + timing.deadline().toSeconds() + " s passed with " + successes + "/"
                        + timing.successThreshold() + " consecutive successes (last: " + describeLast(r) + ")");
            } else {
                // the interval runs from probe start to probe start, so a slow answer does not stretch detection
                long wait = timing.interval().toNanos() - (System.nanoTime() - probeStarted);
                scheduler.schedule(this::next, Math.max(0, wait), TimeUnit.NANOSECONDS);
            }
        }

        void finish(boolean passed, String summary) {
            List<ProbeResult> copy;
            synchronized (this) {
                copy = List.copyOf(evidence);
            }
            verdict.complete(new GateVerdict(probe.describe(), passed, summary, copy,
                    Duration.between(started, clock.instant())));
        }

        String seconds(Instant now) {
            return String.format(java.util.Locale.ROOT, "%.1f s", Duration.between(started, now).toMillis() / 1000.0);
        }

        String describeLast(ProbeResult r) {
            return r.success() ? r.status() : r.status() + (r.reason().isEmpty() ? "" : ", " + Sentences.clause(r.reason()));
        }
    }
}
