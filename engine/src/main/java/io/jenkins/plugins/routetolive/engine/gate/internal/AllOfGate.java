package io.jenkins.plugins.routetolive.engine.gate.internal;

import io.jenkins.plugins.routetolive.engine.gate.Gate;
import io.jenkins.plugins.routetolive.engine.gate.GateSubject;
import io.jenkins.plugins.routetolive.engine.gate.GateVerdict;
import io.jenkins.plugins.routetolive.engine.gate.ProbeResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * Passes when every gate passes; evaluates them side by side and fails as soon as one fails (the others
 * are cancelled). The verdict merges the evidence of every gate that finished.
 */
public final class AllOfGate implements Gate {

    private final List<Gate> gates;

    public AllOfGate(List<Gate> gates) {
        Objects.requireNonNull(gates, "gates");
        if (gates.isEmpty()) {
            throw new IllegalArgumentException("an all-of gate needs at least one gate, but got none");
        }
        this.gates = List.copyOf(gates);
    }

    public List<Gate> gates() {
        return gates;
    }

    @Override
    public CompletableFuture<GateVerdict> evaluate(GateSubject subject) {
        List<CompletableFuture<GateVerdict>> running = gates.stream().map(g -> g.evaluate(subject)).toList();
        CompletableFuture<GateVerdict> result = new CompletableFuture<>();
        List<GateVerdict> done = new ArrayList<>();
        for (CompletableFuture<GateVerdict> future : running) {
            future.whenComplete((verdict, error) -> {
                if (error != null) {
                    return; // cancelled after another gate failed
                }
                boolean finished;
                List<GateVerdict> snapshot;
                synchronized (done) {
                    done.add(verdict);
                    snapshot = List.copyOf(done);
                    finished = !verdict.passed() || snapshot.size() == gates.size();
                }
                if (finished && result.complete(merge(snapshot))) {
                    running.forEach(f -> f.cancel(false));
                }
            });
        }
        return result;
    }

    private GateVerdict merge(List<GateVerdict> verdicts) {
        List<ProbeResult> evidence = new ArrayList<>();
        Duration took = Duration.ZERO;
        for (GateVerdict v : verdicts) {
            evidence.addAll(v.evidence());
            took = took.compareTo(v.took()) < 0 ? v.took() : took;
        }
        List<GateVerdict> failed = verdicts.stream().filter(v -> !v.passed()).toList();
        String summary = failed.isEmpty() ? gates.size() + "/" + gates.size() + " gates passed"
                : failed.stream().map(v -> v.gate() + ": " + v.summary()).collect(Collectors.joining("; "));
        return new GateVerdict(describe(), failed.isEmpty(), summary, evidence, took);
    }

    @Override
    public String describe() {
        return "all of [" + gates.stream().map(Gate::describe).collect(Collectors.joining(", ")) + "]";
    }
}
