package dev.unshaken.suites.verdicts;

import dev.unshaken.journal.FaultEvent;
import dev.unshaken.journal.FaultKind;
import dev.unshaken.journal.RequestOutcome;
import dev.unshaken.journal.Verdict;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

import static dev.unshaken.suites.verdicts.JournalFacts.inconclusive;
import static dev.unshaken.suites.verdicts.RunClock.seconds;

/** The verdicts on dependency faults: every request answered in time, traffic routed around, recovery after. */
final class DependencyFaultVerdicts {

    private DependencyFaultVerdicts() {
    }

    /** The verdict of {@link JournalAssert#everyRequestAnsweredWithin(Duration, FaultKind, Duration)}. */
    static Judgement answeredWithin(JournalFacts j, Duration budget, FaultKind kind, Duration margin) {
        long budgetMs = budget.toMillis();
        String name = "every request within " + seconds(margin) + " of " + kind + " answered (any status) within " + budgetMs + " ms";
        return j.check(name, Verdict.Limit.AT_MOST, 0, "requests", check -> {
            List<FaultEvent> faults = j.faultsOf(kind);
            List<String> unexercised = j.unmet(kind);
            if (unexercised.size() == faults.size()) {
                inconclusive("the pods sent the destination no packet (or looked up no failing name) while cut off, slowed or failing ("
                        + String.join("; ", unexercised) + "): the load never exercised the dependency, so how its callers cope is unknown");
            }
            TimeWindow window = j.windowOf(kind);
            j.requireLoadCovers(window, j.describeFaults(kind));
            TimeWindow widened = window.widenedBy(margin);
            RunClock clock = j.clock();
            List<RequestOutcome> inWindow = j.journal().requests().stream().filter(r -> widened.overlaps(r.startMs(), r.endMs())).toList();
            List<RequestOutcome> unanswered = inWindow.stream()
                    .filter(r -> r.status() == null || r.durationMs() >= budgetMs)
                    .sorted(Comparator.comparingLong(RequestOutcome::durationMs).reversed())
                    .toList();
            check.measured(unanswered.size());
            long slowestAnswered = inWindow.stream().filter(r -> r.status() != null).mapToLong(RequestOutcome::durationMs).max().orElse(0);
            if (!unanswered.isEmpty()) {
                j.fail("Expected every request within " + seconds(margin) + " of " + j.describeFaults(kind) + " to get an HTTP status within "
                        + budgetMs + " ms, but " + unanswered.size() + " of " + inWindow.size() + " did not: " + unanswered.stream().limit(5)
                        .map(r -> r.durationMs() + " ms " + r.describeRoute() + " " + (r.status() == null ? r.failure() + " (no status)"
                                : "→ " + r.status()) + " at " + clock.at(r.startMs()))
                        .collect(Collectors.joining(", ")) + (unanswered.size() > 5 ? ", …" : "")
                        + "; a caller waiting on a dependency without a timeout looks like this" + j.journalHint());
            }
            long failed = inWindow.stream().filter(RequestOutcome::failed).count();
            return "all " + inWindow.size() + " requests within " + seconds(margin) + " of " + j.describeFaults(kind) + " got a status within "
                    + budgetMs + " ms (slowest " + slowestAnswered + " ms; " + failed + " of them failed, answered fast)"
                    + (unexercised.isEmpty() ? "" : "; no packet was sent during " + String.join("; ", unexercised));
        });
    }

    /** The verdict of {@link JournalAssert#routedAroundWithin(Duration, FaultKind)}. */
    static Judgement routedAround(JournalFacts j, Duration within, FaultKind kind) {
        String name = "failures stopped within " + seconds(within) + " of each " + kind + " (traffic routed around the broken pods)";
        return j.check(name, Verdict.Limit.AT_MOST, within.toMillis() / 1000.0, "s", check -> {
            RunClock clock = j.clock();
            List<String> lateFailures = new ArrayList<>();
            int during = 0;
            for (FaultEvent fault : j.faultsOf(kind)) {
                if (!fault.ended()) {
                    inconclusive(j.describe(fault) + " never ended, so whether its failures stopped cannot be told");
                }
                long settled = fault.startMs() + within.toMillis();
                if (fault.endMs() <= settled) {
                    inconclusive(j.describe(fault) + " lasted no longer than " + seconds(within) + ": no time was left to see traffic"
                            + " routed around it; make the fault last longer");
                }
                j.requireLoadCovers(new TimeWindow(fault.startMs(), fault.endMs()), j.describe(fault));
                List<RequestOutcome> started = j.journal().requests().stream()
                        .filter(r -> r.startMs() >= fault.startMs() && r.startMs() <= fault.endMs()).toList();
                during += started.size();
                List<RequestOutcome> failed = started.stream().filter(RequestOutcome::failed).toList();
                check.highest(failed.stream().mapToLong(r -> r.startMs() - fault.startMs()).max().orElse(0) / 1000.0);
                List<RequestOutcome> late = failed.stream().filter(r -> r.startMs() > settled).toList();
                if (!late.isEmpty()) {
                    lateFailures.add(late.size() + " of the " + started.stream().filter(r -> r.startMs() > settled).count()
                            + " requests started from " + clock.at(settled) + " to the end of " + j.describe(fault) + " failed, the last at "
                            + clock.at(late.stream().mapToLong(RequestOutcome::startMs).max().orElseThrow()) + FailedRequests.describe(late, clock, TerminatingPods.of(j.journal())));
                }
            }
            if (!lateFailures.isEmpty()) {
                j.fail("Expected failures to stop within " + seconds(within) + " of each " + kind + " (the broken pods taken out of"
                        + " rotation), but " + String.join("; ", lateFailures) + j.journalHint());
            }
            return "of the " + during + " requests started during " + j.describeFaults(kind) + ", the last failure started "
                    + check.measuredText() + " after the fault began (none later than " + seconds(within) + ")";
        });
    }

    /** The verdict of {@link JournalAssert#recoveredWithin(Duration, FaultKind)}. */
    static Judgement recoveredWithin(JournalFacts j, Duration within, FaultKind kind) {
        String name = "no failed requests from " + seconds(within) + " after " + kind + " to the end";
        return j.check(name, Verdict.Limit.AT_MOST, 0, "requests", check -> {
            List<FaultEvent> faults = j.faultsOf(kind);
            faults.stream().filter(f -> !f.ended()).findFirst().ifPresent(f -> inconclusive(j.describe(f) + " never ended, so no recovery"
                    + " after it can be judged"));
            long from = faults.stream().mapToLong(FaultEvent::endMs).max().orElseThrow() + within.toMillis();
            long last = j.journal().requests().stream().mapToLong(RequestOutcome::endMs).max().orElse(0);
            if (last <= from) {
                inconclusive("no request ran later than " + seconds(within) + " after " + j.describeFaults(kind) + " ended (at "
                        + j.clock().at(from) + "): keep the load running after the fault");
            }
            return j.failedAtMost(check, 0, new TimeWindow(from, last), "from " + seconds(within) + " after " + j.describeFaults(kind) + " ended");
        });
    }
}
