package dev.unshaken.suites.verdicts;

import dev.unshaken.journal.FaultEvent;

import java.time.Duration;

/**
 * A stretch of the run on the journal's clock, both ends included.
 *
 * @param fromMs start, epoch ms
 * @param toMs   end, epoch ms
 */
public record TimeWindow(long fromMs, long toMs) {

    public TimeWindow {
        if (toMs < fromMs) {
            throw new IllegalArgumentException("a time window ends before it starts: " + fromMs + " > " + toMs);
        }
    }

    /** From the fault's start to its end ({@code openEndMs} for a fault that never ended). */
    public static TimeWindow of(FaultEvent fault, long openEndMs) {
        return new TimeWindow(fault.startMs(), Math.max(fault.startMs(), fault.endOr(openEndMs)));
    }

    /** This window widened by {@code margin} on both sides. */
    public TimeWindow widenedBy(Duration margin) {
        return new TimeWindow(fromMs - margin.toMillis(), toMs + margin.toMillis());
    }

    /** Whether the instant is in the window. */
    public boolean contains(long atMs) {
        return atMs >= fromMs && atMs <= toMs;
    }

    /** Whether {@code [fromMs, toMs]} and this window share a moment. */
    public boolean overlaps(long otherFromMs, long otherToMs) {
        return otherFromMs <= toMs && otherToMs >= fromMs;
    }
}
