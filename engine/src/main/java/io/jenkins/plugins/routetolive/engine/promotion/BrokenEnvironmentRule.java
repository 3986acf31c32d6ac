package io.jenkins.plugins.routetolive.engine.promotion;

import io.jenkins.plugins.routetolive.engine.ledger.EnvironmentState;

/** Nothing enters an environment whose last rollback failed until someone records a resolution. */
public final class BrokenEnvironmentRule implements AdmissionRule {

    @Override
    public void check(Admission a) {
        EnvironmentState state = a.ledger().environment(a.artifact().artifact().application(), a.target().name());
        if (state.broken()) {
            throw new PromotionRefusedException("Cannot promote " + a.artifact().artifact().describe() + " to "
                    + a.target().name() + ": the environment is broken (" + state.brokenReason() + "). Repair it, then "
                    + "record a resolution with a reason (someone with the Rollback permission) before promoting again.");
        }
    }
}
