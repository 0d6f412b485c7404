package dev.unshaken.suites.verdicts;

import dev.unshaken.journal.FailureKind;
import dev.unshaken.journal.FaultEvent;
import dev.unshaken.journal.FaultKind;
import dev.unshaken.journal.Verdict;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static dev.unshaken.suites.verdicts.Verdicts.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The graceful-shutdown verdict judges only deletes that had work in flight, and rejects failures around them. */
class GracefulShutdownVerdictTest {

    private static final Duration MARGIN = Duration.ofSeconds(5);

    /** Pod order-a is deleted at 20 s with {@code inFlight} orders on it, and gone at 31 s. */
    private static HandBuiltJournal deleteAt20sWith(String inFlight) {
        return new HandBuiltJournal()
                .steadyRequests(0, 60, 8)
                .fault("f1", FaultKind.POD_DELETE, "shop/pod/order-a", 20, 31.0, Map.of(FaultEvent.IN_FLIGHT_AT_DELETE, inFlight));
    }

    @Test
    void passesWhenTheVictimHadWorkInFlightAndNothingFailed() {
        var journal = deleteAt20sWith("3").journal();

        assertThat(journal).shutDownGracefully(MARGIN);

        assertThat(journal.verdicts()).singleElement().satisfies(v -> {
            assertThat(v.outcome()).isEqualTo(Verdict.Outcome.PASS);
            assertThat(v.evidence()).contains("shop/pod/order-a (deleted at 20.000 s with 3 in flight by its gauge; by the responses: unattributed (no response named its upstream); 0 of ");
        });
    }

    @Test
    void theTwinThatDropsItsInFlightOrdersFailsByTheCountOfFailedRequests() {
        var journal = deleteAt20sWith("2")
                .failedRequest(20.4, FailureKind.HTTP_5XX, 502)
                .failedRequest(20.4, FailureKind.HTTP_5XX, 502)
                .journal();

        assertThatThrownBy(() -> assertThat(journal).asNegativeControl().shutDownGracefully(MARGIN))
                .isInstanceOf(AssertionError.class)
                .isNotInstanceOf(InconclusiveVerdictError.class)
                .hasMessageContaining("but 2 of the ")
                .hasMessageContaining("shop/pod/order-a (deleted at 20.000 s with 2 in flight by its gauge; by the responses: unattributed (no response named its upstream); 2 of ");
        assertThat(journal.verdicts()).singleElement().satisfies(v -> {
            assertThat(v.outcome()).isEqualTo(Verdict.Outcome.FAIL);
            assertThat(v.measured()).isEqualTo(2.0);
        });
    }

    @Test
    void isInconclusiveWhenNoVictimHadAnythingInFlight() {
        var journal = deleteAt20sWith("0").journal();

        assertThatThrownBy(() -> assertThat(journal).shutDownGracefully(MARGIN))
                .isInstanceOf(InconclusiveVerdictError.class)
                .hasMessageContaining("no deleted or evicted pod had a request in flight when its deletion began (shop/pod/order-a: 0 in flight, by the responses unattributed (no response named its upstream))");
    }

    @Test
    void isInconclusiveWhenTheDeletesWereNotTriggeredByWorkInFlight() {
        var journal = new HandBuiltJournal()
                .steadyRequests(0, 60, 8)
                .fault("f1", FaultKind.POD_DELETE, "shop/pod/order-a", 20, 31.0, Map.of())
                .journal();

        assertThatThrownBy(() -> assertThat(journal).shutDownGracefully(MARGIN))
                .isInstanceOf(InconclusiveVerdictError.class)
                .hasMessageContaining("shop/pod/order-a: not measured")
                .hasMessageContaining("PodDelete.whenInFlight");
    }

    @Test
    void aDeleteThatWasNeverTriggeredIsNoEvidenceEither() {
        var journal = new HandBuiltJournal()
                .steadyRequests(0, 90, 8)
                .instant("f1", FaultKind.POD_DELETE, "shop/pod/app=order-service", 80,
                        Map.of("outcome", "not-triggered", FaultEvent.IN_FLIGHT_WANTED, "2"))
                .journal();

        assertThatThrownBy(() -> assertThat(journal).shutDownGracefully(MARGIN))
                .isInstanceOf(InconclusiveVerdictError.class)
                .hasMessageContaining("shop/pod/app=order-service: not-triggered");
    }

    /** Node agent-1 is drained from 20 s to 34 s; pod order-b is evicted at 21 s with {@code inFlight} orders on it. */
    private static HandBuiltJournal drainAt20sEvicting(String inFlight) {
        return new HandBuiltJournal()
                .steadyRequests(0, 60, 8)
                .fault("f1", FaultKind.NODE_DRAIN, "node/agent-1", 20, 34.0, Map.of("outcome", "completed"))
                .instant("f2", FaultKind.EVICTION, "shop/pod/order-b", 21, Map.of(FaultEvent.IN_FLIGHT_AT_DELETE, inFlight));
    }

    @Test
    void anEvictionWithWorkInFlightIsJudgedUntilItsDrainIsDone() {
        var journal = drainAt20sEvicting("2").journal();

        assertThat(journal).shutDownGracefully(MARGIN);

        assertThat(journal.verdicts()).singleElement().satisfies(v -> {
            assertThat(v.outcome()).isEqualTo(Verdict.Outcome.PASS);
            assertThat(v.evidence()).contains("shop/pod/order-b (evicted at 21.000 s with 2 in flight by its gauge; by the responses: unattributed (no response named its upstream); 0 of ");
        });
    }

