package io.jenkins.plugins.routetolive.actions;

import hudson.model.InvisibleAction;
import hudson.model.Run;
import io.jenkins.plugins.routetolive.engine.gate.GateVerdict;
import io.jenkins.plugins.routetolive.engine.gate.ProbeResult;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The probes of every gate verdict of this build's promotions. The ledger keeps one summary line per verdict;
 * the build page and its API list each probe from here. The newest {@value #MAX_PROBES} probes of a verdict
 * are kept, and how many there were. Plain final classes, saved with the build.
 */
public final class GateEvidence extends InvisibleAction {

    static final int MAX_PROBES = 60;

    private final List<Verdict> verdicts = new ArrayList<>();

    /** Adds a verdict's probes to the build, creating the action on first use, and saves the build. */
    public static void keep(Run<?, ?> run, String promotionId, GateVerdict verdict) throws IOException {
        synchronized (run) {
            GateEvidence evidence = run.getAction(GateEvidence.class);
            if (evidence == null) {
                evidence = new GateEvidence();
                run.addAction(evidence);
            }
            synchronized (evidence) {
                evidence.verdicts.add(new Verdict(promotionId, verdict));
            }
        }
        run.save();
    }

    /**
     * The kept verdict the ledger entry records (same promotion, gate, outcome and summary) that is not in
     * {@code taken} yet, or null; a gate that runs twice for a promotion (the rollback's gate) gives two.
     */
    synchronized Verdict match(LedgerEntry entry, Set<Verdict> taken) {
        for (Verdict v : verdicts) {
            if (!taken.contains(v) && v.promotionId.equals(entry.promotionId())
                    && v.gate.equals(entry.attribute(LedgerEntry.Attributes.GATE))
                    && (v.passed ? "passed" : "failed").equals(entry.attribute(LedgerEntry.Attributes.VERDICT))
                    && v.summary.equals(entry.reason())) {
                taken.add(v);
                return v;
            }
        }
        return null;
    }

    /** One gate verdict: its probes, newest last. */
    public static final class Verdict {
        private final String promotionId;
        private final String gate;
        private final boolean passed;
        private final String summary;
        private final int total;
        private final List<Probe> probes;

        Verdict(String promotionId, GateVerdict verdict) {
            this.promotionId = promotionId;
            this.gate = verdict.gate();
            this.passed = verdict.passed();
            this.summary = verdict.summary();
            List<ProbeResult> all = verdict.evidence();
            this.total = all.size();
            this.probes = new ArrayList<>();
            for (ProbeResult p : all.subList(Math.max(0, all.size() - MAX_PROBES), all.size())) {
                probes.add(new Probe(p));
            }
        }

        int total() {
            return total;
        }

        List<Probe> probes() {
            return probes;
        }
    }

    /** One probe: when, whether it succeeded, what it saw ("HTTP 200"), how long it took, and why it failed. */
    public static final class Probe {
        private final long atMillis;
        private final boolean success;
        private final String status;
        private final long latencyMillis;
        private final String reason;

        Probe(ProbeResult result) {
            this.atMillis = result.at().toEpochMilli();
            this.success = result.success();
            this.status = result.status();
            this.latencyMillis = result.latency().toMillis();
            this.reason = result.reason();
        }

        long atMillis() {
            return atMillis;
        }

        boolean success() {
            return success;
        }

        String status() {
            return status;
        }

        long latencyMillis() {
            return latencyMillis;
        }

        String reason() {
            return reason;
        }
    }
}
