package dev.unshaken.suites.verdicts;

import dev.unshaken.journal.Verdict;

/**
 * One verdict judged on a journal, before anything is recorded or thrown.
 *
 * @param verdict what the journal records: name, outcome, measurement against the budget, and the evidence
 * @param message for a failure, its message, naming the journal file; for an inconclusive verdict, the message of
 *                its {@link InconclusiveVerdictError}; null when it passed
 */
public record Judgement(Verdict verdict, String message) {
}
