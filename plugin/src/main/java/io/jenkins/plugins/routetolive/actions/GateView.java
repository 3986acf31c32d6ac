package io.jenkins.plugins.routetolive.actions;

import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/**
 * One gate verdict of a promotion: the ledger's entry (gate, outcome, summary) and, when the build kept them,
 * its probes. Secrets a health URL might carry are hidden ({@link Redaction}).
 */
@ExportedBean(defaultVisibility = 3)
public final class GateView {

    private final LedgerEntry entry;
    private final GateEvidence.Verdict kept;

    GateView(LedgerEntry entry, GateEvidence.Verdict kept) {
        this.entry = entry;
        this.kept = kept;
    }

    @Exported
    public String getGate() {
        return Redaction.text(entry.attribute(LedgerEntry.Attributes.GATE));
    }

    /** "passed" or "failed". */
    @Exported
    public String getVerdict() {
        return entry.attribute(LedgerEntry.Attributes.VERDICT);
    }

    public StateBadge getBadge() {
        return "passed".equals(getVerdict()) ? StateBadge.PASSED : StateBadge.FAILED;
    }

    @Exported
    public String getSummary() {
        return Redaction.text(entry.reason());
    }

    @Exported(name = "at")
    public String getAtIso() {
        return Moment.iso(entry.time());
    }

    public Moment getAt() {
        return Moment.of(entry.time());
    }

    /** How many probes the gate ran (the list keeps the newest {@value GateEvidence#MAX_PROBES}). */
    @Exported
    public int getProbeCount() {
        return kept != null ? kept.total() : -1;
    }

    /** The ledger's one-line account ("probes=3 failed=0"), for verdicts whose probes the build did not keep. */
    public String getLedgerEvidence() {
        return Redaction.text(entry.attribute(LedgerEntry.Attributes.EVIDENCE));
    }

    /** Whether a probe failed (the page then has a column for why). */
    public boolean isAnyProbeFailed() {
        return kept != null && kept.probes().stream().anyMatch(p -> !p.success());
    }

    /** Each probe, oldest first; with {@code depth=1} in the REST API. */
    @Exported(visibility = 2)
    public List<ProbeView> getProbes() {
        List<ProbeView> probes = new ArrayList<>();
        if (kept != null) {
            kept.probes().forEach(p -> probes.add(new ProbeView(p)));
        }
        return probes;
    }

    /** One probe: when, the result, what it saw, how long it took. */
    @ExportedBean(defaultVisibility = 4)
    public static final class ProbeView {
        private final GateEvidence.Probe probe;

        ProbeView(GateEvidence.Probe probe) {
            this.probe = probe;
        }

        @Exported(name = "at")
        public String getAtIso() {
            return Instant.ofEpochMilli(probe.atMillis()).toString();
        }

        public Moment getAt() {
            return Moment.of(Instant.ofEpochMilli(probe.atMillis()));
        }

        @Exported
        public boolean isSuccess() {
            return probe.success();
        }

        public StateBadge getBadge() {
            return probe.success() ? StateBadge.PASSED : StateBadge.FAILED;
        }

        /** What the probe saw: "HTTP 200", "no response", "ready 3/3". */
        @Exported
        public String getStatus() {
            return Redaction.text(probe.status());
        }

        @Exported
        public long getLatencyMillis() {
            return probe.latencyMillis();
        }

        /** "12 ms", "1.2 s". */
        public String getLatency() {
            long ms = probe.latencyMillis();
            return ms < 1000 ? ms + " ms" : String.format(java.util.Locale.ROOT, "%.1f s", Duration.ofMillis(ms).toMillis() / 1000.0);
        }

        @Exported
        public String getReason() {
            return Redaction.text(probe.reason());
        }
    }
}
