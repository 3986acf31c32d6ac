package io.jenkins.plugins.routetolive.engine.gate.internal;

import io.jenkins.plugins.routetolive.engine.gate.Gate;
import io.jenkins.plugins.routetolive.engine.gate.GateSubject;
import io.jenkins.plugins.routetolive.engine.gate.GateVerdict;
import io.jenkins.plugins.routetolive.engine.gate.ProbeResult;
import io.jenkins.plugins.routetolive.engine.gate.ThresholdGate;
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

/**
 * After the gate passes, keeps probing for the soak time; a single failed probe during the soak fails
 * the verdict. Threshold gates are soaked by repeating their probe every interval, all-of gates by
 * soaking each member, any other gate by evaluating it again until the soak time is over.
 */
public final class SoakGate implements Gate {

    private final Gate gate;
    private final Duration soak;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;

    public SoakGate(Gate gate, Duration soak, ScheduledExecutorService scheduler, Clock clock) {
        this.gate = Objects.requireNonNull(gate, "gate");
        Objects.requireNonNull(soak, "soak");
        if (soak.isNegative()) {
            throw new IllegalArgumentException("gate soak must be zero or more, but was " + soak);
        }
        this.soak = soak;
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public CompletableFuture<GateVerdict> evaluate(GateSubject subject) {
        Instant started = clock.instant();
        return gate.evaluate(subject).thenCompose(verdict -> {
            if (!verdict.passed() || soak.isZero()) {
                return CompletableFuture.completedFuture(verdict);
            }
            Instant until = clock.instant().plus(soak);
            CompletableFuture<GateVerdict> soaked = new CompletableFuture<>();
            List<ProbeResult> evidence = new ArrayList<>(verdict.evidence());
            soakOnce(subject, until, evidence, soaked, started, verdict);
            return soaked;
        });
    }

    private void soakOnce(GateSubject subject, Instant until, List<ProbeResult> evidence,
                          CompletableFuture<GateVerdict> soaked, Instant started, GateVerdict first) {
        Instant now = clock.instant();
        if (!now.isBefore(until)) {
            soaked.complete(new GateVerdict(describe(), true, first.summary() + ", then stayed green for a soak of "
                    + soak.toMillis() + " ms (" + (evidence.size() - first.evidence().size()) + " more checks)",
                    evidence, Duration.between(started, now)));
            return;
        }
        check(subject).whenComplete((results, error) -> {
            List<ProbeResult> seen = error == null ? results : List.of(new ProbeResult(clock.instant(), false, "error",
                    Duration.ZERO, String.valueOf(error.getMessage())));
            evidence.addAll(seen);
            ProbeResult failure = seen.stream().filter(r -> !r.success()).findFirst().orElse(null);
            if (failure != null) {
                soaked.complete(new GateVerdict(describe(), false, "turned red during the soak after "
                        + Duration.between(until.minus(soak), failure.at()).toMillis() + " ms of " + soak.toMillis()
                        + " ms: " + failure.status() + (failure.reason().isEmpty() ? "" : " (" + Sentences.clause(failure.reason()) + ")"),
                        List.copyOf(evidence), Duration.between(started, clock.instant())));
                return;
            }
            long wait = Math.min(interval().toMillis(), Math.max(0, Duration.between(clock.instant(), until).toMillis()));
            scheduler.schedule(() -> soakOnce(subject, until, evidence, soaked, started, first), wait, TimeUnit.MILLISECONDS);
        });
    }

    private CompletableFuture<List<ProbeResult>> check(GateSubject subject) {
        List<Gate> members = gate instanceof AllOfGate all ? all.gates() : List.of(gate);
        List<CompletableFuture<List<ProbeResult>>> checks = members.stream().map(g -> g instanceof ThresholdGate t
                ? t.probe().probe(subject).thenApply(List::of)
                : g.evaluate(subject).thenApply(v -> v.passed() ? v.evidence() : failedEvidence(v))).toList();
        return CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new))
                .thenApply(ignored -> checks.stream().flatMap(c -> c.join().stream()).toList());
    }

    private List<ProbeResult> failedEvidence(GateVerdict v) {
        List<ProbeResult> out = new ArrayList<>(v.evidence());
        if (v.failures().isEmpty()) {
            out.add(new ProbeResult(clock.instant(), false, "failed", v.took(), v.summary()));
        }
        return out;
    }

    private Duration interval() {
        List<Gate> members = gate instanceof AllOfGate all ? all.gates() : List.of(gate);
        return members.stream().filter(ThresholdGate.class::isInstance).map(g -> ((ThresholdGate) g).timing().interval())
                .min(Duration::compareTo).orElse(Duration.ofSeconds(1));
    }

    @Override
    public String describe() {
        return gate.describe() + " with a soak of " + soak.toMillis() + " ms";
    }
}
