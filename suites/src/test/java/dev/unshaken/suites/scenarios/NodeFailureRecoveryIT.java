package dev.unshaken.suites.scenarios;

import dev.unshaken.chaos.Faults;
import dev.unshaken.chaos.NodeFailure;
import dev.unshaken.fixtures.cluster.K3sCluster;
import dev.unshaken.fixtures.cluster.TestNamespace;
import dev.unshaken.journal.FaultEvent;
import dev.unshaken.journal.FaultKind;
import dev.unshaken.journal.Journal;
import dev.unshaken.load.Journeys;
import dev.unshaken.load.Load;
import dev.unshaken.suites.RunsAlone;
import dev.unshaken.suites.UnshakenScenario;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.unshaken.load.LoadProfile.constantRate;
import static dev.unshaken.suites.verdicts.Verdicts.assertThat;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The agent running most of the web workload loses power for 45 s under load and comes back. Requests routed to
 * its pods fail until the control plane declares the node NotReady (its Lease unrenewed for the 40 s node-monitor
 * grace period) and takes them out of rotation, so "no failed requests" rejects the incident; the recovery verdict
 * bounds the failures and requires all three pods Ready again within two minutes of the node's return. 45 s makes
 * the NotReady certain: a shorter outage can end before it, and a recovery from a readiness never lost is
 * INCONCLUSIVE.
 */
@RunsAlone
@UnshakenScenario
@Order(Integer.MAX_VALUE) // it restarts a node of the shared cluster: after the scenarios that only touch pods
class NodeFailureRecoveryIT {

    @Test
    void aPoweredOffAgentCostsBoundedFailuresAndTheWorkloadRecovers(K3sCluster cluster, TestNamespace namespace, Load load,
                                                                     Faults faults, Journal journal) {
        var web = WebWorkload.graceful(namespace.name(), 30087);
        var url = web.deploy(cluster);
        faults.confineTo(namespace.name());
        String node = web.busiestAgent(cluster);

        var run = load.start(url, Journeys.simpleGet("/"), constantRate(10).during(ofSeconds(150)));
        faults.after(ofSeconds(15), NodeFailure.stop(node, ofSeconds(45)));
        run.awaitEnd();
        faults.awaitAll();

        assertThat(journal).recoveredFrom(FaultKind.NODE_STOP, namespace.name(), WebWorkload.APP, 450, ofSeconds(120));
        assertThatThrownBy(() -> assertThat(journal).asNegativeControl()
                .hasNoFailedRequestsAround(FaultKind.NODE_STOP, ofSeconds(5)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expected no failed requests within 5 s of NODE_STOP node/" + node)
                .hasMessageContaining("failed between");
    }

    /**
     * The same agent cut off from the control plane for 45 s instead: its kubelet's Lease goes unrenewed (the node goes
     * Unknown), while its pods keep running and serving (no pod is replaced, no request fails: unlike a power-off), and
     * once reconnected the node is Ready again and the rules are gone from it.
     */
    @Test
    void anAgentCutOffFromTheControlPlaneGoesSilentWhileItsPodsRunAndComesBack(K3sCluster cluster, TestNamespace namespace, Load load,
                                                                              Faults faults, Journal journal) {
        var web = WebWorkload.graceful(namespace.name(), 30088);
        var url = web.deploy(cluster);
        faults.confineTo(namespace.name());
        String node = web.busiestAgent(cluster);
        var podsBefore = podNames(cluster, namespace);

        var run = load.start(url, Journeys.simpleGet("/"), constantRate(10).during(ofSeconds(90)));
        faults.after(ofSeconds(10), NodeFailure.cutOff(node, ofSeconds(45)));
        faults.awaitAll();
        run.endAfter(ofSeconds(5)).awaitEnd();

        assertThat(journal).everyFaultFinished(FaultKind.NODE_CUT_OFF);
        // Its pods kept running: once the node went Unknown their endpoints left rotation, and nothing was cut mid-way.
        assertThat(journal).hasNoFailedRequestsAround(FaultKind.NODE_CUT_OFF, ofSeconds(5));
        FaultEvent cut = journal.faults().stream().filter(f -> f.kind() == FaultKind.NODE_CUT_OFF && f.ended()).findFirst().orElseThrow();
        assertThat(cut.details()).containsEntry("outcome", "back").containsKey("readyAfterMs").doesNotContainKey("rulesLeft");
        assertThat(Double.parseDouble(cut.detail("leaseSilentSeconds"))).as("seconds the node's Lease went unrenewed").isGreaterThan(30);
        assertThat(cluster.machines().orElseThrow().onNode(node, List.of("iptables", "-w", "5", "-S")).stdout())
                .as("iptables on node %s after the fault", node).doesNotContain("UNSHAKEN-");
        assertThat(podNames(cluster, namespace)).as("the workload's pods: none replaced, the node only lost its control plane")
                .containsExactlyInAnyOrderElementsOf(podsBefore);
    }

    private static List<String> podNames(K3sCluster cluster, TestNamespace namespace) {
        return cluster.client().pods().inNamespace(namespace.name()).withLabel("app", WebWorkload.APP).list().getItems().stream()
                .map(pod -> pod.getMetadata().getName()).toList();
    }
}
