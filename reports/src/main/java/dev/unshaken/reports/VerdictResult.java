package dev.unshaken.reports;

import java.util.Objects;

/**
 * The outcome of one verdict of a scenario: what was measured, against which budget, and the sentence that
 * proves it, e.g. "37 requests failed between 12.301 s and 12.880 s while pod order-7f9c was Terminating".
 *
 * @param name            what the verdict checks, e.g. {@code no failed requests during the drain}
 * @param passed          whether the run met the verdict (the measurement kept within the budget)
 * @param measured        what was measured, in {@code unit}; {@link Double#NaN} when the verdict could not measure,
 *                        which it then failed (the evidence says what was missing)
 * @param limit           whether the budget is a maximum or a minimum
 * @param budget          the budget, in {@code unit}
 * @param unit            the unit of measured and budget, e.g. {@code requests}, {@code ms}, {@code replicas}; may be empty
 * @param evidence        one sentence a person can check against the timeline
 * @param expectedFailure whether the test expected the verdict to fail: a negative control, which shows that the
 *                        verdict catches what it should; its failure does not fail the scenario, its passing does
 */
public record VerdictResult(String name, boolean passed, double measured, Limit limit, double budget, String unit,
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
        Objects.requireNonNull(limit, "limit");
        unit = unit == null ? "" : unit;
        evidence = evidence == null ? "" : evidence;
        if (Double.isInfinite(measured) || !Double.isFinite(budget) || Double.isNaN(measured) && passed) {
            throw new IllegalArgumentException("verdict '" + name + "': measured (" + measured + ") and budget (" + budget
                    + ") must be finite numbers; report an unmeasurable value as a failed verdict with the reason as evidence");
        }
    }

    /** A verdict the test did not expect to fail. */
    public VerdictResult(String name, boolean passed, double measured, Limit limit, double budget, String unit, String evidence) {
        this(name, passed, measured, limit, budget, unit, evidence, false);
    }

    /** A verdict that could not measure, so failed; the evidence says what was missing. */
    public static VerdictResult notMeasured(String name, Limit limit, double budget, String unit, String evidence) {
        return new VerdictResult(name, false, Double.NaN, limit, budget, unit, evidence);
    }

    /** This verdict as a negative control: expected to fail. */
    public VerdictResult expectingFailure() {
        return new VerdictResult(name, passed, measured, limit, budget, unit, evidence, true);
    }

    /** Whether it measured something. */
    public boolean measuredSomething() {
        return !Double.isNaN(measured);
    }

    /** Whether it came out as the test expected: passed, or failed as a negative control. */
    public boolean asExpected() {
        return passed != expectedFailure;
    }

    /** {@code PASS}, {@code FAIL}, {@code XFAIL} (failed as expected) or {@code XPASS} (passed, though expected to fail). */
    public String resultText() {
        if (expectedFailure) {
            return passed ? "XPASS" : "XFAIL";
        }
        return passed ? "PASS" : "FAIL";
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
        return new VerdictResult(redactor.redact(name), passed, measured, limit, budget, unit, redactor.redact(evidence),
                expectedFailure);
    }
}
