package dev.unshaken.chaos;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InFlightTriggerTest {

    private static final String SHOP_METRICS = """
            # HELP http_requests_total Requests answered.
            # TYPE http_requests_total counter
            http_requests_total{method="POST",route="/api/v1/orders",status="201"} 41
            # HELP http_requests_in_flight Requests being served now.
            # TYPE http_requests_in_flight gauge
            http_requests_in_flight 4
            http_requests_in_flight_max 9
            """;

    @Test
    void readsTheGaugeAndNotAMetricThatSharesItsPrefix() {
        assertThat(InFlightTrigger.gauge(SHOP_METRICS, InFlightTrigger.METRIC)).hasValue(4);
    }

    @Test
    void sumsTheGaugeOverItsLabelSets() {
        String perHandler = """
                http_requests_in_flight{handler="orders"} 2
                http_requests_in_flight{handler="metrics",path="/a{b}"} 1 1767225600000
                """;
        assertThat(InFlightTrigger.gauge(perHandler, InFlightTrigger.METRIC)).hasValue(3);
    }

    @Test
    void isEmptyWhenTheServiceDoesNotExposeIt() {
        assertThat(InFlightTrigger.gauge("process_cpu_seconds_total 3.2\n", InFlightTrigger.METRIC)).isEmpty();
        assertThat(InFlightTrigger.gauge("http_requests_in_flight NaNish\n", InFlightTrigger.METRIC)).isEmpty();
    }

    @Test
    void readsThePortNamedHttpElseTheFirstDeclared() {
        Pod named = new PodBuilder().withNewSpec()
                .addNewContainer().addNewPort().withName("metrics").withContainerPort(9090).endPort()
                .addNewPort().withName("http").withContainerPort(8082).endPort().endContainer().endSpec().build();
        Pod unnamed = new PodBuilder().withNewSpec()
                .addNewContainer().addNewPort().withContainerPort(3000).endPort().endContainer().endSpec().build();

        assertThat(InFlightTrigger.port(named)).isEqualTo("8082");
        assertThat(InFlightTrigger.port(unnamed)).isEqualTo("3000");
    }

    @Test
    void refusesATriggerThatWaitsForNothing() {
        assertThatThrownBy(() -> new InFlightTrigger(0, Duration.ofSeconds(10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1, got 0");
        assertThatThrownBy(() -> PodDelete.graceful(PodTarget.labelled("shop", "app", "order-service")).whenInFlight(1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be positive");
    }
}
