package dev.unshaken.reports;

import dev.unshaken.journal.Verdict;

import java.util.Collection;

/** How a verdict, a scenario or a run came out. A pass must be earned: nothing judged is not a pass. */
public enum Outcome {
    /** Judged and met: the measurement kept within the budget (for a scenario or run: every verdict came out as expected). */
    PASS,
    /** Judged and not met: a verdict failed on what it measured, or a negative control passed. */
    FAIL,
    /**
     * Not judged: a verdict could not measure what it needs (no request in the window, no such fault, nothing
     * observed), or a scenario recorded no verdict at all. A negative control that is inconclusive caught nothing.
     */
    INCONCLUSIVE;

    /**
     * What a verdict counts as for its scenario: {@link #PASS} when it came out as expected, {@link #INCONCLUSIVE}
     * when it is inconclusive (negative control or not), {@link #FAIL} otherwise (it failed, or a negative control passed).
     */
    static Outcome of(Verdict verdict) {
        if (verdict.asExpected()) {
            return PASS;
        }
        return verdict.outcome() == Verdict.Outcome.INCONCLUSIVE ? INCONCLUSIVE : FAIL;
    }

    /** Several outcomes together: FAIL if any failed, else INCONCLUSIVE if any was, or if there are none, else PASS. */
    static Outcome of(Collection<Outcome> outcomes) {
        if (outcomes.contains(FAIL)) {
            return FAIL;
        }
        return outcomes.isEmpty() || outcomes.contains(INCONCLUSIVE) ? INCONCLUSIVE : PASS;
    }
}
