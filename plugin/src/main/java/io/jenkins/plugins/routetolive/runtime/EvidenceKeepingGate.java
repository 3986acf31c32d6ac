package io.jenkins.plugins.routetolive.runtime;

import hudson.model.Run;
import io.jenkins.plugins.routetolive.actions.GateEvidence;
import io.jenkins.plugins.routetolive.engine.gate.Gate;
import io.jenkins.plugins.routetolive.engine.gate.GateSubject;
import io.jenkins.plugins.routetolive.engine.gate.GateVerdict;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A gate whose verdicts leave every probe on the build. The ledger keeps one summary line per verdict (its
 * size matters at a million records); the build page lists the probes (time, result, latency) from the build.
 * The verdict future is the gate's own, so cancelling it still stops the probing.
 */
final class EvidenceKeepingGate implements Gate {

    private static final Logger LOGGER = Logger.getLogger(EvidenceKeepingGate.class.getName());

    private final Gate gate;
    private final Run<?, ?> run;

    EvidenceKeepingGate(Gate gate, Run<?, ?> run) {
        this.gate = gate;
        this.run = run;
    }

    @Override
    public CompletableFuture<GateVerdict> evaluate(GateSubject subject) {
        CompletableFuture<GateVerdict> verdict = gate.evaluate(subject);
        verdict.thenAccept(v -> keep(subject.promotionId(), v));
        return verdict;
    }

    private void keep(String promotionId, GateVerdict verdict) {
        try {
            GateEvidence.keep(run, promotionId, verdict);
        } catch (IOException | RuntimeException e) {
            // the verdict stands and the ledger has it; only the probe list on the build page is missing
            LOGGER.log(Level.WARNING, "Could not keep the probes of " + verdict.gate() + " on " + run, e);
        }
    }

    @Override
    public String describe() {
        return gate.describe();
    }
}
