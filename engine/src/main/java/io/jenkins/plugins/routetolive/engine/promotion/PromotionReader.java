package io.jenkins.plugins.routetolive.engine.promotion;

import io.jenkins.plugins.routetolive.engine.approval.ApprovalTally;
import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.ledger.EntryType;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerQueries;
import io.jenkins.plugins.routetolive.engine.ledger.PromotionRecord;
import io.jenkins.plugins.routetolive.engine.route.Environment;
import io.jenkins.plugins.routetolive.engine.route.Route;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Rebuilds a promotion snapshot, approvals included, from what the ledger recorded. */
final class PromotionReader {

    private final Route route;
    private final LedgerQueries ledger;

    PromotionReader(Route route, LedgerQueries ledger) {
        this.route = route;
        this.ledger = ledger;
    }

    Promotion promotion(String promotionId) {
        PromotionRecord record = record(promotionId);
        Artifact artifact = new Artifact(record.application(), record.version(), record.digest());
        Environment target = route.environment(record.environment());
        ApprovalTally tally = ApprovalTally.open(target.name(), target.approval(), record.requester(),
                previousApprovers(record));
        for (var decision : record.decisions()) {
            tally = tally.with(decision);
        }
        return new Promotion(record.id(), artifact, record.environment(), record.state(), record.requester(), tally);
    }

    PromotionRecord record(String promotionId) {
        return ledger.promotion(promotionId).orElseThrow(() -> new IllegalArgumentException(
                "no promotion with id '" + promotionId + "' in the ledger"));
    }

    /** The people who approved this digest into the environment before the target. */
    private Set<String> previousApprovers(PromotionRecord record) {
        Optional<Environment> before = route.find(record.environment()).flatMap(e -> {
            try {
                return route.requiredBefore(e.name());
            } catch (IllegalArgumentException notDeployable) {
                return Optional.empty();
            }
        });
        if (before.isEmpty()) {
            return Set.of();
        }
        return ledger.digestHistory(record.digest()).stream()
                .filter(e -> e.type() == EntryType.STATE_CHANGED && e.state() == PromotionState.VERIFIED
                        && e.environment().equals(before.get().name()) && e.application().equals(record.application()))
                .map(e -> ledger.promotion(e.promotionId()))
                .flatMap(Optional::stream)
                .flatMap(p -> p.approvers().stream())
                .collect(Collectors.toSet());
    }
}
