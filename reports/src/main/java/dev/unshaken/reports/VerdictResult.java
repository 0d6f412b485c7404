package dev.unshaken.reports;

import java.util.Objects;

/**
 * The outcome of one verdict of a scenario: what was measured, against which budget, and the sentence that
 * proves it, e.g. "37 requests failed between 12.301 s and 12.880 s while pod order-7f9c was Terminating".
 *
 * @param name            what the verdict checks, e.g. {@code no failed requests during the drain}
 * @param outcome         {@link Outcome#PASS} when the run met the verdict (the measurement kept within the budget),
 *                        {@link Outcome#FAIL} when it did not, {@link Outcome#INCONCLUSIVE} when the verdict could not
 *                        judge it (the evidence says what was missing)
 * @param measured        what was measured, in {@code unit}; {@link Double#NaN} when nothing could be measured
 * @param limit           whether the budget is a maximum or a minimum
 * @param budget          the budget, in {@code unit}
 * @param unit            the unit of measured and budget, e.g. {@code requests}, {@code ms}, {@code replicas}; may be empty
 * @param evidence        one sentence a person can check against the timeline
 * @param expectedFailure whether the test expected the verdict to fail: a negative control, which shows that the
 *                        verdict catches what it should; its failure does not fail the scenario, its passing does, and
 *                        its being inconclusive makes the scenario inconclusive (it caught nothing)
 */
public record VerdictResult(String name, Outcome outcome, double measured, Limit limit, double budget, String unit,
                            String evidence, boolean expectedFailure) {

    /** Which side of the budget passes. */
    public enum Limit {
        /** Passes when measured ≤ budget (failures, latency). */
        AT_MOST("≤", "<="),
        /** Passes when measured ≥ budget (ready replicas, availability). */
        AT_LEAST("≥", ">=");

        private final String symbol;
        private final String ascii;

        Limit(String symbol, String ascii) {
            this.symbol = symbol;
            this.ascii = ascii;
        }

        /** {@code ≤} or {@code ≥}. */
        public String symbol() {
            return symbol;
        }

        /** {@code <=} or {@code >=}, for consoles that may not show the symbols. */
        public String ascii() {
            return ascii;
        }

        /** Whether {@code measured} keeps within {@code budget}. */
        public boolean allows(double measured, double budget) {
            return this == AT_MOST ? measured <= budget : measured >= budget;
        }
    }

    public VerdictResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(limit, "limit");
        unit = unit == null ? "" : unit;
        evidence = evidence == null ? "" : evidence;
        if (Double.isInfinite(measured) || !Double.isFinite(budget) || Double.isNaN(measured) && outcome == Outcome.PASS) {
            throw new IllegalArgumentException("verdict '" + name + "': measured (" + measured + ") and budget (" + budget
                    + ") must be finite numbers; report an unmeasurable value as an inconclusive verdict with the reason as evidence");
        }
    }

    /** A verdict that passed or failed, the test expecting it to fail or not. */
    public VerdictResult(String name, boolean passed, double measured, Limit limit, double budget, String unit, String evidence,
                         boolean expectedFailure) {
        this(name, passed ? Outcome.PASS : Outcome.FAIL, measured, limit, budget, unit, evidence, expectedFailure);
    }

    /** A verdict that passed or failed, which the test did not expect to fail. */
    public VerdictResult(String name, boolean passed, double measured, Limit limit, double budget, String unit, String evidence) {
        this(name, passed, measured, limit, budget, unit, evidence, false);
    }

    /** A verdict that could not measure, so is inconclusive; the evidence says what was missing. */
    public static VerdictResult inconclusive(String name, Limit limit, double budget, String unit, String evidence) {
        return new VerdictResult(name, Outcome.INCONCLUSIVE, Double.NaN, limit, budget, unit, evidence, false);
    }

    /** This verdict as a negative control: expected to fail. */
    public VerdictResult expectingFailure() {
        return new VerdictResult(name, outcome, measured, limit, budget, unit, evidence, true);
    }

    /** Whether the run met it. */
    public boolean passed() {
        return outcome == Outcome.PASS;
    }

    /** Whether it measured something. */
    public boolean measuredSomething() {
        return !Double.isNaN(measured);
    }

    /**
     * Whether it came out as the test expected: passed, or, as a negative control, failed. An inconclusive verdict
     * never did: a negative control that could not measure caught nothing.
     */
    public boolean asExpected() {
        return outcome == (expectedFailure ? Outcome.FAIL : Outcome.PASS);
    }

    /**
     * What it counts as for its scenario: {@link Outcome#PASS} when it came out as expected,
     * {@link Outcome#INCONCLUSIVE} when it is inconclusive (negative control or not), {@link Outcome#FAIL} otherwise
     * (it failed, or a negative control passed).
     */
    public Outcome countsAs() {
        if (asExpected()) {
            return Outcome.PASS;
        }
        return outcome == Outcome.INCONCLUSIVE ? Outcome.INCONCLUSIVE : Outcome.FAIL;
    }

    /**
     * {@code PASS}, {@code FAIL}, {@code INCONCLUSIVE}, {@code XFAIL} (failed as expected) or {@code XPASS} (passed,
     * though expected to fail); a negative control that is inconclusive is {@code INCONCLUSIVE}, never {@code XFAIL}.
     */
    public String resultText() {
        if (expectedFailure && outcome != Outcome.INCONCLUSIVE) {
            return outcome == Outcome.PASS ? "XPASS" : "XFAIL";
        }
        return outcome.name();
    }

    /** A verdict that passes when {@code measured ≤ budget}. */
    public static VerdictResult atMost(String name, double measured, double budget, String unit, String evidence) {
        return new VerdictResult(name, measured <= budget, measured, Limit.AT_MOST, budget, unit, evidence);
    }

    /** A verdict that passes when {@code measured ≥ budget}. */
    public static VerdictResult atLeast(String name, double measured, double budget, String unit, String evidence) {
        return new VerdictResult(name, measured >= budget, measured, Limit.AT_LEAST, budget, unit, evidence);
    }

    /** The measurement with its unit, e.g. {@code 37 requests}, or {@code not measured}. */
    public String measuredText() {
        return measuredSomething() ? Quantity.format(measured, unit) : "not measured";
    }

    /** The budget with its limit and unit, e.g. {@code ≤ 0 requests}. */
    public String budgetText() {
        return limit.symbol() + " " + Quantity.format(budget, unit);
    }

    VerdictResult redacted(Redactor redactor) {
        return new VerdictResult(redactor.redact(name), outcome, measured, limit, budget, unit, redactor.redact(evidence),
                expectedFailure);
    }
}
