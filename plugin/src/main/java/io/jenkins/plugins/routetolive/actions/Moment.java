package io.jenkins.plugins.routetolive.actions;

import hudson.Util;
import io.jenkins.plugins.routetolive.runtime.RouteToLive;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** A point in time as the pages show it: relative ("3 hr 2 min ago") with the exact UTC time as a tooltip. */
public final class Moment {

    private static final DateTimeFormatter EXACT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final Instant at;

    Moment(Instant at) {
        this.at = at;
    }

    /** Null for null, so a page shows nothing where nothing happened. */
    static Moment of(Instant at) {
        return at == null ? null : new Moment(at);
    }

    /** "2025-12-01T21:40:05Z", as the REST API gives times. */
    static String iso(Instant at) {
        return at == null ? null : at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }

    public String getAgo() {
        Duration since = Duration.between(at, RouteToLive.get().clock().instant());
        return since.isNegative() ? "just now" : Util.getTimeSpanString(since.toMillis()) + " ago";
    }

    /** "2025-12-01 21:40:05 UTC" */
    public String getExact() {
        return EXACT.format(at);
    }

    public String getIso() {
        return iso(at);
    }

    /** "21:40:05.123", for probes a second apart. */
    public String getClock() {
        return CLOCK.format(at);
    }
}
