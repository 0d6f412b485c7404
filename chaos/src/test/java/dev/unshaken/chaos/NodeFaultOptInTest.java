package dev.unshaken.chaos;

import dev.unshaken.fixtures.cluster.Cluster;
import dev.unshaken.journal.Journal;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

import java.net.URI;
import java.util.List;
import java.util.Set;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which faults may run on a cluster Unshaken did not start, and how a refused one skips the test. */
class NodeFaultOptInTest {

    private static final PodTarget ORDERS = PodTarget.labelled("shop", "app", "order-service");
    private static final Fault DELETE = PodDelete.graceful(ORDERS);
    private static final Fault DRAIN = NodeDrain.of("agent-1").then(NodeUncordon.of("agent-1"));
    private static final Fault POWER_OFF = NodeFailure.stop("agent-1", ofSeconds(30));

    @Test
    void onAnExistingClusterWithoutOptInOnlyNamespaceFaultsRun() {
        var optIn = NodeFaultOptIn.forContext("staging", null);

        assertThat(optIn.refusal(DELETE)).isEmpty();
        assertThat(optIn.refusal(DRAIN)).hasValue("drain of node agent-1, then uncordon of node agent-1 skipped: it changes"
                + " nodes of context staging, a cluster Unshaken did not start; allow node faults there with"
                + " -Dunshaken.allowNodeFaults=staging");
        assertThat(optIn.refusal(POWER_OFF)).hasValueSatisfying(reason -> assertThat(reason)
                .startsWith("power-off of node agent-1 for 30 s skipped: it stops or freezes a node's machine")
                .endsWith("context staging is an existing cluster"));
        assertThat(optIn.summary()).isEqualTo("node and machine faults skipped (allow node faults with"
                + " -Dunshaken.allowNodeFaults=staging)");
    }

    @Test
    void theOptInMustNameTheContextInUseExactly() {
        assertThat(NodeFaultOptIn.forContext("staging", "staging").refusal(DRAIN)).isEmpty();
        assertThat(NodeFaultOptIn.forContext("staging", " staging ").refusal(DRAIN)).as("surrounding blanks").isEmpty();
        assertThat(NodeFaultOptIn.forContext("prod", "staging").refusal(DRAIN)).hasValue("drain of node agent-1, then uncordon"
                + " of node agent-1 skipped: -Dunshaken.allowNodeFaults=staging names another context than the one in use (prod);"
                + " it must name the context exactly");
        assertThat(NodeFaultOptIn.forContext("staging", "Staging").refusal(DRAIN)).as("case matters").isPresent();
        assertThat(NodeFaultOptIn.forContext("staging", "").refusal(DRAIN)).as("blank is no opt-in").isPresent();
    }

    @Test
    void machineFaultsNeverRunOnAnExistingClusterEvenWhenNodeFaultsAreAllowed() {
        var optIn = NodeFaultOptIn.forContext("staging", "staging");

        assertThat(optIn.refusal(POWER_OFF)).isPresent();
        assertThat(optIn.refusal(DELETE.then(POWER_OFF))).as("a sequence reaches as far as its furthest step").isPresent();
        assertThat(optIn.summary()).isEqualTo("node faults allowed for context staging (-Dunshaken.allowNodeFaults);"
                + " machine faults skipped");
    }

    @Test
    void aClusterTheRunStartedAllowsEverything() {
        var optIn = new NodeFaultOptIn(true, null, null);

        assertThat(List.of(DELETE, DRAIN, POWER_OFF)).allSatisfy(fault -> assertThat(optIn.refusal(fault)).isEmpty());
    }

    @Test
    void aFaultAimedAtTheBusiestNodeReachesWhatItsNodeFaultReaches() {
        var drainBusiest = OnBusiestNode.of(ORDERS, NodeDrain::of);

        assertThat(drainBusiest.reach()).isEqualTo(Fault.Reach.NODES);
        assertThat(drainBusiest.describe()).isEqualTo("drain of node <node with most app=order-service pods in shop>");
        assertThat(OnBusiestNode.busiestNode(List.of(podOn("b"), podOn("a"), podOn("b"), podOn("a"), podOn("c")), Set.of())).hasValue("a");
        assertThat(OnBusiestNode.busiestNode(List.of(), Set.of())).isEmpty();
    }

    @Test
    void faultsSkipTheTestBeforeScheduleOrRunAndTouchNothing() {
        var journal = Journal.inMemory("opt-in");
        var faults = new Faults(new NoCluster(), journal, 1, NodeFaultOptIn.forContext("staging", null));

        assertThatThrownBy(() -> faults.after(ofSeconds(1), DRAIN))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("allow node faults there with -Dunshaken.allowNodeFaults=staging");
        assertThatThrownBy(() -> faults.run(POWER_OFF)).isInstanceOf(TestAbortedException.class);
        assertThat(faults.refusal(DELETE)).isEmpty();
        assertThatNoException().isThrownBy(faults::awaitAll);
        assertThat(journal.faults()).as("nothing was injected").isEmpty();
    }

    private static io.fabric8.kubernetes.api.model.Pod podOn(String node) {
        return new PodBuilder().withNewMetadata().withName("p-" + node).endMetadata().withNewSpec().withNodeName(node).endSpec().build();
    }

    /** A cluster no call may reach: the faults above must be refused before they touch it. */
    private static final class NoCluster implements Cluster {
        @Override public KubernetesClient client() { throw new AssertionError("the cluster was contacted"); }
        @Override public String kubeconfig() { throw new AssertionError("the cluster was contacted"); }
        @Override public String server() { return "https://staging.example:6443"; }
        @Override public List<String> nodeNames() { throw new AssertionError("the cluster was contacted"); }
        @Override public void loadImage(String dockerImage) { throw new AssertionError("the cluster was contacted"); }
        @Override public URI nodePortUrl(int nodePort) { throw new AssertionError("the cluster was contacted"); }
        @Override public void close() { }
    }
}
