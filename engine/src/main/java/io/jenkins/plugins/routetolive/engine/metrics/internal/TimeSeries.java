package io.jenkins.plugins.routetolive.engine.metrics.internal;

import java.time.Instant;
import java.util.Arrays;

/**
 * Instants with one number each, kept sorted by instant in two parallel arrays, so the events of a window are
 * found by binary search. Entries arrive in ledger order, which is time order but for clocks that disagree by a
 * little (threads that read the clock before taking their turn, controllers sharing a ledger): an event that
 * is older than the newest is moved back into place, which costs as far as it moves. Times are nanoseconds
 * since the epoch, saturated (beyond 1677–2262) rather than wrapped.
 */
final class TimeSeries {

    private static final long[] NONE = new long[0];

    private long[] times = NONE;
    private long[] values = NONE;
    private int size;

    void add(long time, long value) {
        if (size == times.length) {
            int capacity = Math.max(4, size * 2);
            times = Arrays.copyOf(times, capacity);
            values = Arrays.copyOf(values, capacity);
        }
        int at = size;
        while (at > 0 && times[at - 1] > time) {
            at--;
        }
        System.arraycopy(times, at, times, at + 1, size - at);
        System.arraycopy(values, at, values, at + 1, size - at);
        times[at] = time;
        values[at] = value;
        size++;
    }

    int size() {
        return size;
    }

    long time(int index) {
        return times[index];
    }

    long value(int index) {
        return values[index];
    }

    /** The index of the first event after {@code time}: events at or before it come earlier. */
    int after(long time) {
        int low = 0;
        int high = size;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (times[mid] <= time) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    static long nanos(Instant instant) {
        try {
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
        } catch (ArithmeticException e) {
            return instant.getEpochSecond() < 0 ? Long.MIN_VALUE + 1 : Long.MAX_VALUE;
        }
    }

    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }
}
