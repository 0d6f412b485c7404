package dev.unshaken.suites.verdicts;

import dev.unshaken.journal.FailureKind;
import dev.unshaken.journal.FaultKind;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static dev.unshaken.suites.verdicts.Verdicts.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FailedRequestVerdictsTest {

    private static final Duration MARGIN = Duration.ofSeconds(5);

    /** Pod web-a of node agent-1 is deleted at 20 s and Terminating until 31 s. */
    private static HandBuiltJournal podDeleteAt20s() {
        return new HandBuiltJournal()
                .steadyRequests(0, 60, 8)
                .pod(0.5, "web-a", "agent-1", true, false)
                .fault("f1", FaultKind.POD_DELETE, "ns/pod/web-a", 20, 31.0, Map.of())
                .pod(20.01, "web-a", "agent-1", true, true)
                .pod(20.5, "web-a", "agent-1", false, true)
                .podGone(31, "web-a");
    }

    @Test
    void passesWhenNothingFailedAroundTheFault() {
        assertThat(podDeleteAt20s().journal())
                .hasNoFailedRequestsAround(FaultKind.POD_DELETE, MARGIN)
                .hasNoFailedRequests();
    }

    @Test
    void failsNamingHowManyWhenWhichRouteAndTheTerminatingPod() {
        var journal = podDeleteAt20s()
                .failedRequest(20.3, FailureKind.REFUSED, null)
                .failedRequest(20.4, FailureKind.REFUSED, null)
                .failedRequest(20.9, FailureKind.HTTP_5XX, 503)
                .journal();

        assertThatThrownBy(() -> assertThat(journal).hasNoFailedRequestsAround(FaultKind.POD_DELETE, MARGIN))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expected no failed requests within 5 s of POD_DELETE ns/pod/web-a (20.000 s – 31.000 s)")
                .hasMessageContaining("but 3 of ")
                .hasMessageContaining("3 failed between 20.300 s – 20.903 s: 3 × GET /, 1 × HTTP_5XX 503, 2 × REFUSED")
                .hasMessageContaining("while Terminating: ns/web-a on agent-1 (20.010 s – 31.000 s)")
                .hasMessageContaining("first: 20.300 s GET / REFUSED: Connection refused");
    }

    @Test
    void failuresFarFromTheFaultAreNotItsBusinessButTheWholeRunVerdictSeesThem() {
        var journal = podDeleteAt20s().failedRequest(50, FailureKind.TIMEOUT, null).journal();

        assertThat(journal).hasNoFailedRequestsAround(FaultKind.POD_DELETE, MARGIN);
        assertThatThrownBy(() -> assertThat(journal).hasNoFailedRequests())
                .hasMessageContaining("1 failed between 50.000 s – 50.003 s: 1 × GET /, 1 × TIMEOUT")
                .hasMessageContaining("no pod was Terminating then");
    }

    @Test
    void aBoundedNumberOfFailuresIsAllowedWhenAskedFor() {
        var journal = podDeleteAt20s().failedRequest(20.3, FailureKind.RESET, null).failedRequest(21, FailureKind.RESET, null).journal();

        assertThat(journal).hasAtMostFailedRequestsAround(2, FaultKind.POD_DELETE, MARGIN);
        assertThatThrownBy(() -> assertThat(journal).hasAtMostFailedRequestsAround(1, FaultKind.POD_DELETE, MARGIN))
                .hasMessageContaining("Expected at most 1 failed requests").hasMessageContaining("but 2 of");
    }

    @Test
    void cannotPassWithoutEvidenceButIsInconclusive() {
        var noLoadDuringTheFault = new HandBuiltJournal().steadyRequests(0, 5, 8)
                .fault("f1", FaultKind.POD_DELETE, "ns/pod/web-a", 30, 31.0, Map.of()).journal();
        assertThatThrownBy(() -> assertThat(noLoadDuringTheFault).hasNoFailedRequestsAround(FaultKind.POD_DELETE, MARGIN))
                .isInstanceOf(InconclusiveVerdictError.class)
                .hasMessageStartingWith("INCONCLUSIVE: no failed requests within 5 s of POD_DELETE: the load did not run throughout"
                        + " POD_DELETE ns/pod/web-a (30.000 s – 31.000 s): requests ran 0.000 s – 4.908 s");

        var loadEndsMidFault = new HandBuiltJournal().steadyRequests(0, 30.5, 8)
                .fault("f1", FaultKind.POD_DELETE, "ns/pod/web-a", 30, 40.0, Map.of()).journal();
        assertThatThrownBy(() -> assertThat(loadEndsMidFault).hasNoFailedRequestsAround(FaultKind.POD_DELETE, MARGIN))
                .isInstanceOf(InconclusiveVerdictError.class)
                .hasMessageContaining("the load did not run throughout");

        var gapInTheWindow = new HandBuiltJournal().steadyRequests(0, 5, 8)
                .fault("f1", FaultKind.POD_DELETE, "ns/pod/web-a", 30, 31.0, Map.of()).journal();
        assertThatThrownBy(() -> assertThat(gapInTheWindow).hasNoFailedRequestsDuring(new TimeWindow(HandBuiltJournal.at(20), HandBuiltJournal.at(25))))
                .isInstanceOf(InconclusiveVerdictError.class)
                .hasMessageStartingWith("INCONCLUSIVE: no failed requests during 20.000 s – 25.000 s: no request was in flight"
                        + " during 20.000 s – 25.000 s (20.000 s – 25.000 s): the load did not cover it");

        var noFault = new HandBuiltJournal().steadyRequests(0, 5, 8).journal();
        assertThatThrownBy(() -> assertThat(noFault).hasNoFailedRequestsAround(FaultKind.POD_DELETE, MARGIN))
                .isInstanceOf(InconclusiveVerdictError.class)
                .hasMessageContaining("the journal holds no POD_DELETE fault (faults recorded: [])");

        assertThatThrownBy(() -> assertThat(new HandBuiltJournal().journal()).hasNoFailedRequests())
                .isInstanceOf(InconclusiveVerdictError.class)
                .hasMessageStartingWith("INCONCLUSIVE: no failed requests during the whole run: the journal holds no request at all:"
                        + " the load did not run");
    }

    @Test
    void latencyOutsideFaultsIgnoresTheFaultWindowButCatchesSlownessElsewhere() {
        var fastExceptDuringFault = new HandBuiltJournal().steadyRequests(0, 60, 20)
                .fault("f1", FaultKind.POD_KILL, "ns/pod/web-a", 20, 21.0, Map.of());
        // slow requests only while the fault runs
        fastExceptDuringFault.journal().record(new dev.unshaken.journal.RequestOutcome(HandBuiltJournal.at(20.2), HandBuiltJournal.at(23),
                "get", "GET /", "GET", "/", 200, FailureKind.NONE, null));
        assertThat(fastExceptDuringFault.journal()).hasLatencyP99OutsideFaultsBelow(Duration.ofMillis(100), MARGIN);

        var slow = new HandBuiltJournal().steadyRequests(0, 60, 450).fault("f1", FaultKind.POD_KILL, "ns/pod/web-a", 20, 21.0, Map.of());
        assertThatThrownBy(() -> assertThat(slow.journal()).hasLatencyP99OutsideFaultsBelow(Duration.ofMillis(100), MARGIN))
                .hasMessageContaining("but it was 450 ms over")
                .hasMessageContaining("slowest: 450 ms GET / at");
    }

    /** {@code count} instant (3 ms) 502s, 10 ms apart, from {@code fromS}. */
    private static HandBuiltJournal instant502s(HandBuiltJournal journal, double fromS, int count) {
        for (int i = 0; i < count; i++) {
            journal.failedRequest(fromS + i * 0.01, FailureKind.HTTP_5XX, 502);
        }
        return journal;
    }

    @Test
    void latencyLeavesFailedRequestsOutSoInstant502sDoNotLookFast() {
        // 30 successful answers of 300 ms among 3000 instant 502s: over all requests the p99 was 3 ms, and this passed.
        var slowAmongFailures = instant502s(new HandBuiltJournal().steadyRequests(0, 3, 300), 3, 3000).journal();

        assertThatThrownBy(() -> assertThat(slowAmongFailures).hasLatencyP99OutsideFaultsBelow(Duration.ofMillis(100), MARGIN))
                .isNotInstanceOf(InconclusiveVerdictError.class)
                .hasMessageContaining("but it was 300 ms over 30 requests (0 of them failures that took 100 ms or longer); 3000 failures"
                        + " faster than that left out");
        assertThat(slowAmongFailures.verdicts().getLast().measured()).isEqualTo(300.0);

        var fast = instant502s(new HandBuiltJournal().steadyRequests(0, 3, 8), 3, 10).journal();
        assertThat(fast).hasLatencyP99OutsideFaultsBelow(Duration.ofMillis(100), MARGIN);
        assertThat(fast.verdicts().getLast().evidence())
                .isEqualTo("p99 was 8 ms over 30 requests (0 of them failures that took 100 ms or longer); 10 failures faster than that"
                        + " left out, outside the faults (± 5 s)");
    }

    @Test
    void latencyWithTooFewSuccessfulRequestsIsInconclusive() {
        // 10 successful answers among 2000 instant 502s: over all requests the p99 was 3 ms, and this passed.
        var mostlyFailures = instant502s(new HandBuiltJournal().steadyRequests(0, 1, 300), 1, 2000).journal();
        assertThatThrownBy(() -> assertThat(mostlyFailures).hasLatencyP99OutsideFaultsBelow(Duration.ofMillis(100), MARGIN))
                .isInstanceOf(InconclusiveVerdictError.class)
                .hasMessageStartingWith("INCONCLUSIVE: p99 latency outside faults (± 5 s) below 100 ms: only 10 requests (0 of them"
                        + " failures that took 100 ms or longer); 2000 failures faster than that left out outside the faults (± 5 s):"
                        + " too few to judge");

        var onlyFailures = instant502s(new HandBuiltJournal(), 0, 100).journal();
        assertThatThrownBy(() -> assertThat(onlyFailures).hasLatencyP99OutsideFaultsBelow(Duration.ofMillis(100), MARGIN))
                .isInstanceOf(InconclusiveVerdictError.class)
                .hasMessageContaining("only 0 requests (0 of them failures that took 100 ms or longer); 100 failures faster than that left out");
    }

    @Test
    void latencyCountsFailuresThatMadeTheUserWaitPastTheBudget() {
        // A throttled service: its requests time out after 10 s instead of answering slowly. Left out as failures,
        // nothing would be left to judge; they are what the user waited, so the p99 is 10 s, a FAIL by its own value.
        var journal = new HandBuiltJournal().steadyRequests(0, 0.3, 20);
        for (int i = 0; i < 40; i++) {
            journal.timedOutRequest(1 + i * 0.1, 10_000);
        }

        assertThatThrownBy(() -> assertThat(journal.journal()).asNegativeControl().hasLatencyP99OutsideFaultsBelow(Duration.ofMillis(500), MARGIN))
                .isNotInstanceOf(InconclusiveVerdictError.class)
                .hasMessageContaining("but it was 10000 ms over 43 requests (40 of them failures that took 500 ms or longer)")
                .hasMessageContaining("10000 ms GET / (failed)");
        assertThat(journal.journal().verdicts().getLast().measured()).isEqualTo(10_000.0);
        assertThat(journal.journal().verdicts().getLast().outcome()).isEqualTo(dev.unshaken.journal.Verdict.Outcome.FAIL);
    }
}
