package dev.unshaken.chaos;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What a drain journals of a pod's requests in flight, against fabric8's mock API server (expectation mode). */
class InFlightAtEvictionTest {

    private KubernetesMockServer server;
    private KubernetesClient client;

    @BeforeEach
    void startApiServer() {
        server = new KubernetesMockServer(false);
        server.init();
        client = server.createClient(builder -> builder.editOrNewConfig().withRequestRetryBackoffLimit(0).endConfig());
    }

    @AfterEach
    void stopApiServer() {
        client.close();
        server.destroy();
    }

    @Test
    void readsTheGaugeThroughThePodProxyLessTheScrapeItself() {
        server.expect().get().withPath("/api/v1/namespaces/shop/pods/order-a:8080/proxy/metrics")
                .andReturn(200, "# TYPE http_requests_in_flight gauge\nhttp_requests_in_flight 4\n").once();

        var sample = new InFlightAtEviction(client).sample(pod("order-a", "http", 8080));

        assertThat(sample).hasValueSatisfying(s -> assertThat(s.inFlight()).isEqualTo(3));
    }

    @Test
    void aPodWithoutTheGaugeIsReadOnceAndThenLeftUnmeasured() {
        server.expect().get().withPath("/api/v1/namespaces/shop/pods/postgres-0:5432/proxy/metrics")
                .andReturn(502, "error trying to reach service").always();
        var gauges = new InFlightAtEviction(client);
        Pod postgres = pod("postgres-0", "postgres", 5432);

        assertThat(gauges.sample(postgres)).isEmpty();
        assertThat(gauges.sample(postgres)).isEmpty();
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    private static Pod pod(String name, String portName, int port) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("shop").endMetadata()
                .withNewSpec().addNewContainer().withName("app").addNewPort().withName(portName).withContainerPort(port).endPort()
                .endContainer().endSpec().build();
    }
}
