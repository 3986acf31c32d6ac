package io.jenkins.plugins.routetolive.engine.rehearsal;

import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.ledger.EntryType;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerEntry;
import io.jenkins.plugins.routetolive.engine.ledger.LedgerQueries;
import io.jenkins.plugins.routetolive.engine.promotion.Admission;
import io.jenkins.plugins.routetolive.engine.promotion.AdmissionRule;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionRefusedException;
import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;
import io.jenkins.plugins.routetolive.engine.route.Environment;

import java.util.List;
import java.util.Optional;

/**
 * Promoting out of an environment that rehearses rollback (into Production, after Stage) needs a
 * verification there that includes a successful rehearsal. Checked after sequential progression, so an
 * artifact never verified there is refused by that rule first.
 */
public final class RehearsalRequiredRule implements AdmissionRule {

    @Override
    public void check(Admission a) {
        Optional<Environment> before = a.route().requiredBefore(a.target().name());
        if (before.isEmpty() || !before.get().rehearseRollback()) {
            return;
        }
        Artifact artifact = a.artifact().artifact();
        String previous = before.get().name();
        List<String> verifications = verifiedPromotions(a.ledger(), artifact, previous);
        if (verifications.isEmpty() || verifications.stream().anyMatch(id -> rehearsed(a.ledger(), id))) {
            return;
        }
        throw new PromotionRefusedException("Cannot promote " + artifact.describe() + " to " + a.target().name()
                + ": its verification in " + previous + " has no successful rollback rehearsal, and route '"
                + a.route().name() + "' requires " + previous + " to rehearse rollback before anything moves on. "
                + "Promote it to " + previous + " again with a rollout that rehearses (deploy, roll back, redeploy, "
                + "each gated), then promote it to " + a.target().name() + ".");
    }

    private static List<String> verifiedPromotions(LedgerQueries ledger, Artifact artifact, String environment) {
        return ledger.digestHistory(artifact.digest()).stream()
                .filter(e -> e.type() == EntryType.STATE_CHANGED && e.state() == PromotionState.VERIFIED
                        && e.environment().equals(environment) && e.application().equals(artifact.application()))
                .map(LedgerEntry::promotionId)
                .toList();
    }

    /** Whether this promotion's history holds a rehearsal that counts. */
    public static boolean rehearsed(LedgerQueries ledger, String promotionId) {
        return ledger.promotionHistory(promotionId).stream()
                .filter(e -> e.type() == EntryType.REHEARSAL)
                .map(e -> RehearsalResult.fromLabel(e.attribute(LedgerEntry.Attributes.REHEARSAL)))
                .flatMap(Optional::stream)
                .anyMatch(RehearsalResult::counts);
    }
}
