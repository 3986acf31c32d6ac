package io.jenkins.plugins.routetolive.actions;

import io.jenkins.plugins.routetolive.engine.promotion.PromotionState;
import java.util.Locale;

/**
 * How the pages draw a state: a coloured badge with a symbol and a word. Colours are the design library's
 * ({@code jenkins-!-*-color}); awaiting approval is purple (route.css) so it is never mistaken for running.
 */
public enum StateBadge {
    PASSED("passed", "jenkins-!-success-color", "symbol-check"),
    APPROVED("approved", "jenkins-!-success-color", "symbol-check"),
    REGISTERED("registered", "jenkins-!-success-color", "symbol-cube"),
    FAILED("failed", "jenkins-!-error-color", "symbol-close"),
    ROLLED_BACK("rolled back", "jenkins-!-warning-color", "symbol-undo"),
    ROLLBACK_FAILED("rollback failed", "jenkins-!-error-color", "symbol-warning"),
    BROKEN("broken", "jenkins-!-error-color", "symbol-warning"),
    AWAITING_APPROVAL("awaiting approval", "rtl-awaiting-color", "symbol-hourglass"),
    REJECTED("rejected", "jenkins-!-error-color", "symbol-close-circle"),
    RUNNING("running", "jenkins-!-accent-color", "symbol-timer"),
    NOT_REACHED("not reached", "", "symbol-ellipse"),
    SOURCE("source", "", "symbol-code-working");

    private final String label;
    private final String colorClass;
    private final String symbol;

    StateBadge(String label, String colorClass, String symbol) {
        this.label = label;
        this.colorClass = colorClass;
        this.symbol = symbol;
    }

    /** The badge for the state a promotion put an environment in; null is "not reached". */
    static StateBadge of(PromotionState state) {
        if (state == null) {
            return NOT_REACHED;
        }
        return switch (state) {
            case VERIFIED -> PASSED;
            case FAILED -> FAILED;
            case ROLLED_BACK -> ROLLED_BACK;
            case ROLLBACK_FAILED -> ROLLBACK_FAILED;
            case AWAITING_APPROVAL -> AWAITING_APPROVAL;
            case REJECTED -> REJECTED;
            case REQUESTED, DEPLOYING, VERIFYING, ROLLING_BACK -> RUNNING;
        };
    }

    public String getLabel() {
        return label;
    }

    public String getColorClass() {
        return colorClass;
    }

    public String getSymbol() {
        return symbol;
    }

    /** "rolled-back", for CSS. */
    public String getCssName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
