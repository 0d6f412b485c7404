package dev.unshaken.suites.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unshaken.journal.FailureKind;
import dev.unshaken.journal.FaultEvent;
import dev.unshaken.journal.FaultKind;
import dev.unshaken.journal.Journal;
import dev.unshaken.journal.RequestOutcome;
import dev.unshaken.suites.UnshakenScenario;
import dev.unshaken.suites.verdicts.InconclusiveVerdictError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static dev.unshaken.suites.verdicts.Verdicts.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Runs {@link SampleScenarios} (no cluster: journals only) through the JUnit launcher, as failsafe does, and checks
 * that the report is written when the run ends.
 */
class ReportExtensionTest {

    @TempDir
    Path dir;

    @Test
    void writesTheReportOfTheScenariosThatRanWhenTheRunEnds() throws Exception {
        Path reports = dir.resolve("unshaken-reports");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        TestExecutionSummary summary = runSampleScenarios(SampleScenarios.class, reports, dir.resolve("failsafe-reports"), console);

        assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
        assertThat(summary.getTestsFailedCount()).as("the crash").isEqualTo(1);
        assertThat(reports.resolve("index.html")).isRegularFile();
        assertThat(reports.resolve("report-sample-passes").resolve("report.html")).isRegularFile();

        Map<String, JsonNode> scenarios = new HashMap<>();
        new ObjectMapper().readTree(reports.resolve("summary.json").toFile()).get("scenarios")
                .forEach(s -> scenarios.put(s.get("name").asText(), s));
        assertThat(scenarios).containsOnlyKeys("report-sample-passes", "report-sample-negative-control", "report-sample-crashes");
        assertThat(scenarios.get("report-sample-passes").get("passed").asBoolean()).isTrue();
        assertThat(scenarios.get("report-sample-passes").get("verdicts").get(0).get("name").asText())
                .isEqualTo("no failed requests within 2 s of POD_KILL");
        assertThat(scenarios.get("report-sample-negative-control").get("passed").asBoolean()).isTrue();
        assertThat(scenarios.get("report-sample-negative-control").get("verdicts").get(0).get("expectedFailure").asBoolean()).isTrue();
        JsonNode crash = scenarios.get("report-sample-crashes");
        assertThat(crash.get("passed").asBoolean()).isFalse();
        assertThat(crash.get("verdicts").get(0).get("name").asText()).isEqualTo(ReportExtension.RAN_TO_ITS_END);
        assertThat(crash.get("verdicts").get(0).get("evidence").asText())
                .isEqualTo("the test failed before any verdict: IllegalStateException: the stack never came up");

        assertThat(Files.readString(reports.resolve("index.html")))
                .contains("href=\"../failsafe-reports/TEST-" + SampleScenarios.class.getName() + ".xml\">failsafe XML</a>");
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("[unshaken] run ", ": FAIL (3 scenarios, 3 verdicts, 1 failed)",
                "XFAIL", "[unshaken] report: ");
    }

    @Test
    void aTestWhoseNegativeControlCaughtNothingFailsThoughItCaughtTheVerdictsError() throws Exception {
        Path reports = dir.resolve("unshaken-reports");
        TestExecutionSummary summary = runSampleScenarios(UnexercisedTwin.class, reports, dir.resolve("failsafe-reports"),
                new ByteArrayOutputStream());

        assertThat(summary.getTestsFailedCount()).isEqualTo(1);
        assertThat(summary.getFailures().getFirst().getException()).isInstanceOf(InconclusiveVerdictError.class)
                .hasMessageStartingWith("the test passed, but 1 of its negative controls caught nothing")
                .hasMessageContaining("INCONCLUSIVE: no failed requests within 2 s of POD_DELETE: the journal holds no POD_DELETE fault");
        JsonNode scenario = new ObjectMapper().readTree(reports.resolve("summary.json").toFile()).get("scenarios").get(0);
        assertThat(scenario.get("outcome").asText()).isEqualTo("INCONCLUSIVE");
        assertThat(scenario.get("verdicts")).as("the test's failure is the control's, not another verdict").hasSize(1);
    }

    /** Runs the sample scenarios with the reports going to {@code reports}, capturing standard output. */
    private static TestExecutionSummary runSampleScenarios(Class<?> scenarios, Path reports, Path failsafeReports,
                                                           ByteArrayOutputStream console) {
        String reportsBefore = System.getProperty(Journal.REPORTS_DIR_PROPERTY);
        String failsafeBefore = System.getProperty(RunReportWriter.FAILSAFE_REPORTS_PROPERTY);
        PrintStream out = System.out;
        System.setProperty(Journal.REPORTS_DIR_PROPERTY, reports.toString());
        System.setProperty(RunReportWriter.FAILSAFE_REPORTS_PROPERTY, failsafeReports.toString());
        System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
        try {
            var listener = new SummaryGeneratingListener();
            LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(scenarios)).build(),
                    listener);
            return listener.getSummary();
        } finally {
            System.setOut(out);
            restore(Journal.REPORTS_DIR_PROPERTY, reportsBefore);
            restore(RunReportWriter.FAILSAFE_REPORTS_PROPERTY, failsafeBefore);
        }
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }

    /** Scenarios without a cluster, run only by the test above (surefire skips nested classes). */
    @UnshakenScenario
    static class SampleScenarios {

        @Test
        void reportSamplePasses(Journal journal) {
            tenSecondsOfLoadWithAPodKill(journal, false);
            assertThat(journal).hasNoFailedRequestsAround(FaultKind.POD_KILL, Duration.ofSeconds(2));
        }

        @Test
        void reportSampleNegativeControl(Journal journal) {
            tenSecondsOfLoadWithAPodKill(journal, true);
            assertThatThrownBy(() -> assertThat(journal).asNegativeControl().hasNoFailedRequestsAround(FaultKind.POD_KILL,
                    Duration.ofSeconds(2))).hasMessageContaining("but 1 of ");
        }

        @Test
        void reportSampleCrashes(Journal journal) {
            tenSecondsOfLoadWithAPodKill(journal, false);
            throw new IllegalStateException("the stack never came up");
        }

        static void tenSecondsOfLoadWithAPodKill(Journal journal, boolean oneFails) {
            long start = journal.now() - 10_000;
            for (long t = start; t < start + 10_000; t += 100) {
                boolean failed = oneFails && t == start + 5_000;
                journal.record(new RequestOutcome(t, t + 5, "get", "GET /", "GET", "/", failed ? 503 : 200,
                        failed ? FailureKind.HTTP_5XX : FailureKind.NONE, failed ? "HTTP 503" : null));
            }
            FaultEvent kill = FaultEvent.started(journal.nextFaultId(), FaultKind.POD_KILL, "ns/pod/web-a", start + 4_000, Map.of());
            journal.record(kill);
            journal.record(kill.endedAt(start + 4_100, Map.of()));
        }
    }

    /** A twin whose defect was never exercised (no pod was deleted), which the test's weak check lets through. */
    @UnshakenScenario
    static class UnexercisedTwin {

        @Test
        void reportSampleUnexercisedTwin(Journal journal) {
            SampleScenarios.tenSecondsOfLoadWithAPodKill(journal, true);
            assertThatThrownBy(() -> assertThat(journal).asNegativeControl().hasNoFailedRequestsAround(FaultKind.POD_DELETE,
                    Duration.ofSeconds(2))).isInstanceOf(AssertionError.class);
        }
    }
}
