package dev.unshaken.suites.verdicts;

import dev.unshaken.journal.Journal;

/**
 * Entry point of Unshaken's verdicts: AssertJ assertions that read only the run's {@link Journal}.
 *
 * <pre>{@code
 * import static dev.unshaken.suites.verdicts.Verdicts.assertThat;
 *
 * assertThat(journal).hasNoFailedRequestsAround(FaultKind.POD_DELETE, Duration.ofSeconds(5));
 * assertThat(journal).drainRespectedBudget("shop", "user-service", 2);
 * }</pre>
 *
 * A failing verdict says how many requests failed, when (seconds after the first request), on which routes,
 * and which pods were Terminating then, and names the journal file.
 */
public final class Verdicts {

    private Verdicts() {
    }

    /** Assertions on what the journal recorded. */
    public static JournalAssert assertThat(Journal journal) {
        return new JournalAssert(journal);
    }
}
