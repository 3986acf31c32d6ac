package io.jenkins.plugins.routetolive.engine.policy;

import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FreezeWindowTest {

    private static final ZoneId UTC = ZoneId.of("UTC");
    /** Friday 12:00 to Monday 06:00: wraps over the weekend. */
    private final WeeklyFreezeWindow weekend = new WeeklyFreezeWindow("weekend-freeze", DayOfWeek.FRIDAY, LocalTime.NOON,
            DayOfWeek.MONDAY, LocalTime.of(6, 0), UTC);

    @Test
    void weekendWindowCoversFridayAfternoonToMondayMorning() {
        // 2026-11-20 is a Friday
        assertThat(weekend.covers(Instant.parse("2026-11-20T11:59:00Z"))).isFalse();
        assertThat(weekend.covers(Instant.parse("2026-11-20T12:00:00Z"))).isTrue();
        assertThat(weekend.covers(Instant.parse("2026-11-20T13:00:00Z"))).isTrue();
        assertThat(weekend.covers(Instant.parse("2026-11-21T09:00:00Z"))).as("Saturday").isTrue();
        assertThat(weekend.covers(Instant.parse("2026-11-22T23:59:00Z"))).as("Sunday night").isTrue();
        assertThat(weekend.covers(Instant.parse("2026-11-23T05:59:00Z"))).as("Monday 05:59").isTrue();
        assertThat(weekend.covers(Instant.parse("2026-11-23T06:00:00Z"))).as("Monday 06:00, the end is exclusive").isFalse();
        assertThat(weekend.covers(Instant.parse("2026-11-23T07:00:00Z"))).as("Monday 07:00").isFalse();
        assertThat(weekend.covers(Instant.parse("2026-11-18T10:00:00Z"))).as("Wednesday").isFalse();
    }

    @Test
    void windowWithinOneDayCoversOnlyThoseHours() {
        WeeklyFreezeWindow tuesday = new WeeklyFreezeWindow("patch-tuesday", DayOfWeek.TUESDAY, LocalTime.of(9, 0),
                DayOfWeek.TUESDAY, LocalTime.of(17, 0), UTC);

        assertThat(tuesday.covers(Instant.parse("2026-11-17T08:59:00Z"))).isFalse();
        assertThat(tuesday.covers(Instant.parse("2026-11-17T09:00:00Z"))).isTrue();
        assertThat(tuesday.covers(Instant.parse("2026-11-17T16:59:00Z"))).isTrue();
        assertThat(tuesday.covers(Instant.parse("2026-11-17T17:00:00Z"))).isFalse();
        assertThat(tuesday.covers(Instant.parse("2026-11-24T12:00:00Z"))).as("next Tuesday").isTrue();
        assertThat(tuesday.covers(Instant.parse("2026-11-18T12:00:00Z"))).isFalse();
    }

    @Test
    void windowIsEvaluatedInItsOwnTimeZone() {
        WeeklyFreezeWindow berlin = new WeeklyFreezeWindow("berlin-weekend", DayOfWeek.FRIDAY, LocalTime.NOON,
                DayOfWeek.MONDAY, LocalTime.of(6, 0), ZoneId.of("Europe/Berlin"));

        // 11:30 UTC on a Friday in November is 12:30 in Berlin (UTC+1)
        assertThat(berlin.covers(Instant.parse("2026-11-20T11:30:00Z"))).isTrue();
        assertThat(weekend.covers(Instant.parse("2026-11-20T11:30:00Z"))).isFalse();
        // Monday 05:30 UTC is 06:30 in Berlin
        assertThat(berlin.covers(Instant.parse("2026-11-23T05:30:00Z"))).isFalse();
        assertThat(berlin.describe()).isEqualTo("berlin-weekend (FRIDAY 12:00 to MONDAY 06:00 Europe/Berlin)");
    }

    @Test
    void windowFromAndToTheSameMomentCoversTheWholeWeek() {
        WeeklyFreezeWindow always = new WeeklyFreezeWindow("always", DayOfWeek.MONDAY, LocalTime.MIDNIGHT,
                DayOfWeek.MONDAY, LocalTime.MIDNIGHT, UTC);

        assertThat(always.covers(Instant.parse("2026-11-18T10:00:00Z"))).isTrue();
        assertThat(always.covers(Instant.parse("2026-11-23T00:00:00Z"))).isTrue();
    }

    @Test
    void datedWindowCoversFromItsStartUntilJustBeforeItsEnd() {
        DatedFreezeWindow yearEnd = new DatedFreezeWindow("year-end", Instant.parse("2026-12-20T00:00:00Z"),
                Instant.parse("2027-01-04T00:00:00Z"));

        assertThat(yearEnd.covers(Instant.parse("2026-12-19T23:59:59Z"))).isFalse();
        assertThat(yearEnd.covers(Instant.parse("2026-12-20T00:00:00Z"))).isTrue();
        assertThat(yearEnd.covers(Instant.parse("2027-01-01T12:00:00Z"))).isTrue();
        assertThat(yearEnd.covers(Instant.parse("2027-01-04T00:00:00Z"))).isFalse();
        assertThat(yearEnd.describe()).isEqualTo("year-end (2026-12-20T00:00:00Z to 2027-01-04T00:00:00Z)");
    }

    @Test
    void datedWindowMustEndAfterItStarts() {
        Instant t = Instant.parse("2026-12-20T00:00:00Z");
        assertThatThrownBy(() -> new DatedFreezeWindow("backwards", t, t))
                .hasMessageContaining("freeze window 'backwards' must end after it starts");
    }

    @Test
    void overrideNeedsAReason() {
        assertThatThrownBy(() -> new FreezeOverride("  ")).hasMessageContaining("needs a reason");
        assertThatThrownBy(() -> new FreezeOverride(null)).hasMessageContaining("needs a reason");
    }
}
