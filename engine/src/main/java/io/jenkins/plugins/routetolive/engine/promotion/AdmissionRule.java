package io.jenkins.plugins.routetolive.engine.promotion;

/** One rule a promotion must satisfy before it starts. Rules are data-free and checked in order. */
@FunctionalInterface
public interface AdmissionRule {

    /** Throws {@link PromotionRefusedException} with what failed, why and what to do, when the rule is broken. */
    void check(Admission admission);
}
