package dev.unshaken.chaos;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A node failure counts as taken effect only when the node went silent: no Lease renewal since, or marked not Ready. */
class NodeHeartbeatTest {

    private static final Instant DOWN_AT = Instant.parse("2026-11-30T18:00:00Z");

    @Test
    void aLeaseLastRenewedBeforeTheFailureShowsTheNodeWentSilent() {
        var heartbeat = new NodeHeartbeat(DOWN_AT.minusSeconds(4), "True");

        assertThat(heartbeat.silentSince(DOWN_AT)).isTrue();
        assertThat(heartbeat.leaseSilentSeconds(DOWN_AT.plusSeconds(30))).isEqualTo("34.0");
    }

    @Test
    void aRenewalDuringTheFailureMeansItDidNotTakeEffect() {
        assertThat(new NodeHeartbeat(DOWN_AT.plusSeconds(12), "True").silentSince(DOWN_AT)).isFalse();
    }

    @Test
    void aRenewalStampedWithinTheClockSlackStillCountsAsBeforeTheFailure() {
        assertThat(new NodeHeartbeat(DOWN_AT.plusMillis(800), "True").silentSince(DOWN_AT)).isTrue();
    }

    @Test
    void withoutALeaseOnlyTheReadyConditionCanTell() {
        assertThat(new NodeHeartbeat(null, "Unknown").silentSince(DOWN_AT)).isTrue();
        assertThat(new NodeHeartbeat(null, "True").silentSince(DOWN_AT)).isFalse();
        assertThat(new NodeHeartbeat(null, "True").leaseSilentSeconds(DOWN_AT)).isEqualTo("none");
    }

    @Test
    void aFailureTooShortToMissARenewalIsRefused() {
        assertThatThrownBy(() -> NodeFailure.pause("agent-1", ofSeconds(10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a node failure of 10.0 s cannot prove it took effect")
                .hasMessageContaining("every 10 s");
        assertThat(NodeFailure.stop("agent-1", NodeFailure.SHORTEST).describe()).isEqualTo("power-off of node agent-1 for 15 s");
    }
}
