package dev.unshaken.suites.verdicts;

import dev.unshaken.journal.FaultKind;
import dev.unshaken.journal.RequestOutcome;
import dev.unshaken.journal.Verdict;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static dev.unshaken.suites.verdicts.JournalFacts.inconclusive;
import static dev.unshaken.suites.verdicts.RunClock.seconds;

/** The verdicts on failed requests: over the whole run, around faults, during a window, and after a recovery. */
final class FailedRequestVerdicts {

    private FailedRequestVerdicts() {
    }

    /** The verdict of {@link JournalAssert#hasNoFailedRequests()}. */
    static Judgement wholeRun(JournalFacts j) {
        return j.check("no failed requests during the whole run", Verdict.Limit.AT_MOST, 0, "requests", check -> {
            List<RequestOutcome> requests = j.journal().requests();
            if (requests.isEmpty()) {
                inconclusive("the journal holds no request at all: the load did not run");
            }
            long last = requests.stream().mapToLong(RequestOutcome::endMs).max().orElseThrow();
            long first = requests.stream().mapToLong(RequestOutcome::startMs).min().orElseThrow();
            return j.failedAtMost(check, 0, new TimeWindow(first, last), "during the whole run");
        });
    }

    /** The verdict of {@link JournalAssert#hasAtMostFailedRequestsAround(int, FaultKind, Duration)}. */
    static Judgement around(JournalFacts j, int max, FaultKind kind, Duration margin) {
        String name = (max == 0 ? "no" : "at most " + max) + " failed requests within " + seconds(margin) + " of " + kind;
        return j.check(name, Verdict.Limit.AT_MOST, max, "requests", check -> {
            TimeWindow faults = j.windowOf(kind);
            if (kind == FaultKind.NODE_DRAIN && j.duringDrains(Set.of(FaultKind.EVICTION)).isEmpty()) {
                inconclusive(j.describeFaults(kind) + " evicted no pod of the run's namespaces: nothing under load was disrupted;"
                        + " drain a node the workload runs on (OnBusiestNode, or a node from its pods' spec.nodeName)");
            }
            List<String> unmet = j.unmet(kind);
            if (!unmet.isEmpty() && unmet.size() == j.faultsOf(kind).size()) {
                inconclusive("the workload never met " + String.join("; ", unmet) + ": the fault's own counters say no packet of it was"
                        + " dropped or delayed and no lookup failed, so no failure could have come from it");
            }
            j.requireLoadCovers(faults, j.describeFaults(kind));
            return j.failedAtMost(check, max, faults.widenedBy(margin), "within " + seconds(margin) + " of " + j.describeFaults(kind));
        });
    }

    /** The verdict of {@link JournalAssert#hasNoFailedRequestsDuring(TimeWindow)}. */
    static Judgement during(JournalFacts j, TimeWindow window) {
        String where = "during " + j.clock().span(window);
        return j.check("no failed requests " + where, Verdict.Limit.AT_MOST, 0, "requests", check -> j.failedAtMost(check, 0, window, where));
    }

    /**
     * The first of {@link VerdictSpec.Recovered}'s two verdicts: at most {@code maxFailedRequests} failed around the
     * faults of {@code kind}, until {@code within} after they ended.
     */
    static Judgement recovered(JournalFacts j, FaultKind kind, int maxFailedRequests, Duration within) {
        String name = (maxFailedRequests == 0 ? "no" : "at most " + maxFailedRequests) + " failed requests from " + kind + " until "
                + seconds(within) + " after";
        return j.check(name, Verdict.Limit.AT_MOST, maxFailedRequests, "requests", check -> {
            TimeWindow faults = j.windowOf(kind);
            return j.failedAtMost(check, maxFailedRequests, new TimeWindow(faults.fromMs(), faults.toMs() + within.toMillis()),
                    "from the start of " + j.describeFaults(kind) + " until " + seconds(within) + " after");
        });
    }
}