    @Test
    void theTwinThatDropsItsOrdersWhenEvictedFailsEvenWhenTheyFailLateInTheDrain() {
        // Its preStop pause holds SIGTERM back: the orders fail 11 s after the eviction, while the drain waits.
        var journal = drainAt20sEvicting("3")
                .failedRequest(32.0, FailureKind.HTTP_5XX, 502)
                .failedRequest(32.0, FailureKind.HTTP_5XX, 502)
                .failedRequest(32.1, FailureKind.HTTP_5XX, 502)
                .journal();

        assertThatThrownBy(() -> assertThat(journal).asNegativeControl().shutDownGracefully(MARGIN))
                .isInstanceOf(AssertionError.class)
                .isNotInstanceOf(InconclusiveVerdictError.class)
                .hasMessageContaining("but 3 of the ")
                .hasMessageContaining("shop/pod/order-b (evicted at 21.000 s with 3 in flight by its gauge; by the responses: unattributed (no response named its upstream); 3 of ");
        assertThat(journal.verdicts()).singleElement().satisfies(v -> assertThat(v.measured()).isEqualTo(3.0));
    }

    @Test
    void aDrainOfPodsWithNothingInFlightIsInconclusive() {
        var journal = drainAt20sEvicting("0")
                .instant("f3", FaultKind.EVICTION, "shop/pod/postgres-0", 22, Map.of("node", "agent-1"))
                .journal();

        assertThatThrownBy(() -> assertThat(journal).shutDownGracefully(MARGIN))
                .isInstanceOf(InconclusiveVerdictError.class)
                .hasMessageContaining("(shop/pod/order-b: 0 in flight, by the responses unattributed (no response named its upstream); shop/pod/postgres-0: not measured, by the responses unattributed (no response named its upstream))")
                .hasMessageContaining("drain under a load that keeps work in flight");
    }

    /**
     * Pod order-a (10.42.1.7) is deleted at 20 s and gone at 31 s; its gauge was not read, but the gateway names it as
     * the upstream of a 900 ms order in flight at the delete, and of {@code after} orders sent at 20.5 s answered with
     * {@code status}.
     */
    private static HandBuiltJournal attributedDeleteAt20s(int after, int status) {
        var journal = new HandBuiltJournal()
                .steadyRequests(0, 60, 8)
                .fault("f1", FaultKind.POD_DELETE, "shop/pod/order-a", 20, 31.0, Map.of(FaultEvent.POD_IP, "10.42.1.7"))
                .servedRequest(19.5, 900, 201, "10.42.1.7:8082");
        for (int i = 0; i < after; i++) {
            journal.servedRequest(20.5, 5, status, "10.42.1.7:8082");
        }
        return journal;
    }

    @Test
    void theResponsesThatNameTheVictimShowItsWorkWhenItsGaugeWasNotRead() {
        var journal = attributedDeleteAt20s(0, 201).journal();

        assertThat(journal).shutDownGracefully(MARGIN);

        assertThat(journal.verdicts()).singleElement().satisfies(v -> {
            assertThat(v.outcome()).isEqualTo(Verdict.Outcome.PASS);
            assertThat(v.evidence()).contains("shop/pod/order-a (deleted at 20.000 s with unmeasured in flight by its gauge; by the responses: "
                    + "1 answered by it in flight at the delete (0 failed), 0 sent to it after the delete began (0 failed); 0 of ");
        });
    }

    @Test
    void theTwinStillRoutedToAfterItsDeleteFailsByTheRequestsItDropped() {
        var journal = attributedDeleteAt20s(2, 502).journal();

        assertThatThrownBy(() -> assertThat(journal).asNegativeControl().shutDownGracefully(MARGIN))
                .isInstanceOf(AssertionError.class)
                .isNotInstanceOf(InconclusiveVerdictError.class)
                .hasMessageContaining("but 2 of the ")
                .hasMessageContaining("2 sent to it after the delete began (2 failed)");
        assertThat(journal.verdicts()).singleElement().satisfies(v -> assertThat(v.measured()).isEqualTo(2.0));
    }

    @Test
    void responsesNamingOtherPodsAreNoEvidenceOfWorkOnTheVictim() {
        var journal = new HandBuiltJournal()
                .steadyRequests(0, 60, 8)
                .fault("f1", FaultKind.POD_DELETE, "shop/pod/order-a", 20, 31.0, Map.of(FaultEvent.POD_IP, "10.42.1.7"))
                .servedRequest(19.5, 900, 201, "10.42.1.70:8082")
                .journal();

        assertThatThrownBy(() -> assertThat(journal).shutDownGracefully(MARGIN))
                .isInstanceOf(InconclusiveVerdictError.class)
                .hasMessageContaining("shop/pod/order-a: not measured, by the responses 0 answered by it in flight at the delete (0 failed), "
                        + "0 sent to it after the delete began (0 failed)");
    }

    @Test
    void isInconclusiveWhenNoPodWasShutDownAtAll() {
        var journal = new HandBuiltJournal().steadyRequests(0, 60, 8)
                .fault("f1", FaultKind.NETWORK_PARTITION, "shop/pod/order-a", 20, 30.0, Map.of()).journal();

        assertThatThrownBy(() -> assertThat(journal).shutDownGracefully(MARGIN))
                .isInstanceOf(InconclusiveVerdictError.class)
                .hasMessageContaining("the journal holds no POD_DELETE and no EVICTION");
    }
}
