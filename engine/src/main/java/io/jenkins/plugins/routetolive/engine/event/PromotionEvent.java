package io.jenkins.plugins.routetolive.engine.event;

import java.time.Instant;
import java.util.Objects;

/**
 * Something that happened on the route, told as one plain sentence with full identifiers, e.g.
 * "Health gate for shop in test: 3/3 checks passed in 2.1 s".
 */
public record PromotionEvent(Instant time, EventKind kind, String promotionId, String application, String environment,
                             String message) {

    public PromotionEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
        promotionId = Objects.requireNonNullElse(promotionId, "");
        application = Objects.requireNonNullElse(application, "");
        environment = Objects.requireNonNullElse(environment, "");
    }

    @Override
    public String toString() {
        return message;
    }
}
