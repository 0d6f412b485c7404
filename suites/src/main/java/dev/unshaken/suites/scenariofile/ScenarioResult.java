package dev.unshaken.suites.scenariofile;

import dev.unshaken.journal.Journal;
import dev.unshaken.suites.scenariofile.ScenarioFile.Verdict;
import dev.unshaken.suites.verdicts.InconclusiveVerdictError;
import dev.unshaken.suites.verdicts.JournalAssert;
import dev.unshaken.suites.verdicts.Verdicts;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How each verdict of a scenario file came out against the run's journal. A verdict is met when it held, or, for
 * {@code expect: fail}, when it failed on what it measured: the incident was caught (checked as a negative control,
 * so the journal, and with it the report, shows it as an expected failure, XFAIL). An inconclusive verdict is
 * never met: a twin whose defect was never exercised has not been caught.
 *
 * @param scenario the scenario
 * @param outcomes one per verdict, in file order
 * @param journal  the journal file, or null for an in-memory journal
 */
public record ScenarioResult(ScenarioFile scenario, List<VerdictOutcome> outcomes, String journal) {

    public ScenarioResult {
        outcomes = List.copyOf(outcomes);
    }

    /**
     * One verdict's outcome.
     *
     * @param failure why it did not hold (an {@link InconclusiveVerdictError} when it could not be judged), or null
     *                when it held
     */
    public record VerdictOutcome(Verdict verdict, AssertionError failure) {

        /** Whether the verdict came out as the file expects: it held, or, for {@code expect: fail}, it failed. */
        public boolean met() {
            return verdict.expectFailure() ? failure != null && !inconclusive() : failure == null;
        }

        /** Whether it could not be judged: the journal lacked what it needs. */
        public boolean inconclusive() {
            return failure instanceof InconclusiveVerdictError;
        }

        /** One line (plus the evidence when it matters) saying how it came out. */
        public String describe(ScenarioFile scenario) {
            String where = scenario.file().getFileName() + ":" + verdict.line() + " " + verdict.check().describe();
            if (failure == null) {
                return verdict.expectFailure()
                        ? "NOT MET  " + where + ": expected to fail (catch the incident), but it held"
                        : "met      " + where + ": held";
            }
            if (verdict.expectFailure() && inconclusive()) {
                return "NOT MET  " + where + ": expected to fail (catch the incident), but it could not be judged, so it caught"
                        + " nothing: " + failure.getMessage().strip();
            }
            return verdict.expectFailure()
                    ? "met      " + where + ": failed as expected: " + failure.getMessage().lines().findFirst().orElse("")
                    : "NOT MET  " + where + ": " + failure.getMessage().strip();
        }
    }

    /** Checks every verdict of the scenario against the journal; none stops the others. */
    public static ScenarioResult judge(ScenarioFile scenario, Journal journal) {
        var outcomes = new ArrayList<VerdictOutcome>();
        for (Verdict verdict : scenario.verdicts()) {
            AssertionError failure = null;
            JournalAssert verdicts = Verdicts.assertThat(journal);
            if (verdict.expectFailure()) {
                verdicts.asNegativeControl();
            }
            try {
                verdicts.holds(verdict.check());
            } catch (AssertionError e) {
                failure = e;
            }
            outcomes.add(new VerdictOutcome(verdict, failure));
        }
        return new ScenarioResult(scenario, outcomes, journal.file() == null ? null : journal.file().toAbsolutePath().toString());
    }

    /** Whether every verdict came out as the file expects. */
    public boolean met() {
        return outcomes.stream().allMatch(VerdictOutcome::met);
    }

    /** Every verdict's outcome, one per line. */
    public String summary() {
        return "scenario " + scenario.name() + " (" + scenario.file() + "):\n"
                + outcomes.stream().map(o -> "  " + o.describe(scenario)).collect(Collectors.joining("\n"))
                + (journal == null ? "" : "\n  journal: " + journal);
    }

    /**
     * Fails unless every verdict came out as expected.
     *
     * @throws AssertionError listing every verdict and, for those not met, the evidence
     */
    public void assertMet() {
        if (!met()) {
            long unmet = outcomes.stream().filter(o -> !o.met()).count();
            throw new AssertionError(unmet + " of " + outcomes.size() + " verdicts of " + scenario.file() + " not met\n" + summary());
        }
    }
}
