package io.jenkins.plugins.routetolive.engine.event;

/**
 * Receives the engine's progress, one event at a time. In Jenkins each event becomes one line of the
 * build log. Implementations must be quick and must not throw.
 */
@FunctionalInterface
public interface PromotionListener {

    PromotionListener NONE = event -> { };

    void onEvent(PromotionEvent event);
}
