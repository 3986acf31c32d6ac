package io.jenkins.plugins.routetolive.engine.provenance.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.routetolive.engine.approval.ApprovalDecision;
import io.jenkins.plugins.routetolive.engine.provenance.ProvenanceDocument;
import io.jenkins.plugins.routetolive.engine.provenance.ProvenanceDocument.ArtifactStory;
import io.jenkins.plugins.routetolive.engine.provenance.ProvenanceDocument.Visit;

import java.io.UncheckedIOException;
import java.time.Instant;

/** Writes a provenance document as an in-toto Statement v1 with this project's predicate (docs/provenance.md). */
public final class InTotoStatement {

    public static final String STATEMENT_TYPE = "https://in-toto.io/Statement/v1";

    private InTotoStatement() {
    }

    public static String json(ProvenanceDocument document) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("_type", STATEMENT_TYPE);
        ArrayNode subjects = root.putArray("subject");
        for (ArtifactStory a : document.artifacts()) {
            ObjectNode subject = subjects.addObject();
            subject.put("name", a.application());
            subject.putObject("digest").put("sha256", a.digest().hex());
        }
        document.manifest().ifPresent(m -> {
            ObjectNode subject = subjects.addObject();
            subject.put("name", "manifest:" + m.name());
            subject.putObject("digest").put("sha256", m.digest().hex());
        });
        root.put("predicateType", ProvenanceDocument.PREDICATE_TYPE);
        ObjectNode predicate = root.putObject("predicate");
        predicate.put("route", document.route());
        document.manifest().ifPresent(m -> {
            ObjectNode manifest = predicate.putObject("manifest");
            manifest.put("name", m.name());
            manifest.put("version", m.version());
            manifest.put("digest", m.digest().value());
            ArrayNode promotions = manifest.putArray("promotions");
            m.promotions().forEach(p -> {
                ObjectNode node = promotions.addObject();
                node.put("environment", p.environment());
                node.put("outcome", p.outcome());
                node.put("failedComponent", p.failedComponent());
                node.put("actor", p.actor());
                time(node, "at", p.at());
            });
        });
        ArrayNode artifacts = predicate.putArray("artifacts");
        document.artifacts().forEach(a -> artifact(artifacts.addObject(), a));
        try {
            return mapper.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void artifact(ObjectNode node, ArtifactStory a) {
        node.put("application", a.application());
        node.put("version", a.version());
        node.put("digest", a.digest().value());
        node.put("sourceRevision", a.sourceRevision());
        node.put("build", a.build());
        node.put("registeredBy", a.registeredBy());
        time(node, "registeredAt", a.registeredAt());
        ArrayNode visits = node.putArray("environments");
        a.visits().forEach(v -> visit(visits.addObject(), v));
        ArrayNode restorations = node.putArray("restoredAsLastKnownGood");
        a.restorations().forEach(r -> {
            ObjectNode n = restorations.addObject();
            n.put("environment", r.environment());
            n.put("failedPromotionId", r.failedPromotionId());
            n.put("failedVersion", r.failedVersion());
            time(n, "at", r.at());
        });
        ArrayNode running = node.putArray("runningNow");
        a.runningNow().forEach(r -> {
            ObjectNode n = running.addObject();
            n.put("environment", r.environment());
            time(n, "since", r.since());
        });
    }

    private static void visit(ObjectNode node, Visit v) {
        node.put("environment", v.environment());
        node.put("kind", v.kind());
        node.put("promotionId", v.promotionId());
        node.put("requestedBy", v.requestedBy());
        time(node, "enteredAt", v.at());
        node.put("outcome", v.outcome());
        time(node, "endedAt", v.endedAt());
        v.manifest().ifPresent(m -> node.put("manifest", m));
        decisions(node, v);
        gates(node, v);
        v.rollback().ifPresent(r -> {
            ObjectNode n = node.putObject("rollback");
            n.put("result", r.result());
            n.put("reason", r.reason());
            n.put("restoredVersion", r.restoredVersion());
            n.put("restoredDigest", r.restoredDigest());
            time(n, "at", r.at());
        });
    }

    /** Approvals and freeze overrides: who let it in. */
    private static void decisions(ObjectNode node, Visit v) {
        ArrayNode approvals = node.putArray("approvals");
        for (ApprovalDecision d : v.approvals()) {
            ObjectNode n = approvals.addObject();
            n.put("approver", d.actor());
            n.put("decision", d.approved() ? "approved" : "rejected");
            n.put("comment", d.comment());
            n.put("administratorBypass", d.bypass());
            time(n, "at", d.at());
        }
        ArrayNode overrides = node.putArray("overrides");
        v.overrides().forEach(o -> {
            ObjectNode n = overrides.addObject();
            n.put("by", o.actor());
            n.put("freezeWindow", o.freezeWindow());
            n.put("reason", o.reason());
            time(n, "at", o.at());
        });
    }

    /** Gate verdicts and rehearsals: the evidence it was healthy. */
    private static void gates(ObjectNode node, Visit v) {
        ArrayNode gates = node.putArray("gates");
        v.gates().forEach(g -> {
            ObjectNode n = gates.addObject();
            n.put("gate", g.gate());
            n.put("verdict", g.passed() ? "passed" : "failed");
            n.put("summary", g.summary());
            n.put("evidence", g.evidence());
            n.put("judgedVersion", g.version());
            n.put("judgedDigest", g.digest().value());
            time(n, "at", g.at());
        });
        ArrayNode rehearsals = node.putArray("rehearsals");
        v.rehearsals().forEach(r -> {
            ObjectNode n = rehearsals.addObject();
            n.put("result", r.result());
            n.put("steps", r.steps());
            n.put("tookMillis", r.tookMillis());
            time(n, "at", r.at());
        });
    }

    private static void time(ObjectNode node, String field, Instant at) {
        node.put(field, at == null ? null : at.toString());
    }
}
