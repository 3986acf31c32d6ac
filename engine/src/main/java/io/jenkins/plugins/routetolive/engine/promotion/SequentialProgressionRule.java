package io.jenkins.plugins.routetolive.engine.promotion;

import io.jenkins.plugins.routetolive.engine.route.Environment;

import java.util.Optional;

/** The same digest must have been verified in the environment before the target. */
public final class SequentialProgressionRule implements AdmissionRule {

    @Override
    public void check(Admission a) {
        Optional<Environment> before = a.route().requiredBefore(a.target().name());
        if (before.isEmpty()) {
            return;
        }
        String previous = before.get().name();
        if (!a.ledger().verifiedIn(a.artifact().artifact().application(), previous, a.artifact().artifact().digest())) {
            throw new PromotionRefusedException("Cannot promote " + a.artifact().artifact().describe() + " to "
                    + a.target().name() + ": it has not passed " + previous + " (route '" + a.route().name() + "': "
                    + a.route().describe() + "). Promote it to " + previous + " first.");
        }
    }
}
