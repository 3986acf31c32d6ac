package io.jenkins.plugins.routetolive.config;

import hudson.Extension;
import hudson.model.Describable;
import hudson.model.Descriptor;
import io.jenkins.plugins.routetolive.engine.policy.FreezeWindow;
import io.jenkins.plugins.routetolive.engine.policy.WeeklyFreezeWindow;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Locale;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;

/** A weekly freeze window as the administrator enters it: "FRIDAY 12:00 to MONDAY 06:00 UTC". */
public final class FreezeWindowConfig implements Describable<FreezeWindowConfig> {

    private final String name;
    private final String fromDay;
    private final String fromTime;
    private final String toDay;
    private final String toTime;
    private final String zone;

    @DataBoundConstructor
    public FreezeWindowConfig(String name, String fromDay, String fromTime, String toDay, String toTime, String zone) {
        this.name = name;
        this.fromDay = fromDay;
        this.fromTime = fromTime;
        this.toDay = toDay;
        this.toTime = toTime;
        this.zone = zone;
    }

    static FreezeWindowConfig from(WeeklyFreezeWindow w) {
        return new FreezeWindowConfig(w.name(), w.fromDay().name(), w.fromTime().toString(), w.toDay().name(),
                w.toTime().toString(), w.zone().getId());
    }

    public String getName() {
        return name;
    }

    public String getFromDay() {
        return fromDay;
    }

    public String getFromTime() {
        return fromTime;
    }

    public String getToDay() {
        return toDay;
    }

    public String getToTime() {
        return toTime;
    }

    public String getZone() {
        return zone;
    }

    /** The engine's window; a value the engine cannot read is reported naming the window and the field. */
    public FreezeWindow toFreezeWindow() {
        return new WeeklyFreezeWindow(name, day("fromDay", fromDay), time("fromTime", fromTime), day("toDay", toDay),
                time("toTime", toTime), zone());
    }

    private DayOfWeek day(String field, String value) {
        try {
            return DayOfWeek.valueOf(String.valueOf(value).trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("freeze window '" + name + "': " + field
                    + " must be a day of the week such as FRIDAY, but was '" + value + "'", e);
        }
    }

    private LocalTime time(String field, String value) {
        try {
            return LocalTime.parse(String.valueOf(value).trim());
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("freeze window '" + name + "': " + field
                    + " must be a time of day such as 12:00, but was '" + value + "'", e);
        }
    }

    private ZoneId zone() {
        try {
            return ZoneId.of(zone == null || zone.isBlank() ? "UTC" : zone.trim());
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("freeze window '" + name + "': zone must be a time zone such as "
                    + "Europe/Berlin or UTC, but was '" + zone + "'", e);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public Descriptor<FreezeWindowConfig> getDescriptor() {
        return Jenkins.get().getDescriptorOrDie(getClass());
    }

    @Extension
    @Symbol("weeklyFreeze")
    public static final class DescriptorImpl extends Descriptor<FreezeWindowConfig> {
        @Override
        public String getDisplayName() {
            return "Weekly freeze window";
        }
    }
}
