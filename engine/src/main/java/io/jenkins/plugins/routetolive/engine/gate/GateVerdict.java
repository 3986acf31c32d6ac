package io.jenkins.plugins.routetolive.engine.gate;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** A gate's decision and its evidence: every probe, and one summary sentence. */
public record GateVerdict(String gate, boolean passed, String summary, List<ProbeResult> evidence, Duration took) {
    public GateVerdict {
        Objects.requireNonNull(gate, "gate");
        Objects.requireNonNull(summary, "summary");
        evidence = List.copyOf(Objects.requireNonNullElse(evidence, List.of()));
        took = Objects.requireNonNullElse(took, Duration.ZERO);
    }

    public List<ProbeResult> failures() {
        return evidence.stream().filter(p -> !p.success()).toList();
    }
}
