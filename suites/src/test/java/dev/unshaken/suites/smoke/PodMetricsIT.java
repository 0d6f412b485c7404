package dev.unshaken.suites.smoke;

import dev.unshaken.fixtures.cluster.Cluster;
import dev.unshaken.fixtures.cluster.ClusterExtension;
import dev.unshaken.fixtures.cluster.TestNamespace;
import dev.unshaken.fixtures.images.SmokeHttpImage;
import dev.unshaken.suites.RunsBesideOthers;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.ContainerMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@RunsBesideOthers
@ExtendWith(ClusterExtension.class)
class PodMetricsIT {

    @Test
    void metricsServerReportsPodCpuWithinAMinute(Cluster cluster, TestNamespace namespace) {
        var client = cluster.client();
        cluster.loadImage(SmokeHttpImage.ensureBuilt());
        client.apps().deployments().inNamespace(namespace.name())
                .resource(SmokeWorkloads.smokeHttp("measured", 1, cluster.agentNodeNames())).create();
        client.apps().deployments().inNamespace(namespace.name()).withName("measured")
                .waitUntilCondition(d -> d.getStatus() != null && Integer.valueOf(1).equals(d.getStatus().getReadyReplicas()),
                        3, TimeUnit.MINUTES);
        String pod = client.pods().inNamespace(namespace.name()).withLabel("app", "measured").list().getItems()
                .getFirst().getMetadata().getName();

        PodMetrics metrics = await("metrics.k8s.io usage of pod " + pod).atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(2)).ignoreExceptions()
                .until(() -> client.top().pods().metrics(namespace.name(), pod),
                        m -> m != null && m.getContainers() != null && !m.getContainers().isEmpty());

        assertThat(metrics.getMetadata().getName()).isEqualTo(pod);
        ContainerMetrics container = metrics.getContainers().getFirst();
        assertThat(container.getName()).isEqualTo("smoke-http");
        assertThat(container.getUsage()).containsKeys("cpu", "memory");
        assertThat(container.getUsage().get("cpu").getNumericalAmount()).as("CPU cores").isGreaterThanOrEqualTo(BigDecimal.ZERO);
        assertThat(container.getUsage().get("memory").getNumericalAmount()).as("memory bytes").isPositive();
    }
}
