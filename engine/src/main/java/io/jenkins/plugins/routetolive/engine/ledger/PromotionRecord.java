package io.jenkins.plugins.routetolive.engine.ledger;

import io.jenkins.plugins.routetolive.engine.approval.ApprovalDecision;
import io.jenkins.plugins.routetolive.engine.artifact.Digest;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A promotion as the ledger knows it: its artifact, target, latest state, requester and decisions so far. */
public record PromotionRecord(String id, String application, String version, Digest digest, String environment,
                              PromotionState state, String requester, Instant requestedAt, Instant updatedAt,
                              List<ApprovalDecision> decisions) {

    public PromotionRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        decisions = List.copyOf(Objects.requireNonNullElse(decisions, List.of()));
    }

    PromotionRecord apply(LedgerEntry entry) {
        return switch (entry.type()) {
            case STATE_CHANGED -> new PromotionRecord(id, application, version, digest, environment, entry.state(), requester,
                    requestedAt, entry.time(), decisions);
            case APPROVAL_GIVEN, APPROVAL_REJECTED -> {
                List<ApprovalDecision> next = new ArrayList<>(decisions);
                next.add(new ApprovalDecision(entry.actor(), entry.type() == EntryType.APPROVAL_GIVEN, entry.reason(),
                        entry.time(), "true".equals(entry.attribute(LedgerEntry.Attributes.BYPASS))));
                yield new PromotionRecord(id, application, version, digest, environment, state, requester, requestedAt,
                        entry.time(), next);
            }
            default -> new PromotionRecord(id, application, version, digest, environment, state, requester, requestedAt,
                    entry.time(), decisions);
        };
    }

    /** Distinct people who approved. */
    public List<String> approvers() {
        return decisions.stream().filter(ApprovalDecision::approved).map(ApprovalDecision::actor).distinct().toList();
    }
}
