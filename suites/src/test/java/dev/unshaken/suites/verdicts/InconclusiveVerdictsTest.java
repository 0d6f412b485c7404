package dev.unshaken.suites.verdicts;

import dev.unshaken.journal.FailureKind;
import dev.unshaken.journal.FaultKind;
import dev.unshaken.journal.Journal;
import dev.unshaken.journal.Verdict;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static dev.unshaken.suites.verdicts.Verdicts.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A verdict whose precondition the journal does not meet is INCONCLUSIVE: neither a pass nor a caught defect. */
class InconclusiveVerdictsTest {

    private static final Duration MARGIN = Duration.ofSeconds(5);

    /** Load from 0 to 5 s only; a pod delete at 30 s, long after the load ended. */
    private static Journal noRequestsDuringTheFault() {
        return new HandBuiltJournal().steadyRequests(0, 5, 8)
                .fault("f1", FaultKind.POD_DELETE, "ns/pod/web-a", 30, 31.0, Map.of())
                .journal();
    }

    @Test
    void noRequestInTheWindowIsInconclusiveNotFailed() {
        Journal journal = noRequestsDuringTheFault();
        var window = new TimeWindow(HandBuiltJournal.at(20), HandBuiltJournal.at(25));

        var thrown = catchThrowableOfType(InconclusiveVerdictError.class, () -> assertThat(journal).hasNoFailedRequestsDuring(window));

        assertThat(thrown).hasMessageStartingWith("INCONCLUSIVE: no failed requests during 20.000 s – 25.000 s: no request was in flight");
        assertThat(journal.verdicts()).singleElement().satisfies(v -> {
            assertThat(v.outcome()).isEqualTo(Verdict.Outcome.INCONCLUSIVE);
            assertThat(v.measured()).isNull();
            assertThat(v.evidence()).isEqualTo(thrown.getMessage());
            assertThat(v.asExpected()).isFalse();
        });
    }

    @Test
    void anInconclusiveNegativeControlIsNotCaught() {
        Journal journal = noRequestsDuringTheFault();

        var thrown = catchThrowableOfType(InconclusiveVerdictError.class,
                () -> assertThat(journal).asNegativeControl().hasNoFailedRequestsAround(FaultKind.POD_DELETE, MARGIN));

        assertThat(thrown.getMessage())
                .startsWith("INCONCLUSIVE: no failed requests within 5 s of POD_DELETE: the load did not run throughout")
                .contains("this negative control caught nothing")
                // what a negative control's test asserts on: the failure's own message, which this is not
                .doesNotContain("Expected no failed requests");
        assertThat(journal.verdicts()).singleElement().satisfies(v -> {
            assertThat(v.expectedFailure()).isTrue();
            assertThat(v.outcome()).isEqualTo(Verdict.Outcome.INCONCLUSIVE);
            assertThat(v.asExpected()).as("an unmeasured negative control caught nothing").isFalse();
        });
    }

    @Test
    void readinessNotObservedByTheFaultIsInconclusive() {
        var lateWatch = new HandBuiltJournal().steadyRequests(0, 60, 10)
                .fault("f1", FaultKind.ROLLOUT, "ns/deployment/web", 10, 20.0, Map.of())
                .deployment(25, "web", 2, 2)
                .journal();

        assertThatThrownBy(() -> assertThat(lateWatch).keptReadyReplicasDuring(FaultKind.ROLLOUT, "ns", "web", 2))
                .isInstanceOf(InconclusiveVerdictError.class)
                .hasMessageStartingWith("INCONCLUSIVE: ns/web kept 2 ready replicas during ROLLOUT: ns/web was not observed by the"
                        + " start of ROLLOUT ns/deployment/web (10.000 s – 20.000 s)");
    }

