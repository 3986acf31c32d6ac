package io.jenkins.plugins.routetolive.engine.promotion;

import java.util.ArrayList;
import java.util.List;

/** The ordered list of rules every promotion is checked against. */
public final class AdmissionRules {

    private final List<AdmissionRule> rules;

    public AdmissionRules(List<AdmissionRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** Sequential progression, rollback rehearsal where the route requires one, broken environment, freeze windows. */
    public static AdmissionRules standard() {
        return new AdmissionRules(List.of(new SequentialProgressionRule(),
                new io.jenkins.plugins.routetolive.engine.rehearsal.RehearsalRequiredRule(), new BrokenEnvironmentRule(),
                new FreezeWindowRule()));
    }

    /** These rules followed by one more. */
    public AdmissionRules and(AdmissionRule rule) {
        List<AdmissionRule> all = new ArrayList<>(rules);
        all.add(rule);
        return new AdmissionRules(all);
    }

    public void check(Admission admission) {
        for (AdmissionRule rule : rules) {
            rule.check(admission);
        }
    }
}
