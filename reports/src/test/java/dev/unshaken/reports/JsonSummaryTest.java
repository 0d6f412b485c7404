package dev.unshaken.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unshaken.journal.Verdict;
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
                .containsExactly("schemaVersion", "runId", "start", "startMs", "end", "endMs", "passed", "outcome", "totals", "scenarios");
        assertThat(root.get("schemaVersion").asInt()).isEqualTo(2);
        assertThat(root.get("start").asText()).isEqualTo("2026-01-01T12:00:00Z");
        assertThat(root.get("totals").toString()).isEqualTo("{\"requests\":2,\"failures\":1,\"failureRate\":0.5,"
                + "\"failureKinds\":{\"REFUSED\":1},\"latencyMs\":{\"p50\":1,\"p95\":20,\"p99\":20}}");
        JsonNode scenario = root.get("scenarios").get(0);
        assertThat(scenario.properties()).extracting(Map.Entry::getKey)
                .containsExactly("name", "start", "startMs", "end", "endMs", "durationSeconds", "passed", "outcome", "requests", "faults",
                        "verdicts");
        assertThat(scenario.get("durationSeconds").asDouble()).isEqualTo(10.0);
        assertThat(scenario.get("verdicts").get(0).toString()).isEqualTo("{\"name\":\"no failed requests\",\"passed\":false,"
                + "\"outcome\":\"FAIL\",\"measured\":3,\"limit\":\"atMost\",\"budget\":0,\"unit\":\"requests\",\"evidence\":\"Requests failed while the pod was gone.\","
                + "\"expectedFailure\":false}");
    }

    @Test
    void writesAFailedNegativeControlAsPassingItsScenarioButAnUnmeasuredOneAsInconclusive() throws Exception {
        ScenarioReport caught = ScenarioReport.builder("caught").window(5, 5)
                .verdict(JournalRecords.expectingFailure(JournalRecords.atMost("no failed requests", 4, 0, "requests", "4 failed")))
                .build();
        ScenarioReport notExercised = ScenarioReport.builder("not-exercised").window(5, 5)
                .verdict(JournalRecords.expectingFailure(JournalRecords.inconclusive("kept 2 ready", Verdict.Limit.AT_LEAST, 2, "replicas", "never observed")))
                .build();
        JsonSummary written = JsonSummary.of(new RunReport("run-8", List.of(caught, notExercised)), Redactor.patternsOnly());

        JsonNode root = new ObjectMapper().readTree(written.toJson());

        assertThat(root.get("scenarios").get(0).get("passed").asBoolean()).as("it failed, as the test expected").isTrue();
        assertThat(root.get("scenarios").get(1).get("passed").asBoolean()).as("an unmeasured negative control caught nothing").isFalse();
        assertThat(root.get("scenarios").get(1).get("outcome").asText()).isEqualTo("INCONCLUSIVE");
        assertThat(root.get("passed").asBoolean()).isFalse();
        assertThat(root.get("outcome").asText()).isEqualTo("INCONCLUSIVE");
        JsonNode unmeasured = root.get("scenarios").get(1).get("verdicts").get(0);
        assertThat(unmeasured.get("measured").isNull()).isTrue();
        assertThat(unmeasured.get("passed").asBoolean()).isFalse();
        assertThat(unmeasured.get("outcome").asText()).isEqualTo("INCONCLUSIVE");
        assertThat(unmeasured.get("expectedFailure").asBoolean()).isTrue();
        assertThat(JsonSummary.read(written.write(dir.resolve("summary.json")))).isEqualTo(written);
        assertThatThrownBy(() -> JsonSummary.read(write(written.toJson()
                .replaceAll("\"passed\" : false,(\\s*)\"outcome\" : \"INCONCLUSIVE\"", "\"passed\" : true,$1\"outcome\" : \"PASS\""))))
                .as("a verdict cannot pass without a measurement").hasMessageContaining("measured: expected a number, found null");
        assertThatThrownBy(() -> JsonSummary.read(write(written.toJson().replaceFirst("\"passed\" : false", "\"passed\" : true"))))
                .hasMessageContaining("bad.json: passed is true, but outcome is \"INCONCLUSIVE\"");
    }

    @Test
    void aScenarioWithoutVerdictsIsInconclusive() throws Exception {
        JsonSummary written = JsonSummary.of(new RunReport("run-9", List.of(ScenarioReport.builder("idle").window(5, 5).build())),
                Redactor.patternsOnly());

        JsonNode scenario = new ObjectMapper().readTree(written.toJson()).get("scenarios").get(0);

        assertThat(scenario.get("passed").asBoolean()).isFalse();
        assertThat(scenario.get("outcome").asText()).isEqualTo("INCONCLUSIVE");
        assertThat(written.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
    }

    @Test
    void readsAVersion1FileTakingOutcomesFromPassed() throws Exception {
        String version2 = JsonSummary.of(new RunReport("run-7", List.of(HtmlReportTest.sample())), Redactor.patternsOnly()).toJson();
        String version1 = version2.replace("\"schemaVersion\" : 2", "\"schemaVersion\" : 1").replaceAll("\\s*\"outcome\" : \"[A-Z]+\",", "");

        JsonSummary read = JsonSummary.read(write(version1));

        assertThat(version1).doesNotContain("outcome");
        assertThat(read.schemaVersion()).isEqualTo(1);
        assertThat(read.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(read.scenarios().getFirst().verdicts().getFirst().outcome()).isEqualTo(Verdict.Outcome.FAIL);
    }

    @Test
    void readsBackWhatItWrote() {
        JsonSummary written = JsonSummary.of(new RunReport("run-7", List.of(HtmlReportTest.sample(),
                ScenarioReport.builder("idle").window(5, 5).verdict(JournalRecords.atLeast("ready", 2.5, 2, "", "")).build())),
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
        assertThatThrownBy(() -> JsonSummary.read(write("{\"schemaVersion\": 3}")))
                .hasMessageContaining("schemaVersion is 3, but this version of Unshaken reads schemaVersion 1 to 2");
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