    @Test
    void recoveryFromAFaultThatNeverEndedIsInconclusive() {
        var neverEnded = new HandBuiltJournal().steadyRequests(0, 60, 10)
                .deployment(1, "web", 3, 3)
                .fault("f1", FaultKind.NODE_STOP, "node/agent-1", 20, null, Map.of())
                .journal();

        assertThatThrownBy(() -> assertThat(neverEnded).returnedToFullReadiness(FaultKind.NODE_STOP, "ns", "web", Duration.ofSeconds(60)))
                .isInstanceOf(InconclusiveVerdictError.class)
                .hasMessageContaining("NODE_STOP node/agent-1 (20.000 s – never ended) never ended");
    }

    @Test
    void anAutoscalerNeverObservedIsInconclusive() {
        var noHpa = new HandBuiltJournal().steadyRequests(0, 60, 10).deployment(1, "user-service", 3, 3).journal();

        assertThatThrownBy(() -> assertThat(noHpa).scaledOut("ns", "user-service", "user-service", 5, Duration.ofSeconds(90)))
                .isInstanceOf(InconclusiveVerdictError.class)
                .hasMessageStartingWith("INCONCLUSIVE: ns/user-service scaled out to 5 Ready pods: HPA ns/user-service was never observed");
    }

    @Test
    void aDrainThatEvictedNothingOfTheWorkloadEarnsNoPass() {
        // The drained node ran none of the run's pods: no request was ever at risk, and no replica of user-service.
        var emptyNode = new HandBuiltJournal().steadyRequests(0, 60, 10)
                .watchersConnected(0.5)
                .deployment(1, "user-service", 3, 3)
                .fault("f1", FaultKind.NODE_DRAIN, "node/agent-1", 10, 12.0, Map.of("outcome", "completed", "evicted", "0"))
                .journal();
        assertThatThrownBy(() -> assertThat(emptyNode).hasNoFailedRequestsAround(FaultKind.NODE_DRAIN, MARGIN))
                .isInstanceOf(InconclusiveVerdictError.class)
                .hasMessageContaining("evicted no pod of the run's namespaces: nothing under load was disrupted");
        assertThatThrownBy(() -> assertThat(emptyNode).keptReadyReplicasDuring(FaultKind.NODE_DRAIN, "ns", "user-service", 2))
                .isInstanceOf(InconclusiveVerdictError.class)
                .hasMessageContaining("evicted no pod of ns/user-service, so its ready replicas were never at stake");

        // Evicting another workload's pod exposes the requests, yet still leaves user-service's replicas untested.
        var otherPod = new HandBuiltJournal().steadyRequests(0, 60, 10)
                .watchersConnected(0.5)
                .deployment(1, "user-service", 3, 3)
                .fault("f1", FaultKind.NODE_DRAIN, "node/agent-1", 10, 12.0, Map.of("outcome", "completed", "evicted", "1"))
                .instant("f2", FaultKind.EVICTION, "ns/pod/user-service-db-0", 10.5, Map.of())
                .journal();
        assertThat(otherPod).hasNoFailedRequestsAround(FaultKind.NODE_DRAIN, MARGIN);
        assertThatThrownBy(() -> assertThat(otherPod).keptReadyReplicasDuring(FaultKind.NODE_DRAIN, "ns", "user-service", 2))
                .isInstanceOf(InconclusiveVerdictError.class);

        var ownPod = new HandBuiltJournal().steadyRequests(0, 60, 10)
                .watchersConnected(0.5)
                .deployment(1, "user-service", 3, 3)
                .fault("f1", FaultKind.NODE_DRAIN, "node/agent-1", 10, 12.0, Map.of("outcome", "completed", "evicted", "1"))
                .instant("f2", FaultKind.EVICTION, "ns/pod/user-service-7c9f8d6b5-x2kqp", 10.5, Map.of())
                .deployment(10.6, "user-service", 2, 3)
                .journal();
        assertThat(ownPod).keptReadyReplicasDuring(FaultKind.NODE_DRAIN, "ns", "user-service", 2);
    }

