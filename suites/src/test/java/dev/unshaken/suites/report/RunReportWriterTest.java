package dev.unshaken.suites.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unshaken.journal.FailureKind;
import dev.unshaken.journal.FaultEvent;
import dev.unshaken.journal.FaultKind;
import dev.unshaken.journal.Journal;
import dev.unshaken.journal.Observation;
import dev.unshaken.journal.ObservationKind;
import dev.unshaken.journal.RequestOutcome;
import dev.unshaken.reports.PodLogTail;
import dev.unshaken.reports.Redactor;
import dev.unshaken.suites.verdicts.InconclusiveVerdictError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static dev.unshaken.suites.verdicts.Verdicts.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** The end-of-run writer on journals built by hand, with the verdicts recording into them as they do in a run. */
class RunReportWriterTest {

    private static final long T0 = 1_767_225_600_000L;
    private static final String SECRET = "shop-Hunter2-7c1d9e";
    private static final String SECRET_BASE64 = Base64.getEncoder().encodeToString(SECRET.getBytes(StandardCharsets.UTF_8));
    private static final String TEST_CLASS = "dev.unshaken.suites.scenarios.PodDeleteUnderLoadIT";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    @Test
    void writesIndexScenarioPagesSummaryAndTheConsoleTableWithEveryVerdict() throws Exception {
        Path reports = dir.resolve("unshaken-reports");
        Path deletes = scenario(reports, "graceful-deletes", journal -> {
            assertThat(journal).hasAtMostFailedRequestsAround(1, FaultKind.POD_DELETE, Duration.ofSeconds(5));
            assertThatThrownBy(() -> assertThat(journal).hasNoFailedRequests());
        });
        Path control = scenario(reports, "routed-while-terminating", journal ->
                assertThatThrownBy(() -> assertThat(journal).asNegativeControl().hasNoFailedRequestsAround(FaultKind.POD_DELETE,
                        Duration.ofSeconds(5))));
        Path gatling = Files.createDirectories(deletes.resolveSibling("gatling").resolve("journeysimulation-20260101120000"));
        Files.writeString(gatling.resolve("index.html"), "<html>Gatling</html>");

        var written = writer(reports).write(List.of(
                new ScenarioRun("graceful-deletes", deletes, TEST_CLASS, List.of()),
                new ScenarioRun("routed-while-terminating", control, TEST_CLASS, List.of())));

        assertThat(written.index()).isEqualTo(reports.resolve("index.html")).isRegularFile();
        assertThat(written.scenarioPages()).containsExactly(reports.resolve("graceful-deletes/report.html"),
                reports.resolve("routed-while-terminating/report.html"));
        String html = Files.readString(written.index());
        assertThat(html).contains("<td>at most 1 failed requests within 5 s of POD_DELETE</td><td class=\"num\">1 requests</td>"
                + "<td class=\"num\">≤ 1 requests</td>");
        assertThat(html).contains("<span class=\"badge fail\">FAIL</span></td><td>no failed requests during the whole run</td>"
                + "<td class=\"num\">1 requests</td><td class=\"num\">≤ 0 requests</td>");
        assertThat(html).contains("FAIL, as expected</span></td><td>no failed requests within 5 s of POD_DELETE</td>");
        assertThat(html).contains("href=\"graceful-deletes/gatling/journeysimulation-20260101120000/index.html\">Gatling report</a>",
                "href=\"../failsafe-reports/TEST-" + TEST_CLASS + ".xml\">failsafe XML</a>");

        JsonNode summary = new ObjectMapper().readTree(written.summary().toFile());
        assertThat(summary.get("passed").asBoolean()).isFalse();
        JsonNode first = summary.get("scenarios").get(0);
        assertThat(first.get("name").asText()).isEqualTo("graceful-deletes");
        assertThat(first.get("passed").asBoolean()).isFalse();
        assertThat(first.get("verdicts")).extracting(v -> v.get("name").asText(), v -> v.get("passed").asBoolean(),
                v -> v.get("measured").asDouble(), v -> v.get("budget").asDouble()).containsExactly(
                tuple("at most 1 failed requests within 5 s of POD_DELETE", true, 1.0, 1.0),
                tuple("no failed requests during the whole run", false, 1.0, 0.0));
        assertThat(first.get("verdicts").get(1).get("evidence").asText()).contains("but 1 of ", "GET /");
        JsonNode second = summary.get("scenarios").get(1);
        assertThat(second.get("passed").asBoolean()).as("its only verdict failed, as the negative control should").isTrue();
        assertThat(second.get("verdicts").get(0).get("expectedFailure").asBoolean()).isTrue();

        assertThat(console.toString(StandardCharsets.UTF_8)).contains(
                "[unshaken] run 20260101-000000: FAIL (2 scenarios, 3 verdicts, 1 failed)",
                "graceful-deletes          no failed requests during the whole run",
                "XFAIL",
                "[unshaken] report: " + written.index().toAbsolutePath().toUri());
    }

