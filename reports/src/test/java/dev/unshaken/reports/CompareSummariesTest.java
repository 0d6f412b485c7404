package dev.unshaken.reports;

import dev.unshaken.journal.FailureKind;
import dev.unshaken.journal.RequestOutcome;
import dev.unshaken.journal.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CompareSummariesTest {

    private static final long T0 = 1_767_268_800_000L;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void nothingWorseExitsZero() {
        Path old = summary("old.json", run(10, 0, 20, true));
        Path now = summary("new.json", run(10, 0, 21, true));

        assertThat(compare(old.toString(), now.toString())).isEqualTo(0);
        assertThat(out()).contains("Nothing got worse.");
    }

    @Test
    void printsVerdictsThatWentFromPassToFailAndExitsOne() {
        Path old = summary("old.json", run(10, 0, 20, true));
        Path now = summary("new.json", run(10, 0, 20, false));

        assertThat(compare(old.toString(), now.toString())).isEqualTo(1);
        assertThat(out()).contains("WORSE  checkout: verdict \"no failed requests\" went PASS → FAIL: measured 0 requests → 4 requests, "
                + "budget ≤ 0 requests; 4 requests failed", "1 thing got worse.");
    }

    @Test
    void aNegativeControlThatStopsFailingGotWorse() {
        Path old = summary("old.json", run(10, 0, 20, false, true));
        Path now = summary("new.json", run(10, 0, 20, true, true));

        assertThat(compare(old.toString(), now.toString())).isEqualTo(1);
        assertThat(out()).contains("WORSE  checkout: verdict \"no failed requests\" went XFAIL → XPASS: measured 4 requests → 0 requests");
        assertThat(compare(old.toString(), old.toString())).as("failing as expected twice is no change").isEqualTo(0);
    }

    @Test
    void aVerdictThatCanNoLongerBeJudgedGotWorse() {
        Path old = summary("old.json", run(10, 0, 20, true));
        Path now = summary("new.json", run(10, 0, 20, JournalRecords.inconclusive("no failed requests", Verdict.Limit.AT_MOST, 0,
                "requests", "INCONCLUSIVE: no failed requests: no request was in flight")));

        assertThat(compare(old.toString(), now.toString())).isEqualTo(1);
        assertThat(out()).contains("WORSE  checkout: verdict \"no failed requests\" went PASS → INCONCLUSIVE: measured 0 requests → "
                + "not measured, budget ≤ 0 requests; INCONCLUSIVE: no failed requests: no request was in flight");
        out.reset();
        assertThat(compare(now.toString(), old.toString())).isEqualTo(0);
        assertThat(out()).contains("BETTER checkout: verdict \"no failed requests\" went INCONCLUSIVE → PASS");
    }

    @Test
    void aScenarioThatPassedAndNowRecordedNoVerdictGotWorse() {
        Path old = summary("old.json", run(10, 0, 20, true));
        Path now = summary("new.json", run(10, 0, 20));

        assertThat(compare(old.toString(), now.toString())).isEqualTo(1);
        assertThat(out()).contains("WORSE  checkout: went PASS → INCONCLUSIVE: no verdict was recorded in the new run",
                "NOTE   checkout: verdict \"no failed requests\" is not in the new run");
    }

    @Test
    void printsLatencyAndFailuresUpByMoreThanTheThreshold() {
        Path old = summary("old.json", run(10, 1, 100, true));
        Path now = summary("new.json", run(10, 3, 200, true));

        assertThat(compare(old.toString(), now.toString())).isEqualTo(1);
        assertThat(out()).contains("checkout: p99 latency 100 ms → 200 ms (+100 %)",
                "checkout: failed requests 1 of 10 (10 %) → 3 of 10 (30 %)");
        assertThat(compare("--threshold=150", old.toString(), now.toString()))
                .as("failures tripled, which is +200 %: still worse than +150 %").isEqualTo(1);
        out.reset();
        assertThat(compare("--threshold=250", old.toString(), now.toString())).isEqualTo(0);
    }

    @Test
    void aScenarioWhoseWallTimeGrewByMoreThanTheThresholdGotWorse() {
        Path old = summary("old.json", timed(run(10, 0, 20, true), 100_000));
        Path slower = summary("slower.json", timed(run(10, 0, 20, true), 140_000));
        Path jitter = summary("jitter.json", timed(run(10, 0, 20, true), 112_000));

        assertThat(compare(old.toString(), slower.toString())).isEqualTo(1);
        assertThat(out()).contains("WORSE  checkout: wall time 100 s → 140 s (+40 %)");
        out.reset();
        assertThat(compare(old.toString(), jitter.toString())).as("+12 s is under the 15 s minimum").isEqualTo(0);
        assertThat(JsonSummary.read(slower).scenario("checkout").wallMs()).isEqualTo(140_000);
    }

    @Test
    void ignoresLatencyGrowthBelowTheMinimumDelta() {
        Path old = summary("old.json", run(10, 0, 2, true));
        Path now = summary("new.json", run(10, 0, 4, true));

        assertThat(compare(old.toString(), now.toString())).isEqualTo(0);
        assertThat(compare("--min-latency-ms=1", old.toString(), now.toString())).isEqualTo(1);
    }

    @Test
    void badInputExitsTwoNamingTheFileAndWhatWasExpected() throws Exception {
        Path good = summary("old.json", run(10, 0, 20, true));
        Path bad = Files.writeString(dir.resolve("new.json"), "{\"schemaVersion\":1,\"runId\":42}");

        assertThat(compare(good.toString(), bad.toString())).isEqualTo(2);
        assertThat(err()).contains("new.json: runId: expected a string, found a number 42");
        assertThat(compare(good.toString())).isEqualTo(2);
        assertThat(err()).contains("expected two summary files, got 1", "usage: CompareSummaries OLD.json NEW.json");
        assertThat(compare("--threshold=lots", good.toString(), good.toString())).isEqualTo(2);
        assertThat(compare(good.toString(), dir.resolve("nope.json").toString())).isEqualTo(2);
        assertThat(err()).contains("nope.json does not exist");
    }

    private int compare(String... args) {
        return CompareSummaries.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** The run with its one scenario's wall time set. */
    private static RunReport timed(RunReport run, long wallMs) {
        return new RunReport(run.runId(), run.scenarios().stream().map(s -> s.toBuilder().wallTime(wallMs).build()).toList());
    }

    private Path summary(String name, RunReport run) {
        return JsonSummary.of(run, Redactor.patternsOnly()).write(dir.resolve(name));
    }

    /** A run of one scenario: {@code requests} requests, {@code failures} of them failed, the slowest taking {@code p99} ms. */
    private static RunReport run(int requests, int failures, long p99, boolean verdictPasses) {
        return run(requests, failures, p99, verdictPasses, false);
    }

    /** As {@link #run(int, int, long, boolean)}, the verdict a negative control if {@code expectedFailure}. */
    private static RunReport run(int requests, int failures, long p99, boolean verdictPasses, boolean expectedFailure) {
        Verdict verdict = JournalRecords.atMost("no failed requests", verdictPasses ? 0 : 4, 0, "requests",
                verdictPasses ? "" : "4 requests failed");
        return run(requests, failures, p99, expectedFailure ? JournalRecords.expectingFailure(verdict) : verdict);
    }

    /** As {@link #run(int, int, long, boolean)}, with these verdicts. */
    private static RunReport run(int requests, int failures, long p99, Verdict... verdicts) {
        List<RequestOutcome> samples = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            long duration = i == requests - 1 ? p99 : 1;
            samples.add(i < failures ? JournalRecords.failed(T0, T0 + duration, "r", 503, FailureKind.HTTP_5XX, "503")
                    : JournalRecords.ok(T0, T0 + duration, "r", 200));
        }
        ScenarioReport.Builder scenario = ScenarioReport.builder("checkout").window(T0, T0 + 1_000);
        samples.forEach(scenario::request);
        scenario.verdicts(List.of(verdicts));
        return new RunReport("r", List.of(scenario.build()));
    }
}
