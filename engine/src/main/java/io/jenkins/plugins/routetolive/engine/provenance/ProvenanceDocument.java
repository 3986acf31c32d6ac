package io.jenkins.plugins.routetolive.engine.provenance;

import io.jenkins.plugins.routetolive.engine.approval.ApprovalDecision;
import io.jenkins.plugins.routetolive.engine.artifact.Digest;
import io.jenkins.plugins.routetolive.engine.provenance.internal.InTotoStatement;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The whole story of one artifact (or of every component of a release manifest) on the route, as the
 * ledger recorded it. Export it with {@link #toInTotoJson()}; the predicate is described in
 * {@code docs/provenance.md}.
 *
 * @param route     the route's name
 * @param manifest  the release manifest the document is about, if it is about one
 * @param artifacts one story per artifact, in manifest order (one for a single digest)
 */
public record ProvenanceDocument(String route, Optional<ManifestStory> manifest, List<ArtifactStory> artifacts) {

    /** The in-toto Statement v1 predicate type of this document. */
    public static final String PREDICATE_TYPE = "https://routetolive.jenkins.io/provenance/v1";

    public ProvenanceDocument {
        Objects.requireNonNull(route, "route");
        manifest = Objects.requireNonNullElse(manifest, Optional.empty());
        artifacts = List.copyOf(artifacts);
        if (artifacts.isEmpty()) {
            throw new IllegalArgumentException("a provenance document tells the story of at least one artifact");
        }
    }

    /** This document as an in-toto Statement v1 (JSON, indented). */
    public String toInTotoJson() {
        return InTotoStatement.json(this);
    }

    /** One artifact: where it came from and everything that happened to it. */
    public record ArtifactStory(String application, String version, Digest digest, String sourceRevision, String build,
                                String registeredBy, Instant registeredAt, List<Visit> visits, List<Restoration> restorations,
                                List<Running> runningNow) {
        public ArtifactStory {
            visits = List.copyOf(visits);
            restorations = List.copyOf(restorations);
            runningNow = List.copyOf(runningNow);
        }

        /** The environments it entered, in order, without repeats. */
        public List<String> environments() {
            return visits.stream().map(Visit::environment).distinct().toList();
        }
    }

    /**
     * One time the artifact entered an environment.
     *
     * @param kind        "origin" (built from its source revision), "entry" (registered) or "promotion"
     * @param promotionId the promotion ("" for origin and entry)
     * @param outcome     the promotion's last state ("verified", "rolled back", …), or "built" / "registered"
     * @param manifest    the release manifest the promotion belonged to ("name version"), if any
     * @param rollback    what a failure restored, if it did
     */
    public record Visit(String environment, String kind, String promotionId, String requestedBy, Instant at, String outcome,
                        Instant endedAt, List<ApprovalDecision> approvals, List<FreezeOverridden> overrides, List<GateEvidence> gates,
                        List<Rehearsal> rehearsals, Optional<Rollback> rollback, Optional<String> manifest) {
        public Visit {
            approvals = List.copyOf(approvals);
            overrides = List.copyOf(overrides);
            gates = List.copyOf(gates);
            rehearsals = List.copyOf(rehearsals);
            rollback = Objects.requireNonNullElse(rollback, Optional.empty());
            manifest = Objects.requireNonNullElse(manifest, Optional.empty());
        }
    }

    /** A freeze window someone overrode, and why. */
    public record FreezeOverridden(String actor, String freezeWindow, String reason, Instant at) {
    }

    /** A gate's verdict; {@code version} and {@code digest} name what it judged (a rollback gates the restored artifact). */
    public record GateEvidence(String gate, boolean passed, String summary, String evidence, String version, Digest digest,
                               Instant at) {
    }

    /** A rollback rehearsal: its result (passed, failed, nothing-to-roll-back-to), steps with timings, and duration. */
    public record Rehearsal(String result, String steps, long tookMillis, Instant at) {
    }

    /** A rollback after this artifact failed (or after another component of its manifest failed). */
    public record Rollback(String reason, String restoredVersion, String restoredDigest, String result, Instant at) {
    }

    /** A time this artifact was restored as the last known good because a later release failed. */
    public record Restoration(String environment, String failedPromotionId, String failedVersion, Instant at) {
    }

    /** An environment where the artifact runs now. */
    public record Running(String environment, Instant since) {
    }

    /** The release manifest and how each of its promotions ended. */
    public record ManifestStory(String name, String version, Digest digest, List<ManifestPromotion> promotions) {
        public ManifestStory {
            promotions = List.copyOf(promotions);
        }
    }

    /** How one promotion of the manifest into an environment ended. */
    public record ManifestPromotion(String environment, String outcome, String failedComponent, String actor, Instant at) {
    }
}
