package dev.unshaken.journal;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ShutdownExposureTest {

    @TempDir
    Path reports;

    private static RequestOutcome answered(long start, long end, String upstream) {
        return new RequestOutcome(start, end, "checkout", "order", "POST", "/api/v1/orders", 201, FailureKind.NONE, null, upstream);
    }

    private static RequestOutcome failed(long start, long end, String upstream) {
        return new RequestOutcome(start, end, "checkout", "order", "POST", "/api/v1/orders", 502, FailureKind.HTTP_5XX, "502", upstream);
    }

    @Test
    void nginxListsEveryUpstreamItTriedAndTheLastOneAnswered() {
        var retried = answered(0, 10, "10.42.1.7:8082, 10.42.2.9:8082");
        assertThat(retried.upstreams()).containsExactly("10.42.1.7:8082", "10.42.2.9:8082");
        assertThat(retried.wentTo("10.42.1.7", null)).isTrue();
        assertThat(retried.answeredBy("10.42.1.7", null)).isFalse();
        assertThat(retried.answeredBy("10.42.2.9", null)).isTrue();
        // 10.42.1.70 is another pod: an address is matched whole, never as a prefix.
        assertThat(answered(0, 10, "10.42.1.70:8082").wentTo("10.42.1.7", null)).isFalse();
        assertThat(answered(0, 10, "order-service-5d8-abcde").answeredBy(null, "order-service-5d8-abcde")).isTrue();
        assertThat(answered(0, 10, "[fd00::7]:8082").wentTo("fd00::7", null)).isTrue();
        assertThat(answered(0, 10, "10.42.1.7:8082 : 10.42.2.9:8082").upstreams()).hasSize(2);
        assertThat(answered(0, 10, null).upstreams()).isEmpty();
    }

    @Test
    void countsTheVictimsRequestsInFlightAtItsDeleteAndThoseSentToItAfter() {
        var delete = FaultEvent.started("f1", FaultKind.POD_DELETE, "shop/pod/order-service-5d8-abcde", 1000,
                Map.of(FaultEvent.POD_IP, "10.42.1.7"));
        List<RequestOutcome> requests = List.of(
                answered(900, 1500, "10.42.1.7:8082"),                    // in flight on the victim, answered
                failed(950, 1200, "10.42.1.7:8082"),                      // in flight on the victim, failed
                answered(900, 1100, "10.42.2.9:8082"),                    // in flight on another pod
                answered(100, 200, "10.42.1.7:8082"),                     // long before
                failed(1300, 1320, "10.42.1.7:8082"),                     // sent to it after the delete: failed
                answered(1400, 1460, "10.42.1.7:8082, 10.42.2.9:8082"),   // tried on it after, passed on
                answered(1400, 1460, "10.42.2.9:8082"),                   // after, elsewhere
                new RequestOutcome(1000, 1001, "checkout", "order", "POST", "/api/v1/orders", null, FailureKind.REFUSED, "refused"));

        ShutdownExposure exposure = ShutdownExposure.of(delete, requests);

        assertThat(exposure.attributed()).isEqualTo(7);
        assertThat(exposure.inFlight()).isEqualTo(2);
        assertThat(exposure.inFlightFailed()).isEqualTo(1);
        assertThat(exposure.receivedAfter()).isEqualTo(2);
        assertThat(exposure.receivedAfterFailed()).isEqualTo(1);
        assertThat(exposure.exposed()).isTrue();
        assertThat(exposure.describe()).isEqualTo("2 answered by it in flight at the delete (1 failed), 2 sent to it after the delete began (1 failed)");
    }

    @Test
    void saysWhenNothingCouldBeAttributed() {
        var delete = FaultEvent.started("f1", FaultKind.POD_DELETE, "shop/pod/order-service-5d8-abcde", 1000, Map.of());
        var unnamed = new RequestOutcome(900, 1500, "checkout", "order", "POST", "/api/v1/orders", 201, FailureKind.NONE, null);
        assertThat(ShutdownExposure.of(delete, List.of(unnamed)).measured()).isFalse();
        assertThat(ShutdownExposure.of(delete, List.of(unnamed)).describe()).isEqualTo("unattributed (no response named its upstream)");
        // Named upstreams, but the fault journaled no IP to match them to.
        var named = ShutdownExposure.of(delete, List.of(answered(900, 1500, "10.42.1.7:8082")));
        assertThat(named.measured()).isFalse();
        assertThat(named.describe()).isEqualTo("unattributed (its IP address was not journaled)");
        assertThat(named.exposed()).isFalse();
    }

    @Test
    void theUpstreamIsJournaledAndReadBackAndOldLinesWithoutItStillRead() throws Exception {
        var withUpstream = answered(1000, 1010, "10.42.1.7:8082");
        try (Journal journal = Journal.open(reports, "attributed")) {
            journal.record(withUpstream);
        }
        Path file = reports.resolve("attributed").resolve("journal.jsonl");
        assertThat(java.nio.file.Files.readString(file)).contains("\"upstream\":\"10.42.1.7:8082\"");
        assertThat(Journal.read(file).requests()).containsExactly(withUpstream);

        Path old = reports.resolve("old.jsonl");
        java.nio.file.Files.writeString(old, java.nio.file.Files.readString(file).replace(",\"upstream\":\"10.42.1.7:8082\"", ""));
        assertThat(Journal.read(old).requests()).singleElement().satisfies(r -> assertThat(r.upstream()).isNull());
    }
}
