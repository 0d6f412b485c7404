package dev.unshaken.suites.scenarios;

import dev.unshaken.chaos.ContainerCrash;
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

import static dev.unshaken.load.LoadProfile.constantRate;
import static dev.unshaken.suites.verdicts.Verdicts.assertThat;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A pod of the web workload is SIGKILLed (deleted with grace period 0) under load: some requests may fail, but
 * few, and the workload is back to three Ready pods within a minute. Asking for a recovery faster than a pod can
 * start shows the verdict can fail.
 *
 * <p>The two tests run side by side ({@code @Execution(CONCURRENT)}): each has its own namespace and NodePort, and
 * its fault is confined to it; their budgets (a minute, 30 failed requests) are far from what one of them uses.
 */
@RunsBesideOthers
@UnshakenScenario
class PodKillRecoveryIT {

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aKilledPodIsReplacedWithinAMinuteWithFewFailures(Cluster cluster, TestNamespace namespace, Load load, Faults faults, Journal journal) {
        var url = WebWorkload.graceful(namespace.name(), 30086).deploy(cluster);
        faults.confineTo(namespace.name());

        var run = load.start(url, Journeys.simpleGet("/"), constantRate(10).during(ofSeconds(60)));
        faults.after(ofSeconds(15), PodDelete.kill(PodTarget.labelled(namespace.name(), "app", WebWorkload.APP)));
        run.awaitEnd();
        faults.awaitAll();

        assertThat(journal).recoveredFrom(FaultKind.POD_KILL, namespace.name(), WebWorkload.APP, 30, ofSeconds(60));
        assertThatThrownBy(() -> assertThat(journal).asNegativeControl()
                .returnedToFullReadiness(FaultKind.POD_KILL, namespace.name(), WebWorkload.APP, ofSeconds(3)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("but then only 2 of 3 were ready");
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aCrashedContainerIsRestartedInPlaceWithFewFailures(Cluster cluster, TestNamespace namespace, Load load, Faults faults,
                                                             Journal journal) {
        var url = WebWorkload.graceful(namespace.name(), 30089).deploy(cluster);
        faults.confineTo(namespace.name());

        var run = load.start(url, Journeys.simpleGet("/"), constantRate(10).during(ofSeconds(60)));
        faults.after(ofSeconds(15), ContainerCrash.of(PodTarget.labelled(namespace.name(), "app", WebWorkload.APP)));
        run.awaitEnd();
        faults.awaitAll();

        // A crash gives the endpoints controller no warning: requests in flight and those routed before the
        // readiness probe notices may fail, but few; the kubelet restarts the container in place.
        assertThat(journal).recoveredFrom(FaultKind.CONTAINER_CRASH, namespace.name(), WebWorkload.APP, 30, ofSeconds(60));
        // The negative control is the readiness half alone: under asNegativeControl() every verdict checked is
        // expected to fail, and the failed-request half of recoveredFrom(..) would pass (an XPASS in the report).
        assertThatThrownBy(() -> assertThat(journal).asNegativeControl()
                .returnedToFullReadiness(FaultKind.CONTAINER_CRASH, namespace.name(), WebWorkload.APP, ofSeconds(0)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("Expected all replicas of " + namespace.name() + "/web ready within 0 s");
    }
}
