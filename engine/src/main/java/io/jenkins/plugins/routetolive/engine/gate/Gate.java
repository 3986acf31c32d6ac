package io.jenkins.plugins.routetolive.engine.gate;

import java.util.concurrent.CompletableFuture;

/**
 * Decides whether an environment is healthy after a deployment. Gates are data (a URL, thresholds,
 * deadlines), never scripts. Evaluation returns at once; no thread waits while the gate probes.
 */
public interface Gate {

    CompletableFuture<GateVerdict> evaluate(GateSubject subject);

    /** "HTTP readiness http://127.0.0.1:8080/health", for messages. */
    String describe();
}
