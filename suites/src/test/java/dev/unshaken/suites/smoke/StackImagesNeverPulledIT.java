package dev.unshaken.suites.smoke;

import dev.unshaken.fixtures.cluster.Cluster;
import dev.unshaken.fixtures.cluster.ClusterExtension;
import dev.unshaken.fixtures.cluster.TestNamespace;
import dev.unshaken.fixtures.stack.StackManifests;
import dev.unshaken.suites.RunsBesideOthers;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bad action: a node that lacks one of the shop's images is asked to run it, as on a staging cluster nobody
 * preloaded. With the stack's own pod spec (pull policy Never) the kubelet refuses at once; it never tries a registry,
 * where a same-named image published by anyone would otherwise be fetched and run.
 */
@RunsBesideOthers
@ExtendWith(ClusterExtension.class)
class StackImagesNeverPulledIT {

    @Test
    void aMissingShopImageFailsOnTheNodeWithoutAnyPull(Cluster cluster, TestNamespace namespace) {
        var gateway = StackManifests.load().stream()
                .filter(o -> o instanceof Deployment d && d.getMetadata().getName().equals("api-gateway"))
                .map(o -> (Deployment) o).findFirst().orElseThrow();
        var spec = gateway.getSpec().getTemplate().getSpec();
        spec.getContainers().getFirst().setImage("unshaken/api-gateway:0.0.0-never-loaded");
        var pods = cluster.client().pods().inNamespace(namespace.name());
        pods.resource(new PodBuilder().withNewMetadata().withName("gateway-without-image").endMetadata().withSpec(spec).build()).create();

        // The container waits as ContainerCreating first; the kubelet's decision on the image replaces that reason.
        Pod waiting = pods.withName("gateway-without-image").waitUntilCondition(p -> p != null && p.getStatus() != null
                && p.getStatus().getContainerStatuses().stream().anyMatch(s -> s.getState().getWaiting() != null
                && s.getState().getWaiting().getReason() != null
                && !s.getState().getWaiting().getReason().equals("ContainerCreating")), 2, TimeUnit.MINUTES);

        assertThat(waiting.getStatus().getContainerStatuses().getFirst().getState().getWaiting().getReason())
                .isEqualTo("ErrImageNeverPull");
        // The kubelet's own words for it arrive as an event; a pull would have come as Pulling (then Failed or Pulled).
        List<String> reasons = await().atMost(Duration.ofSeconds(30)).until(() -> cluster.client().v1().events()
                .inNamespace(namespace.name()).list().getItems().stream().map(Event::getReason).toList(),
                seen -> seen.contains("ErrImageNeverPull"));
        assertThat(reasons).as("the kubelet's events for the pod").doesNotContain("Pulling", "Pulled");
    }
}
