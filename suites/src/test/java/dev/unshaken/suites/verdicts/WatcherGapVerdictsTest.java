package dev.unshaken.suites.verdicts;

import dev.unshaken.journal.FailureKind;
import dev.unshaken.journal.FaultKind;
import dev.unshaken.journal.Journal;
import dev.unshaken.journal.Observation;
import dev.unshaken.journal.Verdict;
import dev.unshaken.journal.WatchState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static dev.unshaken.journal.ObservationKind.DEPLOYMENT;
import static dev.unshaken.journal.ObservationKind.HPA;
import static dev.unshaken.journal.ObservationKind.POD;
import static dev.unshaken.suites.verdicts.Verdicts.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A PASS must be earned: verdicts on the cluster's state over a stretch its watchers did not watch are inconclusive. */
class WatcherGapVerdictsTest {

    /** web keeps its 2 replicas ready through a rollout from 10 s to 30 s; the watchers connected at 0.5 s. */
    private static HandBuiltJournal rollout() {
        return new HandBuiltJournal().steadyRequests(0, 60, 10)
                .watchersConnected(0.5)
                .deployment(1, "web", 2, 2)
                .fault("f1", FaultKind.ROLLOUT, "ns/deployment/web", 10, 30.0, Map.of())
                .deployment(20, "web", 2, 2);
    }

    private static void keptTwoReady(Journal journal) {
        assertThat(journal).keptReadyReplicasDuring(FaultKind.ROLLOUT, "ns", "web", 2);
    }

    @Test
    void readyReplicasPassWhenWatchedFailOnARealDipAndAreInconclusiveOverAWatcherGap() {
        var watched = rollout().journal();
        keptTwoReady(watched);
        assertThat(watched.verdicts().getLast().outcome()).isEqualTo(Verdict.Outcome.PASS);

        var dipped = rollout().deployment(15, "web", 1, 2).journal();
        assertThatThrownBy(() -> keptTwoReady(dipped))
                .isInstanceOf(AssertionError.class)
                .isNotInstanceOf(InconclusiveVerdictError.class)
                .hasMessageContaining("but only 1 of 2 were ready from 15.000 s");

        var gap = rollout()
                .watcher(14, DEPLOYMENT, WatchState.GAP, "WatcherException: too old resource version: 4711 (4800)")
                .watcher(17.5, DEPLOYMENT, WatchState.CONNECTED, null)
                .journal();
        assertThatThrownBy(() -> keptTwoReady(gap))
                .isInstanceOf(InconclusiveVerdictError.class)
                .hasMessageContaining("INCONCLUSIVE: ns/web kept 2 ready replicas during ROLLOUT: the DEPLOYMENT watcher of ns had a gap"
                        + " from 14.000 s to 17.500 s (WatcherException: too old resource version: 4711 (4800)), during ROLLOUT"
                        + " ns/deployment/web (10.000 s – 30.000 s): what changed then may never have been observed");
        assertThat(gap.verdicts().getLast()).satisfies(v -> {
            assertThat(v.outcome()).isEqualTo(Verdict.Outcome.INCONCLUSIVE);
            assertThat(v.measured()).isNull();
            assertThat(v.evidence()).contains("had a gap from 14.000 s to 17.500 s");
        });

        // A dip seen next to a gap proves nothing either: its time may be stale.
        var dippedAcrossAGap = rollout().deployment(15, "web", 1, 2)
                .watcher(14, DEPLOYMENT, WatchState.GAP, "relist").watcher(15, DEPLOYMENT, WatchState.CONNECTED, null).journal();
        assertThatThrownBy(() -> keptTwoReady(dippedAcrossAGap)).isInstanceOf(InconclusiveVerdictError.class);
    }

