package io.jenkins.plugins.routetolive.engine.gate;

import java.util.concurrent.CompletableFuture;

/** One check of health (an HTTP request, a TCP connect, a look at a rollout), answered asynchronously. */
public interface Probe {

    /** Runs one check; the future must complete (never fail) within the probe's own timeout. */
    CompletableFuture<ProbeResult> probe(GateSubject subject);

    String describe();
}
