package dev.unshaken.reports;

import dev.unshaken.journal.FailureKind;
import dev.unshaken.journal.RequestOutcome;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RequestStatsTest {

    @Test
    void countsFailuresByKindAndTakesNearestRankPercentilesOfAllRequests() {
        List<RequestOutcome> requests = new ArrayList<>();
        for (int ms = 1; ms <= 100; ms++) {
            requests.add(JournalRecords.ok(0, ms, "get", 200));
        }
        requests.set(99, JournalRecords.failed(0, 10_000, "get", null, FailureKind.TIMEOUT, "Request timeout"));
        requests.set(0, JournalRecords.failed(0, 1, "get", null, FailureKind.REFUSED, "Connection refused"));

        RequestStats stats = RequestStats.of(requests);

        assertThat(stats.requests()).isEqualTo(100);
        assertThat(stats.failures()).isEqualTo(2);
        assertThat(stats.failureKinds()).containsExactly(Map.entry("REFUSED", 1L), Map.entry("TIMEOUT", 1L));
        assertThat(stats.p50Ms()).isEqualTo(50);
        assertThat(stats.p95Ms()).isEqualTo(95);
        assertThat(stats.p99Ms()).isEqualTo(99);
        assertThat(stats.failureRate()).isEqualTo(0.02);
    }

    @Test
    void hasNoPercentilesWithoutRequests() {
        RequestStats stats = RequestStats.of(List.of());

        assertThat(stats.p50Ms()).isNull();
        assertThat(stats.p99Ms()).isNull();
        assertThat(stats.failureRate()).isZero();
    }
}