    @Test
    void aWatcherNotConnectedAtTheStartOfTheWindowOrStoppedBeforeItsEndLeavesItUnjudged() {
        var late = new HandBuiltJournal().steadyRequests(0, 60, 10)
                .deployment(1, "web", 2, 2)
                .fault("f1", FaultKind.ROLLOUT, "ns/deployment/web", 10, 30.0, Map.of())
                .watcher(12, DEPLOYMENT, WatchState.CONNECTED, null)
                .journal();
        assertThatThrownBy(() -> keptTwoReady(late)).isInstanceOf(InconclusiveVerdictError.class)
                .hasMessageContaining("the DEPLOYMENT watcher of ns had not connected (listed what exists) before 12.000 s");

        var stopped = rollout().watcher(25, DEPLOYMENT, WatchState.CLOSED, null).journal();
        assertThatThrownBy(() -> keptTwoReady(stopped)).isInstanceOf(InconclusiveVerdictError.class)
                .hasMessageContaining("the DEPLOYMENT watcher of ns stopped at 25.000 s,");

        var gaveUp = rollout().watcher(25, DEPLOYMENT, WatchState.GAP, "HTTP 503")
                .watcher(26, DEPLOYMENT, WatchState.CLOSED, "KubernetesClientException: Forbidden").journal();
        assertThatThrownBy(() -> keptTwoReady(gaveUp)).isInstanceOf(InconclusiveVerdictError.class)
                .hasMessageContaining("the DEPLOYMENT watcher of ns stopped at 25.000 s (KubernetesClientException: Forbidden)");

        var neverWatched = new HandBuiltJournal().steadyRequests(0, 60, 10)
                .watcher(0.5, POD, WatchState.CONNECTED, null)
                .deployment(1, "web", 2, 2)
                .fault("f1", FaultKind.ROLLOUT, "ns/deployment/web", 10, 30.0, Map.of())
                .journal();
        assertThatThrownBy(() -> keptTwoReady(neverWatched)).isInstanceOf(InconclusiveVerdictError.class)
                .hasMessageContaining("the DEPLOYMENT watcher of ns never connected");
    }

    @Test
    void onlyTheWatcherOfTheKindAndNamespaceJudgedDuringTheWindowMatters() {
        var elsewhere = rollout()
                .watcher(15, POD, WatchState.GAP, "EOF")           // another kind, never back
                .watcher(40, DEPLOYMENT, WatchState.GAP, "EOF")    // after the rollout
                .watcher(42, DEPLOYMENT, WatchState.CONNECTED, null)
                .journal();
        elsewhere.record(Observation.watch(HandBuiltJournal.at(12), DEPLOYMENT, "other", WatchState.GAP, "EOF"));
        keptTwoReady(elsewhere);

        var before = new HandBuiltJournal().steadyRequests(0, 60, 10) // a journal written before watchers journaled their health
                .deployment(1, "web", 2, 2)
                .fault("f1", FaultKind.ROLLOUT, "ns/deployment/web", 10, 30.0, Map.of())
                .journal();
        keptTwoReady(before);
    }

    @Test
    void aDrainOverAGapIsInconclusiveUnlessItFailedOnWhatTheFaultsRecorded() {
        var completed = drainWithAGap("completed").journal();
        assertThatThrownBy(() -> assertThat(completed).drainRespectedBudget("ns", "user-service", 2))
                .isInstanceOf(InconclusiveVerdictError.class)
                .hasMessageContaining("the DEPLOYMENT watcher of ns had a gap from 20.000 s to 21.000 s (HTTP 503), during NODE_DRAIN");

        var timedOut = drainWithAGap("timed-out").journal();
        assertThatThrownBy(() -> assertThat(timedOut).drainRespectedBudget("ns", "user-service", 2))
                .isNotInstanceOf(InconclusiveVerdictError.class)
                .hasMessageContaining("did not complete (outcome timed-out")
                .hasMessageContaining("had a gap from 20.000 s to 21.000 s");
    }

    private static HandBuiltJournal drainWithAGap(String outcome) {
        return new HandBuiltJournal().steadyRequests(0, 60, 10)
                .watchersConnected(0.5)
                .deployment(1, "user-service", 3, 3)
                .fault("f1", FaultKind.NODE_DRAIN, "node/agent-1", 10, 40.0, Map.of("outcome", outcome, "remaining", ""))
                .instant("f2", FaultKind.EVICTION_REFUSED, "ns/pod/user-service-7c9f8d6b5-bbbbb", 10.3, Map.of("code", "429"))
                .watcher(20, DEPLOYMENT, WatchState.GAP, "HTTP 503")
                .watcher(21, DEPLOYMENT, WatchState.CONNECTED, null);
    }

