package dev.unshaken.suites.scenarios;

import dev.unshaken.chaos.AbortCondition;
import dev.unshaken.chaos.Faults;
import dev.unshaken.chaos.HttpFault;
import dev.unshaken.chaos.PodTarget;
import dev.unshaken.chaos.ScenarioAbortedException;
import dev.unshaken.fixtures.cluster.Cluster;
import dev.unshaken.fixtures.cluster.TestNamespace;
import dev.unshaken.fixtures.images.SmokeHttpImage;
import dev.unshaken.journal.FaultEvent;
import dev.unshaken.journal.FaultKind;
import dev.unshaken.journal.Journal;
import dev.unshaken.journal.RequestOutcome;
import dev.unshaken.journal.Verdict;
import dev.unshaken.load.Journeys;
import dev.unshaken.load.Load;
import dev.unshaken.suites.RunsBesideOthers;
import dev.unshaken.suites.UnshakenScenario;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.unshaken.load.LoadProfile.constantRate;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The abort condition on a real cluster: under 20 requests a second, a fault that fails a fifth of them runs its course
 * beneath a 50 % limit; one that fails all of them is stopped within seconds of its start, its proxy and redirect
 * removed, and the web pods answer again long before its planned minute is over. The scenario fails with the window
 * that tripped the condition, and the journal keeps it as a FAIL verdict.
 */
@RunsBesideOthers
@UnshakenScenario
class AbortConditionIT {

    @Test
    void aFaultThatFailsMostRequestsIsStoppedAndUndoneWithinSeconds(Cluster cluster, TestNamespace namespace, Load load, Faults faults,
                                                                    Journal journal) {
        var url = WebWorkload.graceful(namespace.name(), 30091).deploy(cluster);
        faults.confineTo(namespace.name());
        var web = PodTarget.labelled(namespace.name(), "app", WebWorkload.APP);
        faults.abortWhen(AbortCondition.errorRateAbove(0.5, ofSeconds(5)));

        var run = load.start(url, Journeys.simpleGet("/"), constantRate(20).during(ofSeconds(70)));
        faults.after(ofSeconds(5), HttpFault.abort(web, SmokeHttpImage.PORT, 503, 20, ofSeconds(15)));
        faults.after(ofSeconds(25), HttpFault.abort(web, SmokeHttpImage.PORT, 503, 100, ofSeconds(60)));
        assertThatThrownBy(faults::awaitAll).isInstanceOf(ScenarioAbortedException.class)
                .hasMessageContaining("error rate over 5 s at most 50 %")
                .hasMessageContaining("every fault was stopped there and undone");
        run.awaitEnd();

        List<FaultEvent> httpFaults = journal.faults().stream().filter(f -> f.kind() == FaultKind.HTTP_FAULT && f.ended()).toList();
        assertThat(httpFaults).hasSize(2);
        assertThat(httpFaults.get(0).detail("outcome")).as("the 20 %% fault, under the limit").isEqualTo("ended");
        FaultEvent stopped = httpFaults.get(1);
        assertThat(stopped.detail("outcome")).as("the 100 %% fault").isEqualTo("aborted");
        assertThat(stopped.endMs() - stopped.startMs()).as("how long the fault planned for 60 s lasted, ms").isLessThan(30_000);

        Verdict abort = journal.verdicts().stream().filter(v -> v.name().equals("abort: at most 50 % failed per 5 s")).findFirst().orElseThrow();
        assertThat(abort.outcome()).isEqualTo(Verdict.Outcome.FAIL);
        assertThat(abort.measured()).as("failed share of the window that tripped it, %%").isGreaterThan(50.0);
        // Undone: 10 s after the abort, every request is answered again.
        List<RequestOutcome> after = journal.requests().stream().filter(r -> r.startMs() > stopped.endMs() + 10_000).toList();
        assertThat(after).as("requests sent 10 s or more after the abort").hasSizeGreaterThan(100);
        assertThat(after).as("requests sent 10 s or more after the abort").noneMatch(RequestOutcome::failed);
    }
}
