package dev.unshaken.suites.scenarios;

import dev.unshaken.chaos.Fault;
import dev.unshaken.chaos.Faults;
import dev.unshaken.chaos.PodDelete;
import dev.unshaken.chaos.PodTarget;
import dev.unshaken.fixtures.cluster.Cluster;
import dev.unshaken.fixtures.cluster.TestNamespace;
import dev.unshaken.journal.FaultKind;
import dev.unshaken.journal.Journal;
import dev.unshaken.load.Journeys;
import dev.unshaken.load.Load;
import dev.unshaken.suites.RunsBesideOthers;
import dev.unshaken.suites.UnshakenScenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.time.Duration;

import static dev.unshaken.load.LoadProfile.constantRate;
import static dev.unshaken.suites.verdicts.Verdicts.assertThat;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Pods of a web workload are deleted one after another while it serves 15 requests a second. With a preStop
 * delay and a Service that drops Terminating pods, no request may fail. The negative control runs the same
 * deletes behind a Service that keeps routing to Terminating pods ({@code publishNotReadyAddresses}): requests
 * reach pods whose listener is closed, and the verdict must say how many, when, and which pod was Terminating.
 *
 * <p>The two tests run side by side ({@code @Execution(CONCURRENT)}): each has its own namespace and NodePort, and
 * the deletes are confined to it; the light workload at 15 requests a second leaves the cores room for both.
 */
@RunsBesideOthers
@UnshakenScenario
class PodDeleteUnderLoadIT {

    private static final Duration MARGIN = ofSeconds(5);
    /**
     * The load's longest run; it ends 10 s after the last delete ({@code endAfter}), about 95 s in. Three deletes take
     * 3 × (about 13 s to exit + 12 s pause) after 10 s, but a slow kubelet once took 39 s for one: the load must
     * outlast the faults, or the verdict can only say INCONCLUSIVE.
     */
    private static final Duration LOAD_AT_MOST = ofSeconds(170);

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void gracefulPodDeletesUnderLoadFailNoRequest(Cluster cluster, TestNamespace namespace, Load load, Faults faults, Journal journal) {
        var url = WebWorkload.graceful(namespace.name(), 30082).deploy(cluster);
        faults.confineTo(namespace.name());

        var run = load.start(url, Journeys.simpleGet("/"), constantRate(15).during(LOAD_AT_MOST));
        faults.after(ofSeconds(10), threeDeletesOf(PodTarget.labelled(namespace.name(), "app", WebWorkload.APP)));
        faults.awaitAll();
        run.endAfter(MARGIN.plusSeconds(5)).awaitEnd(); // past the verdict's margin after the last delete

        assertThat(journal).hasNoFailedRequestsAround(FaultKind.POD_DELETE, MARGIN);
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void podsStillRoutedWhileTerminatingAreCaughtByTheVerdict(Cluster cluster, TestNamespace namespace, Load load, Faults faults,
                                                               Journal journal) {
        var url = WebWorkload.routedWhileTerminating(namespace.name(), 30083).deploy(cluster);
        faults.confineTo(namespace.name());

        var run = load.start(url, Journeys.simpleGet("/"), constantRate(15).during(LOAD_AT_MOST));
        faults.after(ofSeconds(10), threeDeletesOf(PodTarget.labelled(namespace.name(), "app", WebWorkload.APP)));
        faults.awaitAll();
        run.endAfter(MARGIN.plusSeconds(5)).awaitEnd(); // past the verdict's margin after the last delete

        assertThatThrownBy(() -> assertThat(journal).asNegativeControl()
                .hasNoFailedRequestsAround(FaultKind.POD_DELETE, MARGIN))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expected no failed requests within 5 s of 3 POD_DELETE faults")
                .hasMessageContaining("failed between")
                .hasMessageContaining("GET /")
                .hasMessageContaining("while Terminating: " + namespace.name() + "/web-");
        // The whole-run verdict (ShopRollingUpdateIT, certification) rejects the same incident.
        assertThatThrownBy(() -> assertThat(journal).asNegativeControl().hasNoFailedRequests())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expected no failed requests during the whole run");
    }

    /** Three graceful deletes of pods of the target, 12 s apart (each lasts until the sidecar has stopped, ~15 s): about 80 s. */
    private static Fault threeDeletesOf(PodTarget web) {
        return PodDelete.graceful(web)
                .then(Fault.pause(ofSeconds(12))).then(PodDelete.graceful(web))
                .then(Fault.pause(ofSeconds(12))).then(PodDelete.graceful(web));
    }
}
