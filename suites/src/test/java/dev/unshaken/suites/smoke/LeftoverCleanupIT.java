package dev.unshaken.suites.smoke;

import dev.unshaken.fixtures.cluster.Cluster;
import dev.unshaken.fixtures.cluster.ClusterExtension;
import dev.unshaken.fixtures.cluster.Leftovers;
import dev.unshaken.fixtures.cluster.ObjectLabels;
import dev.unshaken.suites.RunsAlone;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cleanup command's work ({@code -Punshaken-cleanup}, {@link Leftovers}) on a real cluster: what two runs killed
 * before their cleanup left behind (labelled namespaces; a node cordoned by a drain) is listed per run, and removing
 * one run removes exactly its namespace and uncordons exactly its node, while the other run's namespace, a node
 * someone else cordoned and every unlabelled namespace stay as they were.
 */
@RunsAlone
@ExtendWith(ClusterExtension.class)
class LeftoverCleanupIT {

    private static final String KILLED = "dead0001";
    private static final String OTHER = "dead0002";

    @Test
    void removingOneRunsLeftoversTouchesNothingElse(Cluster cluster) {
        var client = cluster.client();
        List<String> agents = cluster.agentNodeNames();
        String cordonedByRun = agents.get(0);
        String cordonedByHand = agents.get(1);
        try {
            createNamespace(client, "leftover-" + KILLED, Map.of(ObjectLabels.MANAGED, "true", ObjectLabels.RUN, KILLED));
            createNamespace(client, "leftover-" + OTHER, Map.of(ObjectLabels.MANAGED, "true", ObjectLabels.RUN, OTHER));
            createNamespace(client, "leftover-unlabelled", Map.of());
            cordon(client, cordonedByRun, KILLED);
            cordon(client, cordonedByHand, null);

            var found = Leftovers.find(client);
            assertThat(found).extracting(Leftovers::runId).contains(KILLED, OTHER);
            var killed = found.stream().filter(l -> l.runId().equals(KILLED)).findFirst().orElseThrow();
            assertThat(killed.namespaces()).containsExactly("leftover-" + KILLED);
            assertThat(killed.cordonedNodes()).containsExactly(cordonedByRun);
            assertThat(killed.describe()).startsWith("run " + KILLED + " (since ").contains("cordoned nodes " + cordonedByRun);

            assertThat(Leftovers.remove(client, List.of(KILLED), Duration.ofMinutes(1))).isEmpty();

            assertThat(client.namespaces().withName("leftover-" + KILLED).get()).as("the killed run's namespace").isNull();
            assertThat(client.nodes().withName(cordonedByRun).get().getSpec().getUnschedulable()).as("its node, uncordoned")
                    .isNotEqualTo(Boolean.TRUE);
            assertThat(client.namespaces().withName("leftover-" + OTHER).get()).as("the other run's namespace").isNotNull();
            assertThat(client.namespaces().withName("leftover-unlabelled").get()).as("an unlabelled namespace").isNotNull();
            assertThat(client.nodes().withName(cordonedByHand).get().getSpec().getUnschedulable())
                    .as("a node cordoned by someone else").isTrue();
            assertThat(Leftovers.find(client)).extracting(Leftovers::runId).doesNotContain(KILLED).contains(OTHER);
            assertThat(Leftovers.remove(client, List.of("0badc0de"), Duration.ofSeconds(5)))
                    .singleElement().asString().contains("run 0badc0de left nothing in this cluster").contains(OTHER);
        } finally {
            for (String ns : List.of("leftover-" + KILLED, "leftover-" + OTHER, "leftover-unlabelled")) {
                client.namespaces().withName(ns).delete();
            }
            uncordon(client, cordonedByRun);
            uncordon(client, cordonedByHand);
        }
    }

    private static void createNamespace(KubernetesClient client, String name, Map<String, String> labels) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata().build()).create();
    }

    private static void cordon(KubernetesClient client, String node, String byRun) {
        client.nodes().withName(node).edit(n -> {
            var edited = new NodeBuilder(n).editSpec().withUnschedulable(true).endSpec();
            return byRun == null ? edited.build() : edited.editMetadata().addToLabels(ObjectLabels.CORDONED_BY, byRun).endMetadata().build();
        });
    }

    private static void uncordon(KubernetesClient client, String node) {
        client.nodes().withName(node).edit(n -> new NodeBuilder(n).editMetadata().removeFromLabels(ObjectLabels.CORDONED_BY).endMetadata()
                .editSpec().withUnschedulable(false).endSpec().build());
    }
}