    @Test
    void aRecoveryFromAReadinessNeverLostIsInconclusive() {
        // The node was back before the control plane marked it NotReady: all 3 pods stayed Ready throughout.
        var unnoticed = new HandBuiltJournal().steadyRequests(0, 150, 10)
                .watchersConnected(0.5)
                .deployment(1, "web", 3, 3)
                .fault("f1", FaultKind.NODE_STOP, "node/agent-1", 15, 45.0, Map.of("outcome", "restarted"))
                .journal();

        assertThatThrownBy(() -> assertThat(unnoticed).returnedToFullReadiness(FaultKind.NODE_STOP, "ns", "web", Duration.ofSeconds(60)))
                .isInstanceOf(InconclusiveVerdictError.class)
                .hasMessageContaining("never took a replica of ns/web out of readiness (all 3 stayed ready until 105.000 s)");
    }

    @Test
    void aBudgetIsNotJudgedOnADrainThatTouchedNoneOfItsPods() {
        // The only refusal was of another workload's pod: user-service's budget never had to act.
        var otherWorkload = new HandBuiltJournal().steadyRequests(0, 60, 10)
                .watchersConnected(0.5)
                .deployment(1, "user-service", 3, 3)
                .fault("f1", FaultKind.NODE_DRAIN, "node/agent-1", 10, 40.0, Map.of("outcome", "completed", "remaining", ""))
                .instant("f2", FaultKind.EVICTION_REFUSED, "ns/pod/order-service-5d8b9c7f4-ccccc", 10.3, Map.of("code", "429"))
                .instant("f3", FaultKind.EVICTION, "ns/pod/order-service-5d8b9c7f4-ccccc", 20, Map.of())
                .journal();

        assertThatThrownBy(() -> assertThat(otherWorkload).drainRespectedBudget("ns", "user-service", 2))
                .isInstanceOf(InconclusiveVerdictError.class)
                .hasMessageContaining("evicted no pod of ns/user-service and asked to evict none, so its budget was never put to the test");
    }

    @Test
    void aDrainIsInconclusiveOnlyWhenNothingElseWentWrong() {
        var unobserved = new HandBuiltJournal().steadyRequests(0, 60, 10)
                .fault("f1", FaultKind.NODE_DRAIN, "node/agent-1", 10, 40.0, Map.of("outcome", "completed", "remaining", ""))
                .instant("f2", FaultKind.EVICTION_REFUSED, "ns/pod/user-service-7c9f8d6b5-bbbbb", 10.3, Map.of("code", "429"))
                .deployment(45, "user-service", 3, 3)
                .journal();
        assertThatThrownBy(() -> assertThat(unobserved).drainRespectedBudget("ns", "user-service", 2))
                .isInstanceOf(InconclusiveVerdictError.class)
                .hasMessageContaining("ns/user-service was not observed by the start of NODE_DRAIN node/agent-1");

        var unrefused = new HandBuiltJournal().steadyRequests(0, 60, 10)
                .fault("f1", FaultKind.NODE_DRAIN, "node/agent-1", 10, 40.0, Map.of("outcome", "completed", "remaining", ""))
                .instant("f2", FaultKind.EVICTION, "ns/pod/user-service-7c9f8d6b5-aaaaa", 10.3, Map.of())
                .deployment(45, "user-service", 3, 3)
                .journal();
        assertThatThrownBy(() -> assertThat(unrefused).asNegativeControl().drainRespectedBudget("ns", "user-service", 2))
                .isNotInstanceOf(InconclusiveVerdictError.class)
                .hasMessageContaining("no eviction was refused with 429 during the drain")
                .hasMessageContaining("ns/user-service was not observed by the start of NODE_DRAIN node/agent-1");
        assertThat(unrefused.verdicts().getLast().outcome()).isEqualTo(Verdict.Outcome.FAIL);
    }

    @Test
    void aPassingVerdictIsNotAffected() {
        var journal = new HandBuiltJournal().steadyRequests(0, 60, 8).failedRequest(50, FailureKind.TIMEOUT, null)
                .fault("f1", FaultKind.POD_DELETE, "ns/pod/web-a", 20, 31.0, Map.of()).journal();

        assertThat(journal).hasNoFailedRequestsAround(FaultKind.POD_DELETE, MARGIN);

        assertThat(journal.verdicts()).singleElement().extracting(Verdict::outcome).isEqualTo(Verdict.Outcome.PASS);
    }
}
