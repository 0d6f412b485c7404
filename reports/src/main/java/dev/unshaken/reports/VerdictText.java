package dev.unshaken.reports;

import dev.unshaken.journal.Verdict;

/**
 * How a journal {@link Verdict} is written in reports: its measurement, its budget and its result, e.g.
 * {@code 37 requests}, {@code ≤ 0 requests}, {@code XFAIL}.
 */
final class VerdictText {

    private VerdictText() {
    }

    /** The measurement with its unit, e.g. {@code 37 requests}, or {@code not measured}. */
    static String measured(Verdict verdict) {
        return verdict.measured() != null ? Quantity.format(verdict.measured(), verdict.unit()) : "not measured";
    }

    /** The budget with its limit ({@code ≤} or {@code ≥}) and unit, e.g. {@code ≤ 0 requests}. */
    static String budget(Verdict verdict) {
        return (verdict.limit() == Verdict.Limit.AT_MOST ? "≤" : "≥") + " " + Quantity.format(verdict.budget(), verdict.unit());
    }

    /** {@link #budget} with {@code <=} or {@code >=}, for consoles that may not show the symbols. */
    static String asciiBudget(Verdict verdict) {
        return (verdict.limit() == Verdict.Limit.AT_MOST ? "<=" : ">=") + " " + Quantity.format(verdict.budget(), verdict.unit());
    }

    /**
     * {@code PASS}, {@code FAIL}, {@code INCONCLUSIVE}, {@code XFAIL} (failed as expected) or {@code XPASS} (passed,
     * though expected to fail); a negative control that is inconclusive is {@code INCONCLUSIVE}, never {@code XFAIL}.
     */
    static String result(Verdict verdict) {
        if (verdict.expectedFailure() && verdict.outcome() != Verdict.Outcome.INCONCLUSIVE) {
            return verdict.passed() ? "XPASS" : "XFAIL";
        }
        return verdict.outcome().name();
    }
}
