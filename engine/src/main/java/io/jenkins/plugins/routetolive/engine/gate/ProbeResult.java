package io.jenkins.plugins.routetolive.engine.gate;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** One probe of a gate: when, whether it succeeded, what it saw (e.g. "HTTP 503"), how long it took and why it failed. */
public record ProbeResult(Instant at, boolean success, String status, Duration latency, String reason) {
    public ProbeResult {
        Objects.requireNonNull(at, "at");
        status = Objects.requireNonNullElse(status, "");
        latency = Objects.requireNonNullElse(latency, Duration.ZERO);
        reason = Objects.requireNonNullElse(reason, "");
    }
}
