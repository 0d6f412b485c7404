package dev.unshaken.load;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * When a load asked to end before its profile does ({@link LoadRun#endAfter}) stops taking new journeys, and when
 * Gatling itself is stopped: once the journeys in flight at the end have finished, or {@link #DRAIN} later at the
 * most, so requests are recorded whole instead of being cut off mid-flight.
 */
final class EarlyEnd {

    static final String MESSAGE = "the scenario ended the load early (LoadRun.endAfter)";
    /** Gatling's request timeout (gatling.conf) and a second: a request in flight at the end gets its answer or times out. */
    static final Duration DRAIN = Duration.ofSeconds(11);

    private final LongSupplier clockMs;
    private final AtomicInteger activeUsers = new AtomicInteger();
    private volatile long endAtMs = Long.MAX_VALUE;

    EarlyEnd(LongSupplier clockMs) {
        this.clockMs = clockMs;
    }

    /** Ends the load at {@code atMs} (epoch ms on the clock given), or earlier if an end was already set. */
    void endAt(long atMs) {
        endAtMs = Math.min(endAtMs, atMs);
    }

    /** Whether new journeys are no longer started. */
    boolean ended() {
        return clockMs.getAsLong() >= endAtMs;
    }

    /**
     * Whether Gatling may stop: asked by each arriving journey, which itself counts as active, so "no other journey
     * active" means every journey in flight at the end has finished.
     */
    boolean stopNow() {
        long end = endAtMs;
        long now = clockMs.getAsLong();
        return end != Long.MAX_VALUE && now >= end && (activeUsers.get() <= 1 || now >= end + DRAIN.toMillis());
    }

    /** A virtual user (one journey) started. */
    void userStarted() {
        activeUsers.incrementAndGet();
    }

    /** A virtual user ended. */
    void userEnded() {
        activeUsers.decrementAndGet();
    }

    /** The end asked for, epoch ms, or {@link Long#MAX_VALUE} if none. */
    long endAtMs() {
        return endAtMs;
    }
}
