package dev.unshaken.chaos;

import dev.unshaken.fixtures.cluster.ApiStub;
import dev.unshaken.journal.FailureKind;
import dev.unshaken.journal.Journal;
import dev.unshaken.journal.RequestOutcome;
import dev.unshaken.journal.Verdict;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The abort condition: what a window counts, when it trips, and what a tripped one does to the faults (stopped and
 * undone, none started after, {@link Faults#awaitAll} fails) and to the journal (a FAIL verdict with the window; a PASS
 * with the worst window when it held; INCONCLUSIVE when no window had enough requests).
 */
class AbortConditionTest {

    private static final AbortCondition HALF_OVER_10_S = AbortCondition.errorRateAbove(0.5, Duration.ofSeconds(10));

    /** Holds its effect until interrupted, then undoes it, as the faults do. */
    private static final class HeldFault implements Fault {
        final CountDownLatch injected = new CountDownLatch(1);
        final CountDownLatch undone = new CountDownLatch(1);

        @Override
        public void inject(FaultContext context) {
            var running = context.start(dev.unshaken.journal.FaultKind.NETWORK_PARTITION, "web", FaultContext.details());
            injected.countDown();
            running.runThenUndo(new java.util.LinkedHashMap<>(), () -> FaultContext.sleep(Duration.ofMinutes(10)), undone::countDown);
        }

        @Override
        public String describe() {
            return "a partition held for ten minutes";
        }
    }

    @Test
    void aWindowCountsTheRequestsThatEndedInItAndHowManyFailed() {
        var requests = List.of(request(1_000, false), request(5_000, true), request(10_000, true), request(10_001, true));

        var window = HALF_OVER_10_S.windowEndingAt(requests, 10_000);

        assertThat(window.requests()).as("ended in (0, 10 000] ms").isEqualTo(3);
        assertThat(window.failed()).isEqualTo(2);
        assertThat(window.describe()).isEqualTo("2 of 3 requests failed (67 %)");
    }

    @Test
    void nonsenseIsRefusedWithWhatWasExpected() {
        assertThatThrownBy(() -> AbortCondition.errorRateAbove(50, Duration.ofSeconds(10)))
                .hasMessageContaining("above 0 and below 1 (e.g. 0.5 for 50 %), got 50.0");
        assertThatThrownBy(() -> AbortCondition.errorRateAbove(0.5, Duration.ofMillis(200))).hasMessageContaining("at least 1 s");
        assertThatThrownBy(() -> HALF_OVER_10_S.withMinRequests(0)).hasMessageContaining("at least 1 request");
    }

    @Test
    void trippedItStopsAndUndoesTheFaultsAndTheScenarioFails() throws InterruptedException {
        try (var cluster = new ApiStub()) {
            var journal = Journal.inMemory("abort");
            var faults = new Faults(cluster, journal, 1);
            faults.abortWhen(HALF_OVER_10_S);
            var held = new HeldFault();
            faults.after(Duration.ZERO, held);
            assertThat(held.injected.await(10, TimeUnit.SECONDS)).as("the fault started").isTrue();

            long now = journal.now();
            for (int i = 0; i < 12; i++) {
                journal.record(request(now - 500, i < 7)); // 7 of 12 failed: 58 % > 50 %
            }

            assertThat(held.undone.await(10, TimeUnit.SECONDS)).as("undone once the guard saw the window").isTrue();
            assertThatThrownBy(faults::awaitAll).isInstanceOf(ScenarioAbortedException.class)
                    .hasMessageContaining("error rate over 10 s at most 50 % (windows of 10 or more requests) tripped, 7 of 12 requests failed (58 %)")
                    .hasMessageContaining("every fault was stopped there and undone");
            var late = new HeldFault();
            faults.after(Duration.ZERO, late);
            assertThat(late.injected.await(2, TimeUnit.SECONDS)).as("a fault scheduled after the abort").isFalse();
            faults.close();

            Verdict verdict = journal.verdicts().getFirst();
            assertThat(verdict.name()).isEqualTo("abort: at most 50 % failed per 10 s");
            assertThat(verdict.outcome()).isEqualTo(Verdict.Outcome.FAIL);
            assertThat(verdict.measured()).isCloseTo(58.3, org.assertj.core.data.Offset.offset(0.1));
            assertThat(verdict.budget()).isEqualTo(50.0);
            assertThat(journal.faults()).last().satisfies(fault -> assertThat(fault.detail("outcome")).isEqualTo("aborted"));
        }
    }

    @Test
    void heldItJournalsThePassWithTheWorstWindow() {
        try (var cluster = new ApiStub()) {
            var journal = Journal.inMemory("held");
            var faults = new Faults(cluster, journal, 1);
            var guard = new AbortGuard(HALF_OVER_10_S, journal, () -> {
                throw new AssertionError("no abort expected");
            });
            long now = journal.now();
            List<RequestOutcome> requests = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                requests.add(request(now - 19_000 + i * 1_000, i % 4 == 0 || i == 17)); // every fourth fails, and one more
            }
            requests.forEach(journal::record);
            guard.check(now - 5_000);
            guard.check(now);

            assertThat(guard.finish()).isEmpty();
            Verdict verdict = journal.verdicts().getFirst();
            assertThat(verdict.outcome()).isEqualTo(Verdict.Outcome.PASS);
            assertThat(verdict.measured()).isEqualTo(30.0); // the last 10 s: 3 of 10 (the 10 s before: 2 of 10)
            assertThat(verdict.evidence()).contains("held in 2 of 2 checks; the worst window: 3 of 10 requests failed (30 %)");
            faults.close();
        }
    }

    @Test
    void withTooFewRequestsItCouldNotTell() {
        var journal = Journal.inMemory("idle");
        var guard = new AbortGuard(HALF_OVER_10_S, journal, () -> {
            throw new AssertionError("no abort expected");
        });
        long now = journal.now();
        for (int i = 0; i < 9; i++) {
            journal.record(request(now - 100, true)); // all failed, but 9 requests are too few to judge
        }
        guard.check(now);

        assertThat(guard.finish()).isEmpty();
        Verdict verdict = journal.verdicts().getFirst();
        assertThat(verdict.outcome()).isEqualTo(Verdict.Outcome.INCONCLUSIVE);
        assertThat(verdict.evidence()).contains("never judged");
    }

    private static RequestOutcome request(long endMs, boolean failed) {
        return new RequestOutcome(endMs - 50, endMs, "get", "home", "GET", "/", failed ? 503 : 200,
                failed ? FailureKind.HTTP_5XX : FailureKind.NONE, failed ? "503" : null);
    }
}
