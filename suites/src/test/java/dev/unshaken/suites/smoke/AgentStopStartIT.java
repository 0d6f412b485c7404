package dev.unshaken.suites.smoke;

import dev.unshaken.fixtures.cluster.ClusterExtension;
import dev.unshaken.fixtures.cluster.K3sCluster;
import dev.unshaken.suites.RunsAlone;
import io.fabric8.kubernetes.api.model.Node;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.DockerClientFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The node operations later faults build on. Runs last (it disturbs the shared cluster) and leaves every
 * node Ready again.
 */
@RunsAlone
@Order(Integer.MAX_VALUE)
@ExtendWith(ClusterExtension.class)
class AgentStopStartIT {

    @Test
    void stoppedAgentGoesNotReadyAndComesBackAsTheSameNode(K3sCluster cluster) {
        var nodes = cluster.client().nodes();
        String uidBefore = nodes.withName("agent-2").get().getMetadata().getUid();

        cluster.stopAgent(2);
        assertThat(containerState(cluster, "agent-2")).isEqualTo("exited");
        nodes.withName("agent-2").waitUntilCondition(node -> "Unknown".equals(ready(node)) || "False".equals(ready(node)),
                3, TimeUnit.MINUTES);

        cluster.startAgent(2);
        Node back = nodes.withName("agent-2").get();
        assertThat(ready(back)).isEqualTo("True");
        assertThat(back.getMetadata().getUid()).as("the same Node object, not a new registration").isEqualTo(uidBefore);
    }

    @Test
    void pausedAgentIsFrozenAndResumes(K3sCluster cluster) {
        cluster.pauseAgent(1);
        try {
            assertThat(containerState(cluster, "agent-1")).isEqualTo("paused");
        } finally {
            cluster.unpauseAgent(1);
        }
        assertThat(containerState(cluster, "agent-1")).isEqualTo("running");
        cluster.client().nodes().withName("agent-1")
                .waitUntilCondition(node -> "True".equals(ready(node)), 2, TimeUnit.MINUTES);
    }

    private static String containerState(K3sCluster cluster, String node) {
        var containers = DockerClientFactory.instance().client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of("dev.unshaken.run", cluster.runId()))
                .withNameFilter(List.of("unshaken-" + cluster.runId() + "-" + node)).exec();
        assertThat(containers).hasSize(1);
        return containers.getFirst().getState();
    }

    private static String ready(Node node) {
        if (node == null || node.getStatus() == null || node.getStatus().getConditions() == null) {
            return "missing";
        }
        return node.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType()))
                .map(c -> c.getStatus()).findFirst().orElse("missing");
    }
}
