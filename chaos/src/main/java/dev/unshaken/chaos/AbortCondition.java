package dev.unshaken.chaos;

import dev.unshaken.journal.RequestOutcome;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * When to stop a scenario's faults early: the share of the load's requests that failed over the last {@code window}
 * passes {@code maxErrorRate}, counted once the window holds at least {@code minRequests} (a request counts when it
 * ends). The stop condition Chaos Toolkit, Gremlin and AWS FIS offer, and what a run against staging needs.
 *
 * <pre>{@code
 * faults.abortWhen(AbortCondition.errorRateAbove(0.5, Duration.ofSeconds(10)));
 * }</pre>
 *
 * <p>{@link Faults#abortWhen} checks it every second until {@link Faults#awaitAll} returns. Tripped, every fault stops (a
 * running one undoes what it did), the journal gets a FAIL verdict with the window that tripped it, and
 * {@link Faults#awaitAll} throws {@link ScenarioAbortedException}. Not tripped, the journal gets a PASS verdict with the
 * worst window seen, or an INCONCLUSIVE one when no window held enough requests to judge.
 *
 * @param maxErrorRate the share of failed requests, above 0 and below 1, that trips it when passed
 * @param window       how far back a check looks, at least 1 s
 * @param minRequests  how many requests a window needs before its share counts, at least 1
 */
public record AbortCondition(double maxErrorRate, Duration window, int minRequests) {

    /** How many requests a window needs unless told otherwise: fewer say little about a rate. */
    public static final int DEFAULT_MIN_REQUESTS = 10;

    public AbortCondition {
        Objects.requireNonNull(window, "window");
        if (!(maxErrorRate > 0 && maxErrorRate < 1)) {
            throw new IllegalArgumentException("an abort condition's error rate must be above 0 and below 1 (e.g. 0.5 for 50 %), got "
                    + maxErrorRate);
        }
        if (window.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("an abort condition's window must be at least 1 s, got " + window.toMillis() + " ms");
        }
        if (minRequests < 1) {
            throw new IllegalArgumentException("an abort condition needs at least 1 request per window, got " + minRequests);
        }
    }

    /** Trips when more than {@code maxErrorRate} of the requests that ended in the last {@code window} failed. */
    public static AbortCondition errorRateAbove(double maxErrorRate, Duration window) {
        return new AbortCondition(maxErrorRate, window, DEFAULT_MIN_REQUESTS);
    }

    /** The same condition, judging a window from {@code minRequests} requests on. */
    public AbortCondition withMinRequests(int minRequests) {
        return new AbortCondition(maxErrorRate, window, minRequests);
    }

    /** The requests that ended in {@code (endMs - window, endMs]}, and how many of them failed. */
    Window windowEndingAt(List<RequestOutcome> requests, long endMs) {
        long fromMs = endMs - window.toMillis();
        int count = 0;
        int failed = 0;
        for (RequestOutcome request : requests) {
            if (request.endMs() > fromMs && request.endMs() <= endMs) {
                count++;
                if (request.failed()) {
                    failed++;
                }
            }
        }
        return new Window(endMs, count, failed);
    }

    /** {@code error rate over 10 s at most 50 % (windows of 10 or more requests)}, for messages. */
    public String describe() {
        return "error rate over " + seconds(window) + " at most " + percent(maxErrorRate) + " (windows of " + minRequests
                + " or more requests)";
    }

    /** {@code abort: at most 50 % failed per 10 s}: short, for the verdict's name in the journal and the report's tables. */
    public String verdictName() {
        return "abort: at most " + percent(maxErrorRate) + " failed per " + seconds(window);
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.0f %%", fraction * 100);
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() / 1000.0 + " s";
    }

    /** One check: the window ending at {@code endMs}. */
    record Window(long endMs, int requests, int failed) {

        double errorRate() {
            return requests == 0 ? 0 : (double) failed / requests;
        }

        /** {@code 31 of 40 requests failed (78 %)}. */
        String describe() {
            return failed + " of " + requests + " requests failed (" + percent(errorRate()) + ")";
        }
    }
}
