package dev.unshaken.suites.verdicts;

import dev.unshaken.journal.FailureKind;
import dev.unshaken.journal.FaultKind;
import dev.unshaken.journal.Journal;
import dev.unshaken.journal.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static dev.unshaken.suites.verdicts.Verdicts.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

/** Every verdict records its result in the journal, pass or fail, for the report. */
class VerdictRecordsTest {

    private static final Duration MARGIN = Duration.ofSeconds(5);

    private static HandBuiltJournal podDeleteAt20s() {
        return new HandBuiltJournal().steadyRequests(0, 60, 8)
                .pod(0.5, "web-a", "agent-1", true, false)
                .fault("f1", FaultKind.POD_DELETE, "ns/pod/web-a", 20, 31.0, Map.of())
                .pod(20.01, "web-a", "agent-1", true, true);
    }

    @Test
    void aPassingVerdictRecordsWhatItMeasuredAgainstItsBudgetAndWhatItSaw() {
        Journal journal = podDeleteAt20s().journal();

        assertThat(journal).hasNoFailedRequestsAround(FaultKind.POD_DELETE, MARGIN);

        assertThat(journal.verdicts()).singleElement().satisfies(v -> {
            assertThat(v.name()).isEqualTo("no failed requests within 5 s of POD_DELETE");
            assertThat(v.outcome()).isEqualTo(Verdict.Outcome.PASS);
            assertThat(v.passed()).isTrue();
            assertThat(v.measured()).isEqualTo(0.0);
            assertThat(v.limit()).isEqualTo(Verdict.Limit.AT_MOST);
            assertThat(v.budget()).isEqualTo(0.0);
            assertThat(v.unit()).isEqualTo("requests");
            assertThat(v.evidence()).isEqualTo("0 of the 211 requests in flight within 5 s of POD_DELETE ns/pod/web-a"
                    + " (20.000 s – 31.000 s), i.e. 15.000 s – 36.000 s, failed");
            assertThat(v.expectedFailure()).isFalse();
        });
    }

    @Test
    void aFailingVerdictRecordsItsFailureMessageAsEvidenceBeforeThrowingIt() {
        Journal journal = podDeleteAt20s().failedRequest(20.3, FailureKind.REFUSED, null).failedRequest(20.4, FailureKind.RESET, null)
                .journal();

        var thrown = catchThrowableOfType(AssertionError.class,
                () -> assertThat(journal).hasAtMostFailedRequestsAround(1, FaultKind.POD_DELETE, MARGIN));

        assertThat(journal.verdicts()).singleElement().satisfies(v -> {
            assertThat(v.name()).isEqualTo("at most 1 failed requests within 5 s of POD_DELETE");
            assertThat(v.outcome()).isEqualTo(Verdict.Outcome.FAIL);
            assertThat(v.passed()).isFalse();
            assertThat(v.measured()).isEqualTo(2.0);
            assertThat(v.budget()).isEqualTo(1.0);
            assertThat(v.evidence()).isEqualTo(thrown.getMessage()).contains("but 2 of ");
        });
    }

    @Test
    void aVerdictWithoutEvidenceIsInconclusiveAndUnmeasured() {
        Journal journal = new HandBuiltJournal().steadyRequests(0, 60, 8).journal();

        assertThatThrownBy(() -> assertThat(journal).keptReadyReplicasDuring(FaultKind.ROLLOUT, "ns", "web", 2))
                .isInstanceOf(InconclusiveVerdictError.class);

        assertThat(journal.verdicts()).singleElement().satisfies(v -> {
            assertThat(v.outcome()).isEqualTo(Verdict.Outcome.INCONCLUSIVE);
            assertThat(v.passed()).isFalse();
            assertThat(v.measured()).isNull();
            assertThat(v.limit()).isEqualTo(Verdict.Limit.AT_LEAST);
            assertThat(v.evidence()).startsWith("INCONCLUSIVE: ns/web kept 2 ready replicas during ROLLOUT: the journal holds no"
                    + " observation of deployment ns/web");
        });
    }

    @Test
    void aNegativeControlIsRecordedAsExpectedToFail() {
        Journal journal = podDeleteAt20s().failedRequest(20.3, FailureKind.REFUSED, null).journal();

        assertThatThrownBy(() -> assertThat(journal).asNegativeControl().hasNoFailedRequestsAround(FaultKind.POD_DELETE, MARGIN))
                .hasMessageContaining("Expected no failed requests within 5 s of POD_DELETE ns/pod/web-a");
        assertThat(journal).hasNoFailedRequestsDuring(new TimeWindow(HandBuiltJournal.at(40), HandBuiltJournal.at(50)));

        assertThat(journal.verdicts()).extracting(Verdict::expectedFailure).containsExactly(true, false);
        assertThat(journal.verdicts().getFirst().passed()).isFalse();
        assertThat(journal.verdicts().getFirst().outcome()).isEqualTo(Verdict.Outcome.FAIL);
        assertThat(journal.verdicts().getFirst().asExpected()).as("caught: it failed on what it measured").isTrue();
    }

    @Test
    void eachVerdictMeasuresInItsOwnUnit() {
        var drain = new HandBuiltJournal().steadyRequests(0, 60, 10)
                .deployment(1, "user-service", 3, 3)
                .fault("f1", FaultKind.NODE_DRAIN, "node/agent-1", 10, 40.0, Map.of("outcome", "completed", "remaining", ""))
                .instant("f2", FaultKind.EVICTION_REFUSED, "ns/pod/user-service-7c9f8d6b5-bbbbb", 10.3, Map.of("code", "429"))
                .deployment(12, "user-service", 2, 3)
                .deployment(39, "user-service", 3, 3)
                .fault("f3", FaultKind.POD_KILL, "ns/pod/user-c", 45, 45.2, Map.of())
                .deployment(45.3, "user-service", 2, 3)
                .deployment(52.7, "user-service", 3, 3)
                .journal();

        assertThat(drain)
                .drainRespectedBudget("ns", "user-service", 2)
                .returnedToFullReadiness(FaultKind.POD_KILL, "ns", "user-service", Duration.ofSeconds(30))
                .hasLatencyP99OutsideFaultsBelow(Duration.ofMillis(50), Duration.ofSeconds(1));

        assertThat(drain.verdicts()).extracting(Verdict::measured, Verdict::unit, Verdict::budget).containsExactly(
                tuple(2.0, "replicas", 2.0),
                tuple(7.5, "s", 30.0),
                tuple(10.0, "ms", 50.0));
        assertThat(drain.verdicts().getFirst().evidence()).contains("1 evictions refused with 429")
                .contains("the fewest ready replicas of ns/user-service during the drain were 2 replicas");
    }

    @Test
    void aJournalReadFromItsFileIsJudgedButNotWrittenTo(@TempDir Path reports) {
        Path file;
        try (Journal journal = Journal.open(reports, "done")) {
            journal.record(new dev.unshaken.journal.RequestOutcome(1, 2, "get", "GET /", "GET", "/", 200, FailureKind.NONE, null));
            file = journal.file();
        }
        Journal read = Journal.read(file);

        assertThat(read).hasNoFailedRequests();

        assertThat(read.verdicts()).isEmpty();
    }
}
