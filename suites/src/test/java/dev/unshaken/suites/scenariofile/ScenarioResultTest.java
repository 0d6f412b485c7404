package dev.unshaken.suites.scenariofile;

import dev.unshaken.journal.FailureKind;
import dev.unshaken.journal.FaultEvent;
import dev.unshaken.journal.FaultKind;
import dev.unshaken.journal.Journal;
import dev.unshaken.journal.RequestOutcome;
import dev.unshaken.journal.Verdict;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** Verdicts of a file judged on a journal: {@code expect: fail} is met when the verdict catches the incident. */
class ScenarioResultTest {

    private static final long T0 = 1_767_225_600_000L;

    /** Requests every 100 ms for 60 s; a pod is killed at 20 s and gone at 21 s; two requests fail meanwhile. */
    private static Journal killWithTwoFailures() {
        Journal journal = Journal.inMemory("kill");
        for (long t = T0; t < T0 + 60_000; t += 100) {
            boolean failed = t == T0 + 20_300 || t == T0 + 20_400;
            journal.record(new RequestOutcome(t, t + 5, "get", "GET /", "GET", "/", failed ? null : 200,
                    failed ? FailureKind.REFUSED : FailureKind.NONE, failed ? "Connection refused" : null));
        }
        var kill = FaultEvent.started("f1", FaultKind.POD_KILL, "shop/pod/order-service-1", T0 + 20_000, Map.of());
        journal.record(kill);
        journal.record(kill.endedAt(T0 + 21_000, Map.of()));
        return journal;
    }

    private static ScenarioFile scenario(String verdicts) {
        return ScenarioFileReader.read(Path.of("judged.yaml"), """
                load:
                  journey: get
                  rates: [{constant: 10, for: 60s}]
                faults:
                  - at: 20s
                    kill: app=order-service
                verdicts:
                """ + verdicts);
    }

    @Test
    void aVerdictExpectedToFailIsMetWhenItCatchesTheIncident() {
        var result = ScenarioResult.judge(scenario("""
                  - noFailedRequests: {around: kill}
                    expect: fail
                  - failedRequestsAtMost: {count: 2, around: kill}
                """), killWithTwoFailures());

        assertThat(result.met()).isTrue();
        assertThat(result.summary())
                .contains("met      judged.yaml:8 noFailedRequests around pod-kill ± 5 s: failed as expected: Expected no failed"
                        + " requests within 5 s of POD_KILL shop/pod/order-service-1")
                .contains("met      judged.yaml:10 failedRequestsAtMost 2 around pod-kill ± 5 s: held");
        result.assertMet();
        // The report reads the journal: the caught incident is an expected failure (XFAIL), the other verdict a PASS.
        var journal = killWithTwoFailures();
        ScenarioResult.judge(scenario("""
                  - noFailedRequests: {around: kill}
                    expect: fail
                  - failedRequestsAtMost: {count: 2, around: kill}
                """), journal);
        assertThat(journal.verdicts()).extracting(Verdict::outcome, Verdict::expectedFailure).containsExactly(
                tuple(Verdict.Outcome.FAIL, true), tuple(Verdict.Outcome.PASS, false));
    }

    @Test
    void aVerdictExpectedToFailIsNotMetWhenItCouldNotBeJudged() {
        Journal loadEndedBeforeTheKill = Journal.inMemory("kill");
        for (long t = T0; t < T0 + 10_000; t += 100) {
            loadEndedBeforeTheKill.record(new RequestOutcome(t, t + 5, "get", "GET /", "GET", "/", 200, FailureKind.NONE, null));
        }
        loadEndedBeforeTheKill.record(FaultEvent.started("f1", FaultKind.POD_KILL, "shop/pod/order-service-1", T0 + 20_000, Map.of())
                .endedAt(T0 + 21_000, Map.of()));

        var result = ScenarioResult.judge(scenario("""
                  - noFailedRequests: {around: kill}
                    expect: fail
                """), loadEndedBeforeTheKill);

        assertThat(result.met()).isFalse();
        assertThat(result.outcomes().getFirst().inconclusive()).isTrue();
        assertThat(result.summary()).contains("NOT MET  judged.yaml:8 noFailedRequests around pod-kill ± 5 s: expected to fail (catch"
                + " the incident), but it could not be judged, so it caught nothing: INCONCLUSIVE: no failed requests within 5 s of"
                + " POD_KILL: the load did not run throughout POD_KILL shop/pod/order-service-1");
        assertThatThrownBy(result::assertMet).hasMessageStartingWith("1 of 1 verdicts of judged.yaml not met");
    }

    @Test
    void aVerdictThatFailsOrAnIncidentThatIsNotCaughtIsNotMetAndSaysWhy() {
        var result = ScenarioResult.judge(scenario("""
                  - noFailedRequests: {around: kill}
                  - failedRequestsAtMost: {count: 2, around: kill}
                    expect: fail
                """), killWithTwoFailures());

        assertThat(result.met()).isFalse();
        assertThatThrownBy(result::assertMet)
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("2 of 2 verdicts of judged.yaml not met\nscenario judged (judged.yaml):\n")
                .hasMessageContaining("NOT MET  judged.yaml:8 noFailedRequests around pod-kill ± 5 s: Expected no failed requests")
                .hasMessageContaining("but 2 of ")
                .hasMessageContaining("NOT MET  judged.yaml:9 failedRequestsAtMost 2 around pod-kill ± 5 s: expected to fail"
                        + " (catch the incident), but it held");
    }
}
