package io.jenkins.plugins.routetolive.engine.promotion;

/**
 * The route's rules do not allow this promotion. The message says what was refused, why, and what to do;
 * it is meant to be shown to the user as it is.
 */
public final class PromotionRefusedException extends RuntimeException {
    public PromotionRefusedException(String message) {
        super(message);
    }
}
