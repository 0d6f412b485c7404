package dev.unshaken.suites.verdicts;

import dev.unshaken.journal.FaultKind;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static dev.unshaken.suites.verdicts.Verdicts.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterVerdictsTest {

    /** user-service has 3 replicas; a drain of agent-1 runs from 10 s to 40 s. */
    private static HandBuiltJournal drain(String outcome) {
        return new HandBuiltJournal().steadyRequests(0, 60, 10)
                .deployment(1, "user-service", 3, 3)
                .fault("f1", FaultKind.NODE_DRAIN, "node/agent-1", 10, 40.0, Map.of("outcome", outcome, "remaining", ""));
    }

    @Test
    void aDrainHeldBackByTheBudgetPasses() {
        var journal = drain("completed")
                .instant("f2", FaultKind.EVICTION, "ns/pod/user-service-7c9f8d6b5-aaaaa", 10.1, Map.of())
                .deployment(10.2, "user-service", 2, 3)
                .instant("f3", FaultKind.EVICTION_REFUSED, "ns/pod/user-service-7c9f8d6b5-bbbbb", 10.3, Map.of("code", "429"))
                .deployment(25, "user-service", 3, 3)
                .instant("f4", FaultKind.EVICTION, "ns/pod/user-service-7c9f8d6b5-bbbbb", 26, Map.of())
                .deployment(26.1, "user-service", 2, 3)
                .deployment(39, "user-service", 3, 3)
                .journal();

        assertThat(journal).drainRespectedBudget("ns", "user-service", 2);
    }

    @Test
    void aDrainWithoutBudgetIsRejectedWithEveryReason() {
        var journal = drain("completed")
                .instant("f2", FaultKind.EVICTION, "ns/pod/user-service-7c9f8d6b5-aaaaa", 10.1, Map.of())
                .instant("f3", FaultKind.EVICTION, "ns/pod/user-service-7c9f8d6b5-bbbbb", 10.2, Map.of())
                .deployment(10.3, "user-service", 1, 3)
                .journal();

        assertThatThrownBy(() -> assertThat(journal).drainRespectedBudget("ns", "user-service", 2))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("no eviction was refused with 429 during the drain")
                .hasMessageContaining("ready replicas of ns/user-service fell to 1 (< 2) at 10.300 s, during NODE_DRAIN node/agent-1 (10.000 s – 40.000 s)")
                .hasMessageContaining("refusals: 0, evictions: 2");
    }

    @Test
    void aDrainThatTimedOutIsRejected() {
        var journal = drain("timed-out")
                .instant("f2", FaultKind.EVICTION_REFUSED, "ns/pod/user-service-7c9f8d6b5-bbbbb", 10.3, Map.of("code", "429"))
                .journal();

        assertThatThrownBy(() -> assertThat(journal).drainRespectedBudget("ns", "user-service", 2))
                .hasMessageContaining("did not complete (outcome timed-out");
    }

    @Test
    void readyReplicasDuringARolloutMustStayAtTheDesiredCount() {
        var surge = new HandBuiltJournal().steadyRequests(0, 60, 10)
                .deployment(1, "order-service", 2, 2)
                .fault("f1", FaultKind.ROLLOUT, "ns/deployment/order-service", 10, 30.0, Map.of())
                .deployment(11, "order-service", 2, 2)
                .deployment(20, "order-service", 2, 2);
        assertThat(surge.journal()).keptReadyReplicasDuring(FaultKind.ROLLOUT, "ns", "order-service", 2);

        var allAtOnce = new HandBuiltJournal().steadyRequests(0, 60, 10)
                .deployment(1, "order-service", 2, 2)
                .fault("f1", FaultKind.ROLLOUT, "ns/deployment/order-service", 10, 30.0, Map.of())
                .deployment(10.5, "order-service", 0, 2)
                .deployment(25, "order-service", 2, 2);
        assertThatThrownBy(() -> assertThat(allAtOnce.journal()).keptReadyReplicasDuring(FaultKind.ROLLOUT, "ns", "order-service", 2))
                .hasMessageContaining("Expected ns/order-service to keep at least 2 ready replicas during ROLLOUT")
                .hasMessageContaining("but only 0 of 2 were ready from 10.500 s");
    }

    @Test
    void recoveryNeedsBoundedErrorsAndFullReadinessInTime() {
        var quick = new HandBuiltJournal().steadyRequests(0, 60, 10)
                .deployment(1, "web", 3, 3)
                .fault("f1", FaultKind.POD_KILL, "ns/pod/web-a", 20, 20.2, Map.of())
                .deployment(20.3, "web", 2, 3)
                .failedRequest(20.1, dev.unshaken.journal.FailureKind.RESET, null)
                .deployment(32, "web", 3, 3);
        assertThat(quick.journal()).recoveredFrom(FaultKind.POD_KILL, "ns", "web", 3, Duration.ofSeconds(30));

        assertThatThrownBy(() -> assertThat(quick.journal()).recoveredFrom(FaultKind.POD_KILL, "ns", "web", 3, Duration.ofSeconds(5)))
                .hasMessageContaining("Expected all replicas of ns/web ready within 5 s after POD_KILL ns/pod/web-a (20.000 s – 20.200 s) ended")
                .hasMessageContaining("by 25.200 s, but then only 2 of 3 were ready (since 20.300 s); all were ready at 32.000 s (11.8 s after the fault)");

        var never = new HandBuiltJournal().steadyRequests(0, 60, 10)
                .deployment(1, "web", 3, 3)
                .fault("f1", FaultKind.NODE_STOP, "node/agent-1", 20, 40.0, Map.of())
                .deployment(30, "web", 1, 3);
        assertThatThrownBy(() -> assertThat(never.journal()).returnedToFullReadiness(FaultKind.NODE_STOP, "ns", "web", Duration.ofSeconds(60)))
                .hasMessageContaining("but then only 1 of 3 were ready (since 30.000 s); they never all were again");
    }

    @Test
    void scaleOutIsJudgedByItsPhases() {
        var scaled = new HandBuiltJournal().steadyRequests(0, 120, 10)
                .deployment(0.5, "user-service", 3, 3)
                .hpa(0.5, "user-service", "cpu=<unknown>/70%", 3, 3)
                .hpa(15, "user-service", "cpu=40%/70%", 3, 3)
                .hpa(45, "user-service", "cpu=160%/70%", 3, 5)
                .pod(0.6, "user-service-a", "agent-1", true, false)
                .pod(0.6, "user-service-b", "agent-2", true, false)
                .pod(0.6, "user-service-c", "agent-1", true, false)
                .pod(46, "user-service-d", "agent-2", false, false)
                .pod(46.4, "user-service-e", "agent-1", false, false)
                .deployment(60, "user-service", 5, 5);
        var journal = scaled.journal();
        assertThat(journal).scaledOut("ns", "user-service", "user-service", 5, Duration.ofSeconds(90));

        assertThatThrownBy(() -> assertThat(journal).scaledOut("ns", "user-service", "user-service", 5, Duration.ofSeconds(50)))
                .hasMessageContaining("scaled out to 5 Ready pods by 50.000 s")
                .hasMessageContaining("metrics visible: 15.000 s")
                .hasMessageContaining("desired replicas raised to 5: 45.000 s")
                .hasMessageContaining("5 pods scheduled: 46.400 s")
                .hasMessageContaining("5 pods Ready: 60.000 s");

        var cannotScale = new HandBuiltJournal().steadyRequests(0, 120, 10)
                .deployment(0.5, "user-service", 3, 3)
                .hpa(0.5, "user-service", "cpu=<unknown>/70%", 3, 3)
                .journal();
        assertThatThrownBy(() -> assertThat(cannotScale).scaledOut("ns", "user-service", "user-service", 5, Duration.ofSeconds(90)))
                .hasMessageContaining("metrics visible: never")
                .hasMessageContaining("desired replicas raised to 5: never")
                .hasMessageContaining("5 pods Ready: never")
                .hasMessageContaining("last HPA state at 0.500 s");
    }

    @Test
    void everyFaultFinishedPassesFinishedFaultsAndFailsAStalledOneByItsCount() {
        var finished = new HandBuiltJournal().fault("r1", FaultKind.ROLLOUT, "ns/deployment/web", 10, 40.0, Map.of("outcome", "complete"));
        assertThat(finished.journal()).everyFaultFinished(FaultKind.ROLLOUT);

        var stalled = new HandBuiltJournal().fault("r1", FaultKind.ROLLOUT, "ns/deployment/web", 10, 40.0,
                Map.of("outcome", "stalled", "error", "Progressing=False ProgressDeadlineExceeded"));
        assertThatThrownBy(() -> assertThat(stalled.journal()).asNegativeControl().everyFaultFinished(FaultKind.ROLLOUT))
                .isNotInstanceOf(InconclusiveVerdictError.class)
                .hasMessageContaining("but 1 of 1 did not: ROLLOUT ns/deployment/web")
                .hasMessageContaining("stalled: Progressing=False ProgressDeadlineExceeded");
        org.assertj.core.api.Assertions.assertThat(stalled.journal().verdicts().getLast().measured()).isEqualTo(1.0);

        var running = new HandBuiltJournal().fault("r1", FaultKind.ROLLOUT, "ns/deployment/web", 10, null, Map.of());
        assertThatThrownBy(() -> assertThat(running.journal()).everyFaultFinished(FaultKind.ROLLOUT))
                .hasMessageContaining("never ended");

        assertThatThrownBy(() -> assertThat(new HandBuiltJournal().journal()).everyFaultFinished(FaultKind.ROLLOUT))
                .isInstanceOf(InconclusiveVerdictError.class);
    }
}
