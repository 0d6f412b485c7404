package dev.unshaken.reports;

import dev.unshaken.journal.RequestOutcome;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Totals and latency percentiles of a set of requests. Latency is the duration of every request, failed ones
 * included (a timeout is latency the user felt); percentiles are nearest-rank.
 *
 * @param requests     how many
 * @param failures     how many failed
 * @param failureKinds failures by kind, e.g. {@code TIMEOUT=3}, sorted by kind
 * @param p50Ms        median latency, ms; {@code null} without requests
 * @param p95Ms        95th percentile, ms; {@code null} without requests
 * @param p99Ms        99th percentile, ms; {@code null} without requests
 */
public record RequestStats(long requests, long failures, Map<String, Long> failureKinds, Long p50Ms, Long p95Ms, Long p99Ms) {

    public RequestStats {
        failureKinds = Collections.unmodifiableMap(new TreeMap<>(failureKinds));
    }

    /** The stats of these requests. */
    public static RequestStats of(Collection<RequestOutcome> requests) {
        long[] durations = new long[requests.size()];
        Map<String, Long> kinds = new TreeMap<>();
        int i = 0;
        long failures = 0;
        for (RequestOutcome request : requests) {
            durations[i++] = request.durationMs();
            if (request.failed()) {
                failures++;
                kinds.merge(request.failure().name(), 1L, Long::sum);
            }
        }
        Arrays.sort(durations);
        return new RequestStats(requests.size(), failures, kinds,
                percentile(durations, 50), percentile(durations, 95), percentile(durations, 99));
    }

    /** The nearest-rank percentile of sorted values: the smallest value with at least p % of values at or below it. */
    static Long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return null;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }

    /** Failures per request, 0 without requests. */
    public double failureRate() {
        return requests == 0 ? 0 : (double) failures / requests;
    }
}