    @Test
    void aKnownSecretIsInNoFileItWritesAndNoLineItPrints() throws Exception {
        Path reports = dir.resolve("unshaken-reports");
        Path journal = scenario(reports, "leaky", j -> {
            j.record(new Observation(T0 + 21_000, ObservationKind.EVENT, "shop", "db.1", Map.of("type", "Warning", "reason", "Failed",
                    "object", "Pod/web-a", "message", "secret data " + SECRET_BASE64 + " is " + SECRET)));
            j.record(new RequestOutcome(T0 + 22_000, T0 + 22_004, "get", "login " + SECRET, "GET", "/?password=" + SECRET, 500,
                    FailureKind.HTTP_5XX, "HTTP 500 DB_PASSWORD=" + SECRET));
            assertThatThrownBy(() -> assertThat(j).hasNoFailedRequests());
        });
        var logs = new PodLogTail("shop", "web-a", "web", "deleted by fault f1 (POD_DELETE)", List.of(
                "connecting with password " + SECRET, "env: {DB_PASSWORD=" + SECRET + "}", "raw " + SECRET + " and " + SECRET_BASE64));

        var written = writer(reports).write(List.of(new ScenarioRun("leaky", journal, TEST_CLASS, List.of(logs))));

        List<Path> files;
        try (Stream<Path> walk = Files.walk(reports)) {
            // The journal is the harness's own record, written as the run goes, and is not redacted (see reports/README.md).
            files = walk.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().equals(Journal.FILE_NAME)).toList();
        }
        assertThat(files).containsExactlyInAnyOrderElementsOf(written.files()).hasSize(5);
        for (Path file : files) {
            assertThat(Files.readString(file)).as(file.toString()).doesNotContain(SECRET).doesNotContain(SECRET_BASE64);
        }
        assertThat(Files.readString(written.index())).contains("secret data " + Redactor.MASK + " is " + Redactor.MASK);
        assertThat(Files.readString(written.podLogs().getFirst())).contains("connecting with password " + Redactor.MASK);
        assertThat(console.toString(StandardCharsets.UTF_8)).doesNotContain(SECRET).contains("leaky");
        assertThat(Files.readString(journal)).as("the secret really went in").contains(SECRET);
    }

    @Test
    void aScenarioWithoutVerdictsOrWithAnUnmeasuredNegativeControlIsInconclusiveNotPassed() throws Exception {
        Path reports = dir.resolve("unshaken-reports");
        Path unjudged = scenario(reports, "unjudged", journal -> { });
        Path notExercised = scenario(reports, "not-exercised", journal ->
                assertThatThrownBy(() -> assertThat(journal).asNegativeControl().hasNoFailedRequestsAround(FaultKind.POD_KILL,
                        Duration.ofSeconds(5))).isInstanceOf(InconclusiveVerdictError.class));

        var written = writer(reports).write(List.of(new ScenarioRun("unjudged", unjudged, TEST_CLASS, List.of()),
                new ScenarioRun("not-exercised", notExercised, TEST_CLASS, List.of())));

        JsonNode summary = new ObjectMapper().readTree(written.summary().toFile());
        assertThat(summary.get("outcome").asText()).isEqualTo("INCONCLUSIVE");
        assertThat(summary.get("scenarios")).extracting(s -> s.get("name").asText(), s -> s.get("passed").asBoolean(),
                s -> s.get("outcome").asText()).containsExactly(
                tuple("unjudged", false, "INCONCLUSIVE"),
                tuple("not-exercised", false, "INCONCLUSIVE"));
        assertThat(summary.get("scenarios").get(1).get("verdicts").get(0).get("expectedFailure").asBoolean()).isTrue();
        assertThat(console.toString(StandardCharsets.UTF_8)).contains(
                "[unshaken] run 20260101-000000: INCONCLUSIVE (2 scenarios, 1 verdict, 0 failed, 1 inconclusive)",
                "unjudged       (no verdicts)", "INCONCLUSIVE").doesNotContain("XFAIL");
        assertThat(Files.readString(written.index())).contains("INCONCLUSIVE, expected FAIL").doesNotContain("as expected</span>");
    }

    @Test
    void aJournalThatCannotBeReadIsAnInconclusiveScenarioNotAMissingOne() throws Exception {
        Path reports = dir.resolve("unshaken-reports");
        Path broken = Files.createDirectories(reports.resolve("broken")).resolve(Journal.FILE_NAME);
        Files.writeString(broken, "not json\n{}\n");

        var written = writer(reports).write(List.of(new ScenarioRun("broken", broken, null, List.of())));

        JsonNode verdict = new ObjectMapper().readTree(written.summary().toFile()).get("scenarios").get(0).get("verdicts").get(0);
        assertThat(verdict.get("passed").asBoolean()).isFalse();
        assertThat(verdict.get("outcome").asText()).isEqualTo("INCONCLUSIVE");
        assertThat(verdict.get("measured").isNull()).isTrue();
        assertThat(verdict.get("evidence").asText()).contains("could not be read", "line 1 is not JSON");
        assertThat(Files.readString(written.index())).doesNotContain("failsafe XML");
    }

    @Test
    void findsTheNewestOfGatlingsReports() throws Exception {
        Path results = dir.resolve("gatling");
        Path older = Files.createDirectories(results.resolve("journeysimulation-1"));
        Path newer = Files.createDirectories(results.resolve("journeysimulation-2"));
        Files.createDirectories(results.resolve("journeysimulation-3-unfinished"));
        Files.writeString(older.resolve("index.html"), "");
        Files.writeString(newer.resolve("index.html"), "");
        assertThat(newer.resolve("index.html").toFile().setLastModified(System.currentTimeMillis() + 10_000)).isTrue();

        assertThat(RunReportWriter.gatlingReport(results)).contains(newer);
        assertThat(RunReportWriter.gatlingReport(dir.resolve("none"))).isEmpty();
    }

    private RunReportWriter writer(Path reports) {
        return new RunReportWriter(reports, dir.resolve("failsafe-reports"), Redactor.forSecrets(List.of(SECRET)),
                new PrintStream(console, true, StandardCharsets.UTF_8));
    }

    /**
     * A journal of 60 s of GET / every 100 ms, one failing at 22 s, pod web-a deleted from 20 s to 31 s; then
     * {@code verdicts} judge it, recording into it.
     */
    private static Path scenario(Path reports, String name, Consumer<Journal> verdicts) {
        try (Journal journal = Journal.open(reports, name)) {
            for (long t = T0; t < T0 + 60_000; t += 100) {
                boolean failed = t == T0 + 22_000;
                journal.record(new RequestOutcome(t, t + 8, "get", "GET /", "GET", "/", failed ? null : 200,
                        failed ? FailureKind.REFUSED : FailureKind.NONE, failed ? "Connection refused" : null));
            }
            FaultEvent delete = FaultEvent.started("f1", FaultKind.POD_DELETE, "shop/pod/web-a", T0 + 20_000, Map.of());
            journal.record(delete);
            journal.record(delete.endedAt(T0 + 31_000, Map.of()));
            verdicts.accept(journal);
            return journal.file();
        }
    }
}
