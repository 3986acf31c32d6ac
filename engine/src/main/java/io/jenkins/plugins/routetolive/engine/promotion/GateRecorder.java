package io.jenkins.plugins.routetolive.engine.promotion;

import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.event.EventKind;
import io.jenkins.plugins.routetolive.engine.gate.GateVerdict;
import io.jenkins.plugins.routetolive.engine.gate.ProbeResult;
import io.jenkins.plugins.routetolive.engine.ledger.EntryType;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;

import java.util.Map;
import java.util.stream.Collectors;

/** Writes a gate verdict to the ledger and tells it: one line per failed probe, then one summary line. */
public final class GateRecorder {

    private final PromotionService service;

    public GateRecorder(PromotionService service) {
        this.service = service;
    }

    public void record(String promotionId, Artifact artifact, String environment, GateVerdict verdict) {
        for (ProbeResult failure : verdict.failures()) {
            service.publish(EventKind.GATE, promotionId, artifact.application(), environment, "Probe failed for "
                    + artifact.application() + " in " + environment + " at " + failure.at() + ": " + failure.status()
                    + (failure.reason().isEmpty() ? "" : " (" + failure.reason() + ")") + " after "
                    + failure.latency().toMillis() + " ms.");
        }
        service.append(promotionId, artifact, environment, EntryType.GATE_VERDICT, null, "system", verdict.summary(), Map.of(
                LedgerEntry.Attributes.GATE, verdict.gate(),
                LedgerEntry.Attributes.VERDICT, verdict.passed() ? "passed" : "failed",
                LedgerEntry.Attributes.EVIDENCE, evidence(verdict)));
        service.publish(EventKind.GATE, promotionId, artifact.application(), environment, "Health gate for "
                + artifact.application() + " " + artifact.version() + " in " + environment + " "
                + (verdict.passed() ? "passed" : "failed") + ": " + verdict.summary() + " (" + verdict.gate() + ").");
    }

    /** "probes=5 failed=2 last=HTTP 503" kept short: the ledger holds one line, the console holds the detail. */
    public static String evidence(GateVerdict verdict) {
        String failures = verdict.failures().stream().limit(5)
                .map(p -> p.at() + " " + p.status() + (p.reason().isEmpty() ? "" : " " + p.reason()))
                .collect(Collectors.joining("; "));
        return "probes=" + verdict.evidence().size() + " failed=" + verdict.failures().size()
                + (failures.isEmpty() ? "" : " [" + failures + "]");
    }
}
