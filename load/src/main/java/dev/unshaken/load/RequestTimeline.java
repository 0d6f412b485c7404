package dev.unshaken.load;

import dev.unshaken.journal.FailureKind;
import dev.unshaken.journal.RequestOutcome;

import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The requests of one load run in the order they started, as recorded in the journal.
 *
 * @param requests every request, failed or not
 */
public record RequestTimeline(List<RequestOutcome> requests) {

    public RequestTimeline {
        requests = requests.stream().sorted(Comparator.comparingLong(RequestOutcome::startMs)).toList();
    }

    /** The failed requests. */
    public List<RequestOutcome> failures() {
        return requests.stream().filter(RequestOutcome::failed).toList();
    }

    /** How many requests failed, by kind. */
    public Map<FailureKind, Long> failuresByKind() {
        var counts = new EnumMap<FailureKind, Long>(FailureKind.class);
        failures().forEach(r -> counts.merge(r.failure(), 1L, Long::sum));
        return counts;
    }

    /** The requests in flight at some moment of {@code [fromMs, toMs]}. */
    public RequestTimeline between(long fromMs, long toMs) {
        return new RequestTimeline(requests.stream().filter(r -> r.overlaps(fromMs, toMs)).toList());
    }

    /** How many requests there are. */
    public int size() {
        return requests.size();
    }

    /** {@code 812 requests, 3 failed (REFUSED=2, RESET=1)}. */
    @Override
    public String toString() {
        var failures = failuresByKind();
        return requests.size() + " requests, " + failures().size() + " failed" + (failures.isEmpty() ? "" : " " + failures);
    }
}
