package dev.unshaken.suites.verdicts;

import dev.unshaken.journal.FailureKind;
import dev.unshaken.journal.FaultKind;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static dev.unshaken.suites.verdicts.Verdicts.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DependencyFaultVerdictsTest {

    private static final Duration BUDGET = Duration.ofSeconds(6);

    /** order-service cut off from payment-service from 20 s to 40 s; the pods' packets to it were dropped. */
    private static HandBuiltJournal partition(String droppedPackets) {
        return new HandBuiltJournal()
                .steadyRequests(0, 70, 20)
                .fault("f1", FaultKind.NETWORK_PARTITION, "shop/app=order-service", 20, 40.0,
                        Map.of("destination", "service shop/payment-service"), Map.of("outcome", "ended", "droppedPackets", droppedPackets));
    }

    @Test
    void passesWhenCallersFailFastWithAStatus() {
        var journal = partition("42").answeredRequest(22, 3100, 502).answeredRequest(30, 3050, 502).journal();

        assertThat(journal).everyRequestAnsweredWithin(BUDGET, FaultKind.NETWORK_PARTITION, Duration.ZERO)
                .recoveredWithin(Duration.ofSeconds(10), FaultKind.NETWORK_PARTITION);
    }

    @Test
    void failsCountingRequestsThatHungOrCameBackTooLate() {
        var journal = partition("42").timedOutRequest(22, 10_000).timedOutRequest(25, 10_000).answeredRequest(30, 7200, 504).journal();

        assertThatThrownBy(() -> assertThat(journal).everyRequestAnsweredWithin(BUDGET, FaultKind.NETWORK_PARTITION, Duration.ZERO))
                .isInstanceOf(AssertionError.class)
                .isNotInstanceOf(InconclusiveVerdictError.class)
                .hasMessageContaining("to get an HTTP status within 6000 ms, but 3 of ")
                .hasMessageContaining("10000 ms GET / TIMEOUT (no status) at 22.000 s")
                .hasMessageContaining("7200 ms POST /orders → 504 at 30.000 s");
    }

    @Test
    void aRefusedRequestGotNoStatusSoItCountsHoweverFast() {
        var journal = partition("42").failedRequest(25, FailureKind.RESET, null).journal();

        assertThatThrownBy(() -> assertThat(journal).everyRequestAnsweredWithin(BUDGET, FaultKind.NETWORK_PARTITION, Duration.ZERO))
                .isNotInstanceOf(InconclusiveVerdictError.class)
                .hasMessageContaining("but 1 of ");
    }

    @Test
    void failuresAroundADnsFaultThatNoLookupMetAreInconclusiveAndAroundOneThatWasMetTheyFail() {
        var unmet = new HandBuiltJournal().steadyRequests(0, 70, 20)
                .fault("f1", FaultKind.DNS_FAULT, "shop/app=api-gateway", 20, 35.0, Map.of("names", "order-service-pods.shop.svc.cluster.local"),
                        Map.of("outcome", "ended", "faultedQueries", "0"))
                .answeredRequest(25, 20, 502).journal();
        assertThatThrownBy(() -> assertThat(unmet).hasNoFailedRequestsAround(FaultKind.DNS_FAULT, Duration.ofSeconds(5)))
                .isInstanceOf(InconclusiveVerdictError.class)
                .hasMessageContaining("the workload never met");

        var met = new HandBuiltJournal().steadyRequests(0, 70, 20)
                .fault("f1", FaultKind.DNS_FAULT, "shop/app=api-gateway", 20, 35.0, Map.of("names", "order-service-pods.shop.svc.cluster.local"),
                        Map.of("outcome", "ended", "faultedQueries", "14"))
                .answeredRequest(25, 20, 502).journal();
        assertThatThrownBy(() -> assertThat(met).hasNoFailedRequestsAround(FaultKind.DNS_FAULT, Duration.ofSeconds(5)))
                .isNotInstanceOf(InconclusiveVerdictError.class)
                .hasMessageContaining("but 1 of ");
    }

    @Test
    void aBandwidthLimitTheWorkloadNeverReachedIsNoEvidenceAndOneItReachedIsJudged() {
        var unmet = new HandBuiltJournal().steadyRequests(0, 70, 20)
                .fault("f1", FaultKind.BANDWIDTH_LIMIT, "shop/app=order-service", 20, 40.0, Map.of("rateKbit", "64"),
                        Map.of("outcome", "ended", "heldBackPackets", "0", "queueDroppedPackets", "0"))
                .timedOutRequest(25, 7_000).journal();
        assertThatThrownBy(() -> assertThat(unmet).everyRequestAnsweredWithin(BUDGET, FaultKind.BANDWIDTH_LIMIT, Duration.ZERO))
                .isInstanceOf(InconclusiveVerdictError.class);

        // Held back 310 times: the limit was met, and nothing overflowed its queue (queueDroppedPackets=0 proves nothing).
        var met = new HandBuiltJournal().steadyRequests(0, 70, 20)
                .fault("f1", FaultKind.BANDWIDTH_LIMIT, "shop/app=order-service", 20, 40.0, Map.of("rateKbit", "64"),
                        Map.of("outcome", "ended", "heldBackPackets", "310", "queueDroppedPackets", "0"))
                .timedOutRequest(25, 7_000).journal();
        assertThatThrownBy(() -> assertThat(met).everyRequestAnsweredWithin(BUDGET, FaultKind.BANDWIDTH_LIMIT, Duration.ZERO))
                .isNotInstanceOf(InconclusiveVerdictError.class)
                .hasMessageContaining("but 1 of ");
    }

    @Test
    void isInconclusiveWhenThePodsSentTheDependencyNothingWhileCutOff() {
        var journal = partition("0").journal();

        assertThatThrownBy(() -> assertThat(journal).everyRequestAnsweredWithin(BUDGET, FaultKind.NETWORK_PARTITION, Duration.ZERO))
                .isInstanceOf(InconclusiveVerdictError.class)
                .hasMessageContaining("never exercised the dependency");
    }

    @Test
    void isInconclusiveWhenTheLoadDidNotCoverThePartition() {
        var journal = new HandBuiltJournal().steadyRequests(0, 30, 20)
                .fault("f1", FaultKind.NETWORK_PARTITION, "shop/app=order-service", 20, 40.0, Map.of(), Map.of("droppedPackets", "9"))
                .journal();

        assertThatThrownBy(() -> assertThat(journal).everyRequestAnsweredWithin(BUDGET, FaultKind.NETWORK_PARTITION, Duration.ZERO))
                .isInstanceOf(InconclusiveVerdictError.class)
                .hasMessageContaining("the load did not run throughout");
    }

    @Test
    void recoveryFailsOnAFailureWellAfterThePartitionAndIsInconclusiveWithoutLoadAfterIt() {
        var failedLate = partition("42").failedRequest(55, FailureKind.HTTP_5XX, 502).journal();
        assertThatThrownBy(() -> assertThat(failedLate).recoveredWithin(Duration.ofSeconds(10), FaultKind.NETWORK_PARTITION))
                .isNotInstanceOf(InconclusiveVerdictError.class)
                .hasMessageContaining("but 1 of ");

        var noLoadAfter = new HandBuiltJournal().steadyRequests(0, 45, 20)
                .fault("f1", FaultKind.NETWORK_PARTITION, "shop/app=order-service", 20, 40.0, Map.of(), Map.of("droppedPackets", "9"))
                .journal();
        assertThatThrownBy(() -> assertThat(noLoadAfter).recoveredWithin(Duration.ofSeconds(10), FaultKind.NETWORK_PARTITION))
                .isInstanceOf(InconclusiveVerdictError.class)
                .hasMessageContaining("no request ran later than 10 s after");
    }

    /** One user-service pod cut off from PostgreSQL from 20 s to 60 s. */
    private static HandBuiltJournal onePodCutOff() {
        return new HandBuiltJournal()
                .steadyRequests(0, 70, 20)
                .fault("f1", FaultKind.NETWORK_PARTITION, "shop/pod/user-service-a", 20, 60.0,
                        Map.of("destination", "service shop/postgres"), Map.of("outcome", "ended", "droppedPackets", "120"));
    }

    @Test
    void routedAroundPassesWhenFailuresStopOnceTheBrokenPodIsOutOfRotation() {
        var journal = onePodCutOff().timedOutRequest(21, 10_000).failedRequest(29.5, FailureKind.HTTP_5XX, 502).journal();

        assertThat(journal).routedAroundWithin(Duration.ofSeconds(15), FaultKind.NETWORK_PARTITION);
    }

    @Test
    void routedAroundFailsWhileThePodKeepsGettingTrafficAndMeasuresTheLastFailure() {
        var journal = onePodCutOff().failedRequest(22, FailureKind.HTTP_5XX, 502).failedRequest(44, FailureKind.HTTP_5XX, 502)
                .timedOutRequest(58, 10_000).journal();

        assertThatThrownBy(() -> assertThat(journal).routedAroundWithin(Duration.ofSeconds(15), FaultKind.NETWORK_PARTITION))
                .isInstanceOf(AssertionError.class)
                .isNotInstanceOf(InconclusiveVerdictError.class)
                .hasMessageContaining("Expected failures to stop within 15 s of each NETWORK_PARTITION")
                .hasMessageContaining("2 of the ")
                .hasMessageContaining("the last at 58.000 s");
        assertThat(journal.verdicts().getLast().measured()).isEqualTo(38.0);
    }

    @Test
    void routedAroundIsInconclusiveForAFaultTooShortToTell() {
        var journal = new HandBuiltJournal().steadyRequests(0, 70, 20)
                .fault("f1", FaultKind.NETWORK_PARTITION, "shop/pod/user-service-a", 20, 30.0, Map.of(), Map.of("droppedPackets", "3"))
                .journal();

        assertThatThrownBy(() -> assertThat(journal).routedAroundWithin(Duration.ofSeconds(15), FaultKind.NETWORK_PARTITION))
                .isInstanceOf(InconclusiveVerdictError.class)
                .hasMessageContaining("lasted no longer than 15 s");
    }
}
