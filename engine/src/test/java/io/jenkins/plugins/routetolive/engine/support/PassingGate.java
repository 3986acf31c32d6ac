package io.jenkins.plugins.routetolive.engine.support;

import io.jenkins.plugins.routetolive.engine.gate.Gate;
import io.jenkins.plugins.routetolive.engine.gate.GateSubject;
import io.jenkins.plugins.routetolive.engine.gate.GateVerdict;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A gate that passes at once, for tests and benchmarks in which the gate is not what is checked or measured. */
public final class PassingGate implements Gate {

    private final String description;

    public PassingGate(String description) {
        this.description = description;
    }

    @Override
    public CompletableFuture<GateVerdict> evaluate(GateSubject subject) {
        return CompletableFuture.completedFuture(new GateVerdict(describe(), true, "healthy", List.of(), Duration.ZERO));
    }

    @Override
    public String describe() {
        return description;
    }
}
