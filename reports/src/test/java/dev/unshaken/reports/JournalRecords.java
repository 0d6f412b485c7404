package dev.unshaken.reports;

import dev.unshaken.journal.FailureKind;
import dev.unshaken.journal.RequestOutcome;
import dev.unshaken.journal.Verdict;

/** Journal records built by hand for the tests of reports: requests and verdicts with what a test does not care about left out. */
final class JournalRecords {

    private JournalRecords() {
    }

    /** A request that succeeded, of no journey, method or route. */
    static RequestOutcome ok(long startMs, long endMs, String name, int status) {
        return new RequestOutcome(startMs, endMs, null, name, null, null, status, FailureKind.NONE, null);
    }

    /** A request that failed, of no journey, method or route. */
    static RequestOutcome failed(long startMs, long endMs, String name, Integer status, FailureKind failure, String detail) {
        return new RequestOutcome(startMs, endMs, null, name, null, null, status, failure, detail);
    }

    /** A verdict that passes when {@code measured ≤ budget}. */
    static Verdict atMost(String name, double measured, double budget, String unit, String evidence) {
        return measured(name, measured, Verdict.Limit.AT_MOST, measured <= budget, budget, unit, evidence);
    }

    /** A verdict that passes when {@code measured ≥ budget}. */
    static Verdict atLeast(String name, double measured, double budget, String unit, String evidence) {
        return measured(name, measured, Verdict.Limit.AT_LEAST, measured >= budget, budget, unit, evidence);
    }

    /** A verdict that could not measure; the evidence says what was missing. */
    static Verdict inconclusive(String name, Verdict.Limit limit, double budget, String unit, String evidence) {
        return new Verdict(0, name, Verdict.Outcome.INCONCLUSIVE, null, limit, budget, unit, evidence, false);
    }

    /** The verdict as a negative control: expected to fail. */
    static Verdict expectingFailure(Verdict verdict) {
        return new Verdict(verdict.atMs(), verdict.name(), verdict.outcome(), verdict.measured(), verdict.limit(), verdict.budget(),
                verdict.unit(), verdict.evidence(), true);
    }

    private static Verdict measured(String name, double measured, Verdict.Limit limit, boolean passed, double budget, String unit,
                                    String evidence) {
        return new Verdict(0, name, passed ? Verdict.Outcome.PASS : Verdict.Outcome.FAIL, measured, limit, budget, unit, evidence, false);
    }
}