    @Test
    void readinessAfterAFaultIsJudgedOnlyIfWatchedUntilItsDeadline() {
        var gapBeforeTheDeadline = recovery().watcher(25, DEPLOYMENT, WatchState.GAP, "EOF")
                .watcher(26, DEPLOYMENT, WatchState.CONNECTED, null).journal();
        assertThatThrownBy(() -> assertThat(gapBeforeTheDeadline).returnedToFullReadiness(FaultKind.POD_KILL, "ns", "web", Duration.ofSeconds(30)))
                .isInstanceOf(InconclusiveVerdictError.class)
                .hasMessageContaining("had a gap from 25.000 s to 26.000 s (EOF), from the start of POD_KILL ns/pod/web-a (20.000 s – 20.200 s) to 50.200 s");

        var gapAfterTheDeadline = recovery().watcher(55, DEPLOYMENT, WatchState.GAP, "EOF").journal();
        assertThat(gapAfterTheDeadline).returnedToFullReadiness(FaultKind.POD_KILL, "ns", "web", Duration.ofSeconds(30));
    }

    private static HandBuiltJournal recovery() {
        return new HandBuiltJournal().steadyRequests(0, 60, 10)
                .watchersConnected(0.5)
                .deployment(1, "web", 3, 3)
                .fault("f1", FaultKind.POD_KILL, "ns/pod/web-a", 20, 20.2, Map.of())
                .deployment(20.3, "web", 2, 3)
                .deployment(32, "web", 3, 3);
    }

    @Test
    void aScaleOutSeenInTimeStandsAcrossAGapButOneNotSeenIsUnjudged() {
        var scaled = new HandBuiltJournal().steadyRequests(0, 120, 10)
                .watchersConnected(0)
                .deployment(0.5, "user-service", 3, 3)
                .hpa(0.5, "user-service", "cpu=40%/70%", 3, 3)
                .hpa(45, "user-service", "cpu=160%/70%", 3, 5)
                .deployment(60, "user-service", 5, 5)
                .watcher(30, HPA, WatchState.GAP, "EOF")
                .watcher(35, HPA, WatchState.CONNECTED, null)
                .journal();
        assertThat(scaled).scaledOut("ns", "user-service", "user-service", 5, Duration.ofSeconds(90));

        var unseen = new HandBuiltJournal().steadyRequests(0, 120, 10)
                .watchersConnected(0)
                .deployment(0.5, "user-service", 3, 3)
                .hpa(0.5, "user-service", "cpu=<unknown>/70%", 3, 3)
                .watcher(30, DEPLOYMENT, WatchState.GAP, "EOF")
                .journal();
        assertThatThrownBy(() -> assertThat(unseen).scaledOut("ns", "user-service", "user-service", 5, Duration.ofSeconds(90)))
                .isInstanceOf(InconclusiveVerdictError.class)
                .hasMessageContaining("the DEPLOYMENT watcher of ns had a gap from 30.000 s that never ended (EOF), from the first request to 90.000 s");
    }

    @Test
    void failedRequestsSayWhenPodsTerminatingThenMayNotHaveBeenSeen() {
        var journal = new HandBuiltJournal().steadyRequests(0, 60, 10)
                .watchersConnected(0.5)
                .failedRequest(20.1, FailureKind.RESET, null)
                .watcher(19, POD, WatchState.GAP, "EOF")
                .watcher(22, POD, WatchState.CONNECTED, null)
                .journal();

        assertThatThrownBy(() -> assertThat(journal).hasNoFailedRequests())
                .isNotInstanceOf(InconclusiveVerdictError.class)
                .hasMessageContaining("no pod was Terminating then; but the POD watcher of ns had a gap from 19.000 s to 22.000 s (EOF):"
                        + " pods Terminating then may not have been seen");
    }
}
