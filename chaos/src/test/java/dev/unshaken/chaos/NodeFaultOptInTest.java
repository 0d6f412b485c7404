package dev.unshaken.chaos;

import dev.unshaken.fixtures.cluster.ApiStub;
import dev.unshaken.fixtures.cluster.Cluster;
import dev.unshaken.journal.Journal;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

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

    private static final String UID = "3f9a1c2e-8b7d-4c1e-9f0a-2b3c4d5e6f70";
    private static final String SERVER = "https://staging.example:6443";

    /** The opt-in for context staging of the cluster with kube-system UID {@link #UID}, the value given. */
    private static NodeFaultOptIn staging(String allowed) {
        return NodeFaultOptIn.forContext("staging", SERVER, () -> UID, allowed);
    }

    @Test
    void onAnExistingClusterWithoutOptInOnlyNamespaceFaultsRunAndTheRefusalGivesTheValueToPass() {
        var optIn = staging(null);

        assertThat(optIn.refusal(DELETE)).isEmpty();
        assertThat(optIn.refusal(DRAIN)).hasValue("drain of node agent-1, then uncordon of node agent-1 skipped: it changes"
                + " nodes of context staging, a cluster Unshaken did not start; allow node faults there with"
                + " -Dunshaken.allowNodeFaults=staging@3f9a1c2e");
        assertThat(optIn.refusal(POWER_OFF)).hasValueSatisfying(reason -> assertThat(reason)
                .startsWith("power-off of node agent-1 for 30 s skipped: it stops or freezes a node's machine")
                .endsWith("context staging is an existing cluster"));
        assertThat(optIn.summary()).isEqualTo("node and machine faults skipped (allow node faults with"
                + " -Dunshaken.allowNodeFaults=staging@3f9a1c2e)");
    }

    @Test
    void networkFaultsOnAnExistingClusterAreRefusedForWhatTheyWouldDoOnItsNodesNotAsAPowerOff() {
        var optIn = staging("staging@3f9a1c2e");
        var latency = NetworkFault.latency(ORDERS, Destination.cidr("192.0.2.0/24", 0), ofSeconds(1), ofSeconds(20));
        var dns = DnsFault.timeout(ORDERS, ofSeconds(15), "payment-service.shop.svc.cluster.local");

        assertThat(optIn.refusal(latency)).hasValue(latency.describe() + " skipped: it changes the pods' network from their nodes"
                + " (iptables rules in their network namespace), which Unshaken can only do to a k3s cluster it started itself;"
                + " context staging is an existing cluster");
        assertThat(optIn.refusal(dns)).hasValueSatisfying(reason -> assertThat(reason)
                .startsWith(dns.describe() + " skipped: it answers the pods' DNS lookups from their nodes").doesNotContain("machine"));
        assertThat(optIn.refusal(Fault.pause(ofSeconds(5)).then(dns))).as("a sequence names its machine fault's work")
                .hasValueSatisfying(reason -> assertThat(reason).contains("skipped: it answers the pods' DNS lookups"));
        assertThat(optIn.refusal(DELETE.then(POWER_OFF))).hasValueSatisfying(reason -> assertThat(reason)
                .contains("skipped: it stops or freezes a node's machine"));
    }

    @Test
    void aValueNamingOnlyTheContextOrAnotherContextIsRefusedWithTheExactValueToPass() {
        assertThat(NodeFaultOptIn.forContext("default", SERVER, () -> UID, "default").refusal(DRAIN)).hasValue("drain of node"
                + " agent-1, then uncordon of node agent-1 skipped: -Dunshaken.allowNodeFaults=default names the context only,"
                + " and a context name like default recurs across clusters; -Dunshaken.allowNodeFaults=default@3f9a1c2e names"
                + " the cluster as well as the context");
        assertThat(staging("staging@").refusal(DRAIN)).as("an empty id").hasValueSatisfying(reason -> assertThat(reason)
                .contains("names the context only"));
        assertThat(NodeFaultOptIn.forContext("prod", SERVER, () -> UID, "staging@3f9a1c2e").refusal(DRAIN)).as("another context")
                .hasValue("drain of node agent-1, then uncordon of node agent-1 skipped: -Dunshaken.allowNodeFaults=staging@3f9a1c2e"
                        + " names another context than the one in use (prod); allow node faults there with"
                        + " -Dunshaken.allowNodeFaults=prod@3f9a1c2e");
    }

    @Test
    void theContextWithItsClustersIdAllowsNodeFaults() {
        assertThat(staging("staging@3f9a1c2e").refusal(DRAIN)).isEmpty();
        assertThat(staging(" staging@3f9a1c2e ").refusal(DRAIN)).as("surrounding blanks").isEmpty();
        assertThat(staging("staging@" + UID).refusal(DRAIN)).as("the whole UID").isEmpty();
        assertThat(staging("staging@3F9A1C2E").refusal(DRAIN)).as("hex in capitals").isEmpty();
        assertThat(staging("staging@3f9a1c2e").summary()).isEqualTo("node faults allowed for context staging, cluster 3f9a1c2e"
                + " at https://staging.example:6443 (-Dunshaken.allowNodeFaults); machine faults skipped");
        assertThat(staging("Staging@3f9a1c2e").refusal(DRAIN)).as("the context's case matters").isPresent();
        assertThat(staging("").refusal(DRAIN)).as("blank is no opt-in").isPresent();
        assertThat(staging("staging@3f9a").refusal(DRAIN)).as("a shorter prefix").isPresent();
    }

    @Test
    void theSameContextNameOnAnotherClusterIsRefusedNamingBothIds() {
        var otherDefault = NodeFaultOptIn.forContext("default", "https://prod.example:6443",
                () -> "77c0ffee-0000-4000-8000-000000000001", "default@3f9a1c2e");

        assertThat(otherDefault.refusal(DRAIN)).hasValue("drain of node agent-1, then uncordon of node agent-1 skipped:"
                + " -Dunshaken.allowNodeFaults=default@3f9a1c2e names cluster 3f9a1c2e, but context default reaches cluster"
                + " 77c0ffee (API server https://prod.example:6443); the opt-in allows node faults only on the cluster it names."
                + " If this is the cluster meant, pass -Dunshaken.allowNodeFaults=default@77c0ffee");
        assertThat(otherDefault.summary()).startsWith("node and machine faults skipped: -Dunshaken.allowNodeFaults=default@3f9a1c2e"
                + " names cluster 3f9a1c2e, but context default reaches cluster 77c0ffee");
    }

    @Test
    void aClusterWhoseKubeSystemCannotBeReadRefusesNodeFaults() {
        var readable = staging("staging@3f9a1c2e");
        var unreadable = NodeFaultOptIn.forContext("staging", SERVER, () -> {
            throw new KubernetesClientException(new StatusBuilder().withCode(403)
                    .withMessage("namespaces \"kube-system\" is forbidden: User \"release\" cannot get resource \"namespaces\"").build());
        }, "staging@3f9a1c2e");
        var missing = NodeFaultOptIn.forContext("staging", SERVER, () -> null, "staging@3f9a1c2e");

        assertThat(readable.refusal(DRAIN)).isEmpty();
        assertThat(unreadable.refusal(DRAIN)).hasValue("drain of node agent-1, then uncordon of node agent-1 skipped: node faults"
                + " on context staging need the id of its cluster, the UID of namespace kube-system, which could not be read from"
                + " API server https://staging.example:6443: GET namespace kube-system failed: HTTP 403, namespaces \"kube-system\""
                + " is forbidden: User \"release\" cannot get resource \"namespaces\"; without it they are refused");
        assertThat(unreadable.refusal(DELETE)).as("namespace faults need no id").isEmpty();
        assertThat(unreadable.summary()).startsWith("node and machine faults skipped: node faults on context staging need the id");
        assertThat(missing.refusal(DRAIN)).hasValueSatisfying(reason -> assertThat(reason)
                .endsWith("from API server https://staging.example:6443: it has no namespace kube-system (HTTP 404); without it"
                        + " they are refused"));
        assertThat(NodeFaultOptIn.forContext("staging", SERVER, () -> null, null).refusal(DRAIN)).as("nor without a value")
                .hasValueSatisfying(reason -> assertThat(reason).contains("could not be read"));
    }

    @Test
    void theIdIsReadOnceAndOnlyWhenANodeFaultComes() {
        var reads = new AtomicInteger();
        var optIn = NodeFaultOptIn.forContext("staging", SERVER, () -> {
            reads.incrementAndGet();
            return UID;
        }, "staging@3f9a1c2e");

        assertThat(optIn.refusal(DELETE)).isEmpty();
        assertThat(optIn.refusal(POWER_OFF)).isPresent();
        assertThat(reads).as("no node fault yet").hasValue(0);
        assertThat(optIn.refusal(DRAIN)).isEmpty();
        assertThat(optIn.refusal(DRAIN)).isEmpty();
        assertThat(reads).hasValue(1);
    }

    @Test
    void forAClusterTheIdIsTheUidOfItsKubeSystemNamespaceReadThroughItsClient() {
        try (var cluster = new ApiStub()) {
            cluster.answer("/api/v1/namespaces/kube-system", "{\"kind\":\"Namespace\",\"apiVersion\":\"v1\",\"metadata\":"
                    + "{\"name\":\"kube-system\",\"uid\":\"" + UID + "\"}}");
            String context = cluster.server();

            assertThat(NodeFaultOptIn.forCluster(cluster, context + "@3f9a1c2e").refusal(DRAIN)).isEmpty();
            assertThat(NodeFaultOptIn.forCluster(cluster, context + "@0badc0de").refusal(DRAIN)).hasValueSatisfying(reason ->
                    assertThat(reason).contains("names cluster 0badc0de, but context " + context + " reaches cluster 3f9a1c2e"));
            assertThat(cluster.requests()).containsOnly("GET /api/v1/namespaces/kube-system");
        }
        try (var forbidden = new ApiStub()) {
            forbidden.answerNext("GET /api/v1/namespaces/kube-system", 403, ApiStub.status(403, "Forbidden"));

            assertThat(NodeFaultOptIn.forCluster(forbidden, forbidden.server() + "@3f9a1c2e").refusal(DRAIN))
                    .hasValueSatisfying(reason -> assertThat(reason).contains("could not be read from API server "
                            + forbidden.server() + ": GET namespace kube-system failed: HTTP 403, Forbidden"));
        }
    }

    @Test
    void withoutContactingTheClusterNodeFaultsAreRefusedAndThePlanSaysUnderWhichCondition() {
        var planned = NodeFaultOptIn.forContext("staging", "staging@3f9a1c2e");

        assertThat(planned.refusal(DRAIN)).as("no id to check").hasValue("drain of node agent-1, then uncordon of node agent-1"
                + " skipped: -Dunshaken.allowNodeFaults=staging@3f9a1c2e allows node faults only on the cluster whose id is"
                + " 3f9a1c2e, and the cluster was not contacted to read its id");
        assertThat(planned.plan(DRAIN)).isEqualTo("drain of node agent-1, then uncordon of node agent-1 (runs only if 3f9a1c2e"
                + " is the id of context staging's cluster at run time)");
        assertThat(planned.plan(DELETE)).isEqualTo(DELETE.describe());
        assertThat(planned.plan(POWER_OFF)).contains("skipped: it stops or freezes a node's machine");
        assertThat(planned.summary()).isEqualTo("node faults allowed for context staging only if 3f9a1c2e is the id of its cluster"
                + " at run time (-Dunshaken.allowNodeFaults; the first 8 characters of the UID of namespace kube-system);"
                + " machine faults skipped");
        assertThat(NodeFaultOptIn.forContext("staging", null).summary()).isEqualTo("node and machine faults skipped (allow node"
                + " faults with -Dunshaken.allowNodeFaults=staging@<id>); <id> is the first 8 characters of: kubectl --context"
                + " staging get namespace kube-system -o jsonpath='{.metadata.uid}'");
        assertThat(NodeFaultOptIn.forContext("staging", "staging").plan(DRAIN)).endsWith("names the context only, and a context"
                + " name like staging recurs across clusters; -Dunshaken.allowNodeFaults=staging@<id> names the cluster as well"
                + " as the context");
    }

    @Test
    void machineFaultsNeverRunOnAnExistingClusterEvenWhenNodeFaultsAreAllowed() {
        var optIn = staging("staging@3f9a1c2e");

        assertThat(optIn.refusal(POWER_OFF)).isPresent();
        assertThat(optIn.refusal(DELETE.then(POWER_OFF))).as("a sequence reaches as far as its furthest step").isPresent();
        assertThat(optIn.summary()).endsWith("; machine faults skipped");
    }

    @Test
    void aClusterTheRunStartedAllowsEverything() {
        var optIn = NodeFaultOptIn.forOwnedCluster();

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
        var faults = new Faults(new NoCluster(), journal, 1, staging(null));

        assertThatThrownBy(() -> faults.after(ofSeconds(1), DRAIN))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("allow node faults there with -Dunshaken.allowNodeFaults=staging@3f9a1c2e");
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
