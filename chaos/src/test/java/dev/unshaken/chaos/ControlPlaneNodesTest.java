package dev.unshaken.chaos;

import dev.unshaken.fixtures.cluster.ApiStub;
import dev.unshaken.fixtures.cluster.Cluster;
import dev.unshaken.journal.Journal;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeListBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodListBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * No fault chooses a control-plane node, and a drain of one on a cluster Unshaken did not start is refused before
 * anything is cordoned. Against a stub API server that records every request.
 */
class ControlPlaneNodesTest {

    private static final KubernetesSerialization JSON = new KubernetesSerialization();
    private static final PodTarget ORDERS = PodTarget.labelled("shop", "app", "order-service");

    private final ApiStub cluster = new ApiStub();
    private final Journal journal = Journal.inMemory("control-plane");
    private final FaultContext context = new FaultContext(cluster, journal, 1, Set.of("shop"));

    @AfterEach
    void close() {
        cluster.close();
    }

    @Test
    void aDrainOfAControlPlaneNodeOfAnExistingClusterIsRefusedBeforeAnythingIsCordoned() {
        cluster.answer("/api/v1/nodes/cp-1", JSON.asJson(node("cp-1", Cluster.CONTROL_PLANE_LABEL)));

        assertThatThrownBy(() -> NodeDrain.of("cp-1").inject(context))
                .isInstanceOf(FaultFailedException.class)
                .hasMessageStartingWith("drain of node cp-1 refused, nothing was cordoned: cp-1 is a control-plane node")
                .hasMessageContaining("drain a worker node instead");
        assertThat(cluster.requests()).as("the node was read, not changed").containsExactly("GET /api/v1/nodes/cp-1");
        assertThat(journal.faults()).isEmpty();
    }

    @Test
    void theOldMasterLabelCountsToo() {
        var drain = NodeDrain.of("master-0");
        assertThat(drain.controlPlaneRefusal(node("master-0", Cluster.MASTER_LABEL), false)).isPresent();
        assertThat(drain.controlPlaneRefusal(node("worker-0", "node-role.kubernetes.io/worker"), false)).isEmpty();
        assertThat(drain.controlPlaneRefusal(node("server", Cluster.CONTROL_PLANE_LABEL), true))
                .as("the server of a k3s cluster the run started, named explicitly").isEmpty();
    }

    @Test
    void theBusiestNodeIsNeverAControlPlaneNode() {
        cluster.answer("/api/v1/namespaces/shop/pods", JSON.asJson(new PodListBuilder()
                .withItems(pod("order-1", "server"), pod("order-2", "server"), pod("order-3", "agent-1")).build()));
        cluster.answer("/api/v1/nodes", JSON.asJson(new NodeListBuilder()
                .withItems(node("server", Cluster.CONTROL_PLANE_LABEL), node("agent-1", "kubernetes.io/os")).build()));
        var aimedAt = new ArrayList<String>();

        OnBusiestNode.of(ORDERS, node -> recording(node, aimedAt)).inject(context);

        assertThat(aimedAt).containsExactly("agent-1");
        assertThat(OnBusiestNode.busiestNode(List.of(pod("a", "server"), pod("b", "server"), pod("c", "agent-1")), Set.of("server")))
                .hasValue("agent-1");
    }

    @Test
    void podsOnlyOnControlPlaneNodesGiveNoNodeToAimAt() {
        cluster.answer("/api/v1/namespaces/shop/pods", JSON.asJson(new PodListBuilder().withItems(pod("order-1", "cp-1")).build()));
        cluster.answer("/api/v1/nodes", JSON.asJson(new NodeListBuilder().withItems(node("cp-1", Cluster.MASTER_LABEL)).build()));
        var aimedAt = new ArrayList<String>();

        assertThatThrownBy(() -> OnBusiestNode.of(ORDERS, node -> recording(node, aimedAt)).inject(context))
                .isInstanceOf(FaultFailedException.class)
                .hasMessage("no running pod labelled app=order-service in shop on a worker node to aim a node fault at (1 on control-plane"
                        + " nodes [cp-1], which no fault picks)");
        assertThat(aimedAt).isEmpty();
    }

    private static Fault recording(String node, List<String> aimedAt) {
        return new Fault() {
            @Override
            public void inject(FaultContext context) {
                aimedAt.add(node);
            }

            @Override
            public String describe() {
                return "a fault on " + node;
            }
        };
    }

    private static Node node(String name, String label) {
        return new NodeBuilder().withNewMetadata().withName(name).withLabels(Map.of(label, "")).endMetadata().build();
    }

    private static Pod pod(String name, String node) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("shop").addToLabels("app", "order-service").endMetadata()
                .withNewSpec().withNodeName(node).endSpec()
                .withNewStatus().withPhase("Running").addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus()
                .build();
    }
}
