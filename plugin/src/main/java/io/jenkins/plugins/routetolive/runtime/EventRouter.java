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
 * the call on this thread. A promotion that such a call starts is followed from its first event on; the
 * step that made the call {@link #unfollow}s it when it ends.
 */
public final class EventRouter implements PromotionListener {

    private final Map<String, TaskListener> followers = new ConcurrentHashMap<>();
    private final ThreadLocal<TaskListener> caller = new ThreadLocal<>();

    @Override
    public void onEvent(PromotionEvent event) {
        TaskListener listener = event.promotionId().isEmpty() ? null : followers.get(event.promotionId());
        if (listener == null) {
            listener = caller.get();
            if (listener != null && !event.promotionId().isEmpty()) {
                // a promotion started by this call: its later events, on other threads, go to the same log
                followers.put(event.promotionId(), listener);
            }
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

    /** Runs an engine call, sending events published on this thread, and later events of promotions it starts, to the build log. */
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
