package dev.unshaken.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonSummaryTest {

    @TempDir
    Path dir;

    @Test
    void writesTheDocumentedFieldsInTheDocumentedOrder() throws Exception {
        RunReport run = new RunReport("run-7", List.of(HtmlReportTest.sample()));

        JsonNode root = new ObjectMapper().readTree(JsonSummary.of(run, Redactor.patternsOnly()).toJson());

        assertThat(root.properties()).extracting(Map.Entry::getKey)
                .containsExactly("schemaVersion", "runId", "start", "startMs", "end", "endMs", "passed", "totals", "scenarios");
        assertThat(root.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(root.get("start").asText()).isEqualTo("2026-01-01T12:00:00Z");
        assertThat(root.get("totals").toString()).isEqualTo("{\"requests\":2,\"failures\":1,\"failureRate\":0.5,"
                + "\"failureKinds\":{\"REFUSED\":1},\"latencyMs\":{\"p50\":1,\"p95\":20,\"p99\":20}}");
        JsonNode scenario = root.get("scenarios").get(0);
        assertThat(scenario.properties()).extracting(Map.Entry::getKey)
                .containsExactly("name", "start", "startMs", "end", "endMs", "durationSeconds", "passed", "requests", "faults", "verdicts");
        assertThat(scenario.get("durationSeconds").asDouble()).isEqualTo(10.0);
        assertThat(scenario.get("verdicts").get(0).toString()).isEqualTo("{\"name\":\"no failed requests\",\"passed\":false,"
                + "\"measured\":3,\"limit\":\"atMost\",\"budget\":0,\"unit\":\"requests\",\"evidence\":\"Requests failed while the pod was gone.\","
                + "\"expectedFailure\":false}");
    }

    @Test
    void writesAnUnmeasuredVerdictAsNullAndANegativeControlAsPassingItsScenario() throws Exception {
        ScenarioReport scenario = ScenarioReport.builder("controls").window(5, 5)
                .verdict(VerdictResult.atMost("no failed requests", 4, 0, "requests", "4 failed").expectingFailure())
                .verdict(VerdictResult.notMeasured("kept 2 ready", VerdictResult.Limit.AT_LEAST, 2, "replicas", "never observed")
                        .expectingFailure())
                .build();
        JsonSummary written = JsonSummary.of(new RunReport("run-8", List.of(scenario)), Redactor.patternsOnly());

        JsonNode root = new ObjectMapper().readTree(written.toJson());

        assertThat(root.get("passed").asBoolean()).as("both failed, as the test expected").isTrue();
        JsonNode unmeasured = root.get("scenarios").get(0).get("verdicts").get(1);
        assertThat(unmeasured.get("measured").isNull()).isTrue();
        assertThat(unmeasured.get("passed").asBoolean()).isFalse();
        assertThat(unmeasured.get("expectedFailure").asBoolean()).isTrue();
        assertThat(JsonSummary.read(written.write(dir.resolve("summary.json")))).isEqualTo(written);
        assertThatThrownBy(() -> JsonSummary.read(write(written.toJson().replace("\"passed\" : false", "\"passed\" : true"))))
                .as("a verdict cannot pass without a measurement").hasMessageContaining("measured: expected a number, found null");
    }

    @Test
    void readsBackWhatItWrote() {
        JsonSummary written = JsonSummary.of(new RunReport("run-7", List.of(HtmlReportTest.sample(),
                ScenarioReport.builder("idle").window(5, 5).verdict(VerdictResult.atLeast("ready", 2.5, 2, "", "")).build())),
                Redactor.patternsOnly());
        Path file = written.write(dir.resolve("summary.json"));

        assertThat(JsonSummary.read(file)).isEqualTo(written);
    }

    @Test
    void namesTheFileAndTheFieldOfBadInput() throws Exception {
        assertThatThrownBy(() -> JsonSummary.read(dir.resolve("missing.json")))
                .isInstanceOf(InvalidSummaryException.class).hasMessageContaining("missing.json does not exist");
        assertThatThrownBy(() -> JsonSummary.read(write("{\"schemaVersion\": 1,")))
                .hasMessageContaining("bad.json is not JSON (line 1").hasMessageContaining("expected the summary.json");
        assertThatThrownBy(() -> JsonSummary.read(write("[]")))
                .hasMessageContaining("bad.json: the top level: expected a JSON object, found an array []");
        assertThatThrownBy(() -> JsonSummary.read(write("{\"schemaVersion\": 2}")))
                .hasMessageContaining("schemaVersion is 2, but this version of Unshaken reads schemaVersion 1");
        String valid = JsonSummary.of(new RunReport("r", List.of(HtmlReportTest.sample())), Redactor.patternsOnly()).toJson();
        assertThatThrownBy(() -> JsonSummary.read(write(valid.replace("\"measured\" : 3", "\"measured\" : \"three\""))))
                .hasMessageContaining("bad.json: scenarios[0].verdicts[0].measured: expected a number, found a string \"three\"");
        assertThatThrownBy(() -> JsonSummary.read(write(valid.replace("\"runId\" : \"r\",", ""))))
                .hasMessageContaining("bad.json: runId is missing");
    }

    private Path write(String text) throws Exception {
        return Files.writeString(dir.resolve("bad.json"), text);
    }
}
