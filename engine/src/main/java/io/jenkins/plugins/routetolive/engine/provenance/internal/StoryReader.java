package io.jenkins.plugins.routetolive.engine.provenance.internal;

import io.jenkins.plugins.routetolive.engine.artifact.Digest;
import io.jenkins.plugins.routetolive.engine.artifact.RegisteredArtifact;
import io.jenkins.plugins.routetolive.engine.ledger.EntryType;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerQueries;
import io.jenkins.plugins.routetolive.engine.ledger.PromotionRecord;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;
import io.jenkins.plugins.routetolive.engine.provenance.ProvenanceDocument;
import io.jenkins.plugins.routetolive.engine.provenance.ProvenanceDocument.FreezeOverridden;
import io.jenkins.plugins.routetolive.engine.provenance.ProvenanceDocument.GateEvidence;
import io.jenkins.plugins.routetolive.engine.provenance.ProvenanceDocument.Rehearsal;
import io.jenkins.plugins.routetolive.engine.provenance.ProvenanceDocument.Rollback;
import io.jenkins.plugins.routetolive.engine.provenance.ProvenanceDocument.Visit;
import io.jenkins.plugins.routetolive.engine.route.Environment;
import io.jenkins.plugins.routetolive.engine.route.EnvironmentRole;
import io.jenkins.plugins.routetolive.engine.route.Route;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** Reads one artifact's story out of the ledger. */
public final class StoryReader {

    private final LedgerQueries ledger;
    private final Route route;

    public StoryReader(LedgerQueries ledger, Route route) {
        this.ledger = ledger;
        this.route = route;
    }

    public ProvenanceDocument.ArtifactStory read(String application, Digest digest) {
        RegisteredArtifact registered = ledger.registration(application, digest).orElseThrow();
        List<LedgerEntry> entries = ledger.digestHistory(digest).stream()
                .filter(e -> e.application().equals(application)).toList();
        List<Visit> visits = new ArrayList<>();
        route.environments().stream().filter(e -> e.role() == EnvironmentRole.ORIGIN).findFirst().ifPresent(origin ->
                visits.add(simpleVisit(origin.name(), "origin", registered.registeredBy(), registered, "built")));
        entries.stream().filter(e -> e.type() == EntryType.ARTIFACT_REGISTERED).findFirst().ifPresent(e ->
                visits.add(simpleVisit(e.environment().isEmpty() ? route.entry().map(Environment::name).orElse("") : e.environment(),
                        "entry", e.actor(), registered, "registered")));
        Set<String> promotions = new LinkedHashSet<>();
        for (LedgerEntry e : entries) {
            if (!e.promotionId().isEmpty() && ledger.promotion(e.promotionId()).map(p -> p.digest().equals(digest)).orElse(false)) {
                promotions.add(e.promotionId());
            }
        }
        promotions.forEach(id -> visits.add(promotionVisit(ledger.promotion(id).orElseThrow())));
        return new ProvenanceDocument.ArtifactStory(application, registered.artifact().version(), digest,
                registered.sourceRevision(), registered.buildReference(), registered.registeredBy(), registered.registeredAt(),
                visits, restorations(application, digest), running(application, digest));
    }

    private static Visit simpleVisit(String environment, String kind, String actor, RegisteredArtifact r, String outcome) {
        return new Visit(environment, kind, "", actor, r.registeredAt(), outcome, r.registeredAt(), List.of(), List.of(),
                List.of(), List.of(), Optional.empty(), Optional.empty());
    }

    private Visit promotionVisit(PromotionRecord record) {
        List<FreezeOverridden> overrides = new ArrayList<>();
        List<GateEvidence> gates = new ArrayList<>();
        List<Rehearsal> rehearsals = new ArrayList<>();
        Rollback rollback = null;
        String manifest = null;
        String outcome = record.state().label();
        for (LedgerEntry e : ledger.promotionHistory(record.id())) {
            switch (e.type()) {
                case FREEZE_OVERRIDDEN -> overrides.add(new FreezeOverridden(e.actor(),
                        e.attribute(LedgerEntry.Attributes.FREEZE_WINDOW), e.reason(), e.time()));
                case GATE_VERDICT -> gates.add(new GateEvidence(e.attribute(LedgerEntry.Attributes.GATE),
                        "passed".equals(e.attribute(LedgerEntry.Attributes.VERDICT)), e.reason(),
                        Objects.requireNonNullElse(e.attribute(LedgerEntry.Attributes.EVIDENCE), ""), e.version(), e.digest(),
                        e.time()));
                case REHEARSAL -> rehearsals.add(new Rehearsal(e.attribute(LedgerEntry.Attributes.REHEARSAL),
                        Objects.requireNonNullElse(e.attribute(LedgerEntry.Attributes.REHEARSAL_STEPS), ""),
                        Long.parseLong(Objects.requireNonNullElse(e.attribute(LedgerEntry.Attributes.TOOK_MILLIS), "0")), e.time()));
                case MANIFEST_COMPONENT -> manifest = e.attribute(LedgerEntry.Attributes.MANIFEST) + " "
                        + e.attribute(LedgerEntry.Attributes.MANIFEST_VERSION);
                case MANIFEST_ROLLBACK -> {
                    rollback = rollback(e, "manifest rollback " + e.attribute(LedgerEntry.Attributes.VERDICT));
                    outcome = outcome + ", then rolled back with its manifest";
                }
                case STATE_CHANGED -> {
                    if (e.state() == PromotionState.ROLLED_BACK || e.state() == PromotionState.ROLLBACK_FAILED) {
                        rollback = rollback(e, e.state().label());
                    }
                }
                default -> {
                }
            }
        }
        return new Visit(record.environment(), "promotion", record.id(), record.requester(), record.requestedAt(), outcome,
                record.updatedAt(), record.decisions(), overrides, gates, rehearsals, Optional.ofNullable(rollback),
                Optional.ofNullable(manifest));
    }

    private static Rollback rollback(LedgerEntry e, String result) {
        return new Rollback(e.reason(), Objects.requireNonNullElse(e.attribute(LedgerEntry.Attributes.RESTORED_VERSION), ""),
                Objects.requireNonNullElse(e.attribute(LedgerEntry.Attributes.RESTORED_DIGEST), ""), result, e.time());
    }

    private List<ProvenanceDocument.Restoration> restorations(String application, Digest digest) {
        return ledger.history(application).stream()
                .filter(e -> digest.value().equals(e.attribute(LedgerEntry.Attributes.RESTORED_DIGEST)))
                .filter(e -> e.type() == EntryType.STATE_CHANGED && e.state() == PromotionState.ROLLED_BACK
                        || e.type() == EntryType.MANIFEST_ROLLBACK && "passed".equals(e.attribute(LedgerEntry.Attributes.VERDICT)))
                .map(e -> new ProvenanceDocument.Restoration(e.environment(), e.promotionId(), e.version(), e.time()))
                .toList();
    }

    private List<ProvenanceDocument.Running> running(String application, Digest digest) {
        List<ProvenanceDocument.Running> running = new ArrayList<>();
        for (Environment env : route.environments()) {
            ledger.environment(application, env.name()).current().filter(d -> d.digest().equals(digest))
                    .ifPresent(d -> running.add(new ProvenanceDocument.Running(env.name(), d.since())));
        }
        return running;
    }
}
