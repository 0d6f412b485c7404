package dev.unshaken.suites.smoke;

import dev.unshaken.fixtures.cluster.Cluster;
import dev.unshaken.fixtures.cluster.ClusterExtension;
import dev.unshaken.fixtures.cluster.K3sCluster;
import dev.unshaken.suites.RunsBesideOthers;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.DockerClientFactory;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@RunsBesideOthers
@ExtendWith(ClusterExtension.class)
class NodesReadyIT {

    @Test
    void everyNodeIsReady(Cluster cluster) {
        var nodes = cluster.client().nodes().list().getItems();

        assertThat(nodes).extracting(node -> node.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(cluster.nodeNames());
        assertThat(nodes).allSatisfy(node -> assertThat(ready(node)).as("Ready of " + node.getMetadata().getName()).isEqualTo("True"));
    }

    @Test
    void k3sClusterIsOneServerAndTwoAgentsOfTheRequestedVersion(K3sCluster cluster) {
        String kubernetesVersion = System.getProperty(K3sCluster.VERSION_PROPERTY, K3sCluster.DEFAULT_VERSION).split("\\+")[0];
        var nodes = cluster.client().nodes().list().getItems();

        assertThat(cluster.nodeNames()).containsExactly("server", "agent-1", "agent-2");
        assertThat(cluster.agentNodeNames()).containsExactly("agent-1", "agent-2");
        assertThat(nodes).allSatisfy(node -> assertThat(node.getStatus().getNodeInfo().getKubeletVersion())
                .as("kubelet of " + node.getMetadata().getName()).startsWith(kubernetesVersion));
        assertThat(nodes).filteredOn(node -> node.getMetadata().getLabels().containsKey(Cluster.CONTROL_PLANE_LABEL))
                .extracting(node -> node.getMetadata().getName()).containsExactly("server");
    }

    @Test
    void theAgentsJoinTokenExpiresWithinADay(K3sCluster cluster) {
        var tokens = cluster.client().secrets().inNamespace("kube-system").list().getItems().stream()
                .filter(secret -> "bootstrap.kubernetes.io/token".equals(secret.getType())).toList();
        assertThat(tokens).as("the agents' bootstrap token").hasSize(1);
        String expiration = new String(Base64.getDecoder().decode(tokens.getFirst().getData().get("expiration")),
                StandardCharsets.UTF_8);
        assertThat(Instant.parse(expiration)).as("a join token that lives on is a standing way into the cluster")
                .isAfter(Instant.now()).isBefore(Instant.now().plus(Duration.ofHours(24)));
    }

    @Test
    void theApiServerAndTheNodePortsArePublishedOnLoopbackOnly(K3sCluster cluster) {
        List<Container> nodes = DockerClientFactory.instance().client().listContainersCmd()
                .withLabelFilter(Map.of("dev.unshaken.run", cluster.runId())).exec();
        List<ContainerPort> published = nodes.stream().flatMap(node -> List.of(node.getPorts()).stream())
                .filter(port -> port.getPublicPort() != null).toList();

        // The admin kubeconfig's API server and the stack's NodePorts answer this machine's processes, nobody else.
        assertThat(published).as("ports published by the run's node containers").isNotEmpty()
                .allSatisfy(port -> assertThat(port.getIp()).as("host address of container port " + port.getPrivatePort())
                        .isEqualTo("127.0.0.1"));
        assertThat(published).extracting(ContainerPort::getPublicPort)
                .contains(URI.create(cluster.server()).getPort(), cluster.nodePortUrl(30080).getPort());
    }

    private static String ready(Node node) {
        return node.getStatus().getConditions().stream()
                .filter(condition -> "Ready".equals(condition.getType()))
                .map(NodeCondition::getStatus)
                .findFirst().orElse("missing");
    }
}
