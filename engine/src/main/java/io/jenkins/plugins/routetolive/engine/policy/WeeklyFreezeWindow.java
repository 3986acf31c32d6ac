package io.jenkins.plugins.routetolive.engine.policy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A freeze that recurs every week, from a day and time to a day and time in one time zone, e.g.
 * Friday 12:00 to Monday 06:00 Europe/Berlin. A window whose end is before its start in the week wraps
 * over the weekend. A window from and to the same day and time covers the whole week.
 */
public record WeeklyFreezeWindow(String name, DayOfWeek fromDay, LocalTime fromTime, DayOfWeek toDay, LocalTime toTime,
                                 ZoneId zone) implements FreezeWindow {

    private static final long MINUTES_PER_WEEK = 7 * 24 * 60;

    public WeeklyFreezeWindow {
        Objects.requireNonNull(name, "freeze window name must not be null");
        Objects.requireNonNull(fromDay, "freeze window '" + name + "': from day must not be null");
        Objects.requireNonNull(fromTime, "freeze window '" + name + "': from time must not be null");
        Objects.requireNonNull(toDay, "freeze window '" + name + "': to day must not be null");
        Objects.requireNonNull(toTime, "freeze window '" + name + "': to time must not be null");
        Objects.requireNonNull(zone, "freeze window '" + name + "': zone must not be null");
    }

    @Override
    public boolean covers(Instant instant) {
        ZonedDateTime local = instant.atZone(zone);
        long now = minuteOfWeek(local.getDayOfWeek(), local.toLocalTime());
        long from = minuteOfWeek(fromDay, fromTime);
        long to = minuteOfWeek(toDay, toTime);
        long length = Math.floorMod(to - from, MINUTES_PER_WEEK);
        if (length == 0) {
            return true;
        }
        return Math.floorMod(now - from, MINUTES_PER_WEEK) < length;
    }

    private static long minuteOfWeek(DayOfWeek day, LocalTime time) {
        return (day.getValue() - 1L) * 24 * 60 + time.truncatedTo(ChronoUnit.MINUTES).toSecondOfDay() / 60;
    }

    @Override
    public String describe() {
        return name + " (" + fromDay + " " + fromTime + " to " + toDay + " " + toTime + " " + zone + ")";
    }
}
