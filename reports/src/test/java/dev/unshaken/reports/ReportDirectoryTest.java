package dev.unshaken.reports;

import dev.unshaken.journal.FailureKind;
import dev.unshaken.journal.FaultEvent;
import dev.unshaken.journal.FaultKind;
import dev.unshaken.journal.Observation;
import dev.unshaken.journal.ObservationKind;
import dev.unshaken.journal.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class ReportDirectoryTest {

    private static final String SECRET = "pg-Hunter2-9f8e7d";
    private static final String SECRET_BASE64 = Base64.getEncoder().encodeToString(SECRET.getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path dir;

    @Test
    void writesIndexSummaryConsoleTextAndOneDirectoryPerScenario() throws Exception {
        var written = new ReportDirectory(dir, Redactor.patternsOnly())
                .write(new RunReport("r", List.of(HtmlReportTest.sample())));

        assertThat(written.index()).isEqualTo(dir.resolve("index.html")).isRegularFile();
        assertThat(written.summary()).isEqualTo(dir.resolve("summary.json")).isRegularFile();
        assertThat(written.console()).isEqualTo(dir.resolve("console.txt")).isRegularFile();
        assertThat(written.scenarioPages()).containsExactly(dir.resolve("pod-kill").resolve(ReportDirectory.SCENARIO_PAGE));
        assertThat(Files.readString(written.scenarioPages().get(0))).contains("<title>Unshaken r — FAIL</title>", "pod-kill");
        assertThat(written.podLogs()).containsExactly(dir.resolve("pod-kill/pod-logs/shop_order-1_order.log"));
        assertThat(Files.readString(written.podLogs().get(0))).isEqualTo("# shop/order-1 container order: killed by fault f1 (POD_KILL)\nshutting down\n");
    }

    @Test
    void aKnownSecretIsInNoFileAndNoConsoleLine() throws Exception {
        ScenarioReport scenario = ScenarioReport.builder("leaky")
                .window(1_000, 9_000)
                .request(JournalRecords.failed(1_000, 1_010, "login " + SECRET, 401, FailureKind.OTHER, "rejected password " + SECRET))
                .fault(new FaultEvent("f1", FaultKind.ROLLOUT, "shop/deployment/db", 2_000, 3_000L,
                        Map.of("env", "POSTGRES_PASSWORD=" + SECRET, "note", "value " + SECRET_BASE64)))
                .observation(new Observation(2_500, ObservationKind.EVENT, "shop", "db.1", Map.of("type", "Warning", "reason", "Failed",
                        "object", "Pod/db-0", "message", "Error: secret data " + SECRET_BASE64 + " is " + SECRET)))
                .observation(new Observation(2_600, ObservationKind.POD, "shop", "db-0", Map.of("restarts", "1", "reason", SECRET)))
                .verdict(JournalRecords.atMost("no " + SECRET + " in logs", 1, 0, "lines", "the log said " + SECRET))
                .podLog(new PodLogTail("shop", "db-0", "postgres", "restarted 1 time", List.of(
                        "LOG:  connection authorized: user=app password=" + SECRET,
                        "env dump: {POSTGRES_PASSWORD=" + SECRET + ", PGDATA=/var/lib/postgresql}",
                        "raw " + SECRET + " and base64 " + SECRET_BASE64)))
                .note("journal line mentioned " + SECRET)
                .build();
        RunReport run = new RunReport("run-" + SECRET, List.of(scenario));
        Redactor redactor = Redactor.forSecrets(List.of(SECRET));

        var written = new ReportDirectory(dir, redactor).write(run);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        new ConsoleSummary(redactor).print(run, new PrintStream(console, true, StandardCharsets.UTF_8));
        PrintStream consoleStream = new PrintStream(console, true, StandardCharsets.UTF_8);
        Progress progress = Progress.timed(0, () -> 1_000_000_000L, (line, problem) -> consoleStream.println(line))
                .filteredBy(redactor::redact);
        progress.step("stack", "db ready with password " + SECRET);

        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).containsAll(written.files()).hasSizeGreaterThanOrEqualTo(4);
        for (Path file : files) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            assertThat(text).as(file.toString()).doesNotContain(SECRET).doesNotContain(SECRET_BASE64).contains(Redactor.MASK);
        }
        assertThat(console.toString(StandardCharsets.UTF_8)).doesNotContain(SECRET).contains(Redactor.MASK);
    }
}
