package dev.unshaken.suites.verdicts;

import dev.unshaken.journal.RequestOutcome;
import dev.unshaken.journal.Verdict;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

import static dev.unshaken.suites.verdicts.JournalFacts.inconclusive;
import static dev.unshaken.suites.verdicts.RunClock.seconds;

/** The verdict on latency outside the faults. */
final class LatencyVerdict {

    private LatencyVerdict() {
    }

    /** The verdict of {@link JournalAssert#hasLatencyP99OutsideFaultsBelow(Duration, Duration)}. */
    static Judgement p99(JournalFacts j, Duration budget, Duration margin) {
        String name = "p99 latency outside faults (± " + seconds(margin) + ") below " + budget.toMillis() + " ms";
        return j.check(name, Verdict.Limit.AT_MOST, budget.toMillis(), "ms", check -> {
            long openEnd = j.lastTimeMs();
            List<TimeWindow> faults = j.journal().faults().stream().map(f -> TimeWindow.of(f, openEnd).widenedBy(margin)).toList();
            List<RequestOutcome> outsideFaults = j.journal().requests().stream()
                    .filter(r -> faults.stream().noneMatch(w -> w.overlaps(r.startMs(), r.endMs())))
                    .toList();
            // Latency is how long a user waited. A failure that came back faster than the budget is left out: counted
            // in, a service answering instant 502s would look fast (the failed-request verdicts judge those). A failure
            // that took the budget or longer (a timeout, a slow 504) counts: the user waited at least that long.
            long budgetMs = budget.toMillis();
            long fastFailures = outsideFaults.stream().filter(r -> r.failed() && r.durationMs() < budgetMs).count();
            long slowFailures = outsideFaults.stream().filter(r -> r.failed() && r.durationMs() >= budgetMs).count();
            List<RequestOutcome> outside = outsideFaults.stream().filter(r -> !r.failed() || r.durationMs() >= budgetMs)
                    .sorted(Comparator.comparingLong(RequestOutcome::durationMs))
                    .toList();
            String counted = outside.size() + " requests (" + slowFailures + " of them failures that took " + budgetMs
                    + " ms or longer); " + fastFailures + " failures faster than that left out";
            if (outside.size() < 20) {
                inconclusive("only " + counted + " outside the faults (± " + seconds(margin) + "): too few to judge, at least 20"
                        + " are needed; run the load longer");
            }
            int rank = (int) Math.ceil(0.99 * outside.size());
            long p99 = outside.get(rank - 1).durationMs();
            check.measured(p99);
            if (p99 >= budgetMs) {
                RunClock clock = j.clock();
                String slowest = outside.reversed().stream().limit(3)
                        .map(r -> r.durationMs() + " ms " + r.describeRoute() + (r.failed() ? " (failed)" : "") + " at " + clock.at(r.startMs()))
                        .collect(Collectors.joining(", "));
                j.fail("Expected a p99 latency below " + budgetMs + " ms outside the faults (± " + seconds(margin) + "), but it was "
                        + p99 + " ms over " + counted + "; slowest: " + slowest + j.journalHint());
            }
            return "p99 was " + p99 + " ms over " + counted + ", outside the faults (± " + seconds(margin) + ")";
        });
    }
}
