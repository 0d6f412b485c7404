package dev.unshaken.suites.verdicts;

import dev.unshaken.journal.FaultKind;
import dev.unshaken.journal.Journal;
import dev.unshaken.journal.Verdict;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static dev.unshaken.suites.verdicts.Verdicts.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** A verdict is one {@link VerdictSpec}: the fluent methods build it, {@link JournalAssert#holds} judges it. */
class VerdictSpecTest {

    private static final Duration MARGIN = Duration.ofSeconds(5);

    /** Steady requests for 60 s, none failed; a pod deleted from 20 s to 31 s. */
    private static Journal podDeleteAt20s() {
        return new HandBuiltJournal().steadyRequests(0, 60, 8).fault("f1", FaultKind.POD_DELETE, "ns/pod/web-a", 20, 31.0, Map.of()).journal();
    }

    @Test
    void aMethodAndTheSpecItBuildsRecordTheSameVerdict() {
        Journal byMethod = podDeleteAt20s();
        Journal bySpec = podDeleteAt20s();

        assertThat(byMethod).hasNoFailedRequestsAround(FaultKind.POD_DELETE, MARGIN);
        assertThat(bySpec).holds(new VerdictSpec.NoFailedRequests(FaultKind.POD_DELETE, MARGIN));

        assertThat(bySpec.verdicts()).extracting(Verdict::name, Verdict::outcome, Verdict::measured, Verdict::evidence)
                .containsExactly(byMethod.verdicts().stream().map(v -> tuple(v.name(), v.outcome(), v.measured(), v.evidence()))
                        .toArray(Tuple[]::new));
    }

    @Test
    void evaluatingJudgesWithoutRecording() {
        Journal journal = podDeleteAt20s();

        var judged = new VerdictSpec.FailedRequestsAtMost(0, FaultKind.POD_DELETE, MARGIN).evaluate(journal, false);

        assertThat(judged).singleElement().satisfies(j -> {
            assertThat(j.verdict().outcome()).isEqualTo(Verdict.Outcome.PASS);
            assertThat(j.message()).isNull();
        });
        assertThat(journal.verdicts()).isEmpty();
    }
}
