package dev.unshaken.chaos;

import org.junit.jupiter.api.Test;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NetworkFaultTest {

    private static final PodTarget ORDERS = PodTarget.labelled("shop", "app", "order-service");
    private static final Destination PAYMENTS = Destination.service("shop", "payment-service");

    @Test
    void aPartitionSaysWhetherItActsBothWays() {
        assertThat(NetworkFault.partition(ORDERS, PAYMENTS, ofSeconds(20)).describe())
                .startsWith("partition (packets dropped) of the pods labelled");
        assertThat(NetworkFault.partition(ORDERS, PAYMENTS, ofSeconds(20)).bothWays().rejecting().onePod().describe())
                .startsWith("partition (packets rejected, both ways) of one pod labelled");
        assertThat(NetworkFault.partition(ORDERS, PAYMENTS, ofSeconds(20)).rejecting().bothWays().describe())
                .contains("(packets rejected, both ways)");
    }

    @Test
    void lossAndLatencyActOnOutgoingPacketsOnly() {
        assertThatThrownBy(() -> NetworkFault.packetLoss(ORDERS, PAYMENTS, 30, ofSeconds(20)).bothWays())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("packet loss acts on the pods' outgoing packets");
        assertThatThrownBy(() -> NetworkFault.latency(ORDERS, PAYMENTS, ofMillis(300), ofSeconds(20)).bothWays())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("added latency");
    }
}
