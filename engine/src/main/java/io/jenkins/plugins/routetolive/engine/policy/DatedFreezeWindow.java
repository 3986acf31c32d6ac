package io.jenkins.plugins.routetolive.engine.policy;

import java.time.Instant;
import java.util.Objects;

/** A one-off freeze between two instants (a holiday freeze, a release embargo). The end is exclusive. */
public record DatedFreezeWindow(String name, Instant from, Instant to) implements FreezeWindow {

    public DatedFreezeWindow {
        Objects.requireNonNull(name, "freeze window name must not be null");
        Objects.requireNonNull(from, "freeze window '" + name + "': from must not be null");
        Objects.requireNonNull(to, "freeze window '" + name + "': to must not be null");
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("freeze window '" + name + "' must end after it starts, but runs from "
                    + from + " to " + to);
        }
    }

    @Override
    public boolean covers(Instant instant) {
        return !instant.isBefore(from) && instant.isBefore(to);
    }

    @Override
    public String describe() {
        return name + " (" + from + " to " + to + ")";
    }
}
