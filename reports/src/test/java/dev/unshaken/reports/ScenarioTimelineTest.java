package dev.unshaken.reports;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unshaken.journal.FailureKind;
import dev.unshaken.journal.FaultEvent;
import dev.unshaken.journal.FaultKind;
import dev.unshaken.journal.Observation;
import dev.unshaken.journal.ObservationKind;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ScenarioTimelineTest {

    private static final long T0 = 1_000_000;

    private final ScenarioReport scenario = ScenarioReport.builder("s")
            .window(T0, T0 + 3_500)
            .request(JournalRecords.ok(T0 + 100, T0 + 110, "a", 200))
            .request(JournalRecords.ok(T0 + 200, T0 + 400, "a", 200))
            .request(JournalRecords.failed(T0 + 900, T0 + 1_200, "a", 503, FailureKind.HTTP_5XX, "503"))
            .request(JournalRecords.ok(T0 + 3_000, T0 + 3_020, "a", 200))
            .fault(new FaultEvent("f1", FaultKind.POD_KILL, "shop/pod/p", T0 + 1_000, T0 + 2_000, Map.of()))
            .fault(new FaultEvent("f2", FaultKind.NODE_STOP, "node/agent-1", T0 + 2_500, null, Map.of()))
            .observation(new Observation(T0, ObservationKind.DEPLOYMENT, "shop", "order", Map.of("ready", "3")))
            .observation(new Observation(T0 + 1_500, ObservationKind.DEPLOYMENT, "shop", "order", Map.of("ready", "2")))
            .observation(new Observation(T0 + 2_000, ObservationKind.HPA, "shop", "order", Map.of("desired", "4")))
            .build();

    @Test
    void bucketsResponsesPerSecondByTheirEnd() {
        ScenarioTimeline timeline = new ScenarioTimeline(scenario);

        assertThat(timeline.buckets()).isEqualTo(4);
        assertThat(timeline.okPerSecond()).containsExactly(2, 0, 0, 1);
        assertThat(timeline.failedPerSecond()).containsExactly(0, 1, 0, 0);
        assertThat(timeline.latencyPercentile(99)).containsExactly(200L, 300L, null, 20L);
        assertThat(timeline.latencyPercentile(50)).containsExactly(10L, 300L, null, 20L);
    }

    @Test
    void holdsReplicaStepsUntilTheEndAndDrawsFaultsInSecondsSinceTheStart() {
        JsonNode json = new ScenarioTimeline(scenario).toJson();

        assertThat(json.get("duration").asDouble()).isEqualTo(3.5);
        assertThat(json.get("faults").toString()).isEqualTo("[{\"label\":\"f1 POD_KILL\",\"start\":1.0,\"end\":2.0,\"open\":false,\"instant\":false},"
                + "{\"label\":\"f2 NODE_STOP\",\"start\":2.5,\"end\":3.5,\"open\":true,\"instant\":false}]");
        assertThat(json.get("replicas").get(0).get("label").asText()).isEqualTo("ready shop/order");
        assertThat(json.get("replicas").get(0).get("points").toString()).isEqualTo("[{\"x\":0.0,\"y\":3},{\"x\":1.5,\"y\":2},{\"x\":3.5,\"y\":2}]");
        assertThat(json.get("replicas").get(1).get("label").asText()).isEqualTo("HPA desired shop/order");
        assertThat(json.get("latency").get("p99").get(2).toString()).isEqualTo("{\"x\":2.5,\"y\":null}");
    }
}
