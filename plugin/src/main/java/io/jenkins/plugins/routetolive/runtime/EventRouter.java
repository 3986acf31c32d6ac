package io.jenkins.plugins.routetolive.runtime;

import hudson.model.TaskListener;
import io.jenkins.plugins.routetolive.engine.event.PromotionEvent;
import io.jenkins.plugins.routetolive.engine.event.PromotionListener;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Prints each engine event as one line in the log of the build it concerns: the build that follows the
 * promotion, or (for events of a call made on a build's behalf, such as a registration) the build making
 * the call on this thread.
 */
public final class EventRouter implements PromotionListener {

    private final Map<String, TaskListener> followers = new ConcurrentHashMap<>();
    private final ThreadLocal<TaskListener> caller = new ThreadLocal<>();

    @Override
    public void onEvent(PromotionEvent event) {
        TaskListener listener = event.promotionId().isEmpty() ? null : followers.get(event.promotionId());
        if (listener == null) {
            listener = caller.get();
        }
        if (listener != null) {
            listener.getLogger().println(event.message());
        }
    }

    /** Sends the events of this promotion to this build log until {@link #unfollow}. */
    public void follow(String promotionId, TaskListener listener) {
        followers.put(promotionId, listener);
    }

    public void unfollow(String promotionId) {
        followers.remove(promotionId);
    }

    /** Runs an engine call, sending events published on this thread to the build log. */
    public <T> T on(TaskListener listener, Supplier<T> call) {
        TaskListener before = caller.get();
        caller.set(listener);
        try {
            return call.get();
        } finally {
            if (before == null) {
                caller.remove();
            } else {
                caller.set(before);
            }
        }
    }
}
