package dev.unshaken.reports;

import dev.unshaken.journal.Verdict;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleSummaryTest {

    @Test
    void printsOneFixedWidthLinePerVerdict() {
        ScenarioReport drain = ScenarioReport.builder("drain-under-peak-load").window(0, 1)
                .verdict(JournalRecords.atMost("no failed requests during the drain", 37, 0, "requests", "37 failed"))
                .verdict(JournalRecords.atLeast("ready replicas of shop/order-service", 2, 2, "replicas", ""))
                .build();
        ScenarioReport idle = ScenarioReport.builder("idle").window(0, 1).build();

        String table = new ConsoleSummary(Redactor.patternsOnly()).render(new RunReport("20260101-120000", List.of(drain, idle)));

        assertThat(table).isEqualTo("""
                [unshaken] run 20260101-120000: FAIL (2 scenarios, 2 verdicts, 1 failed)
                scenario               verdict                               measured     budget         result
                drain-under-peak-load  no failed requests during the drain   37 requests  <= 0 requests  FAIL
                drain-under-peak-load  ready replicas of shop/order-service  2 replicas   >= 2 replicas  PASS
                idle                   (no verdicts)                                                     INCONCLUSIVE
                """);
    }

    @Test
    void aRunWhoseOnlyScenarioRecordedNoVerdictIsInconclusive() {
        ScenarioReport idle = ScenarioReport.builder("idle").window(0, 1).build();

        String table = new ConsoleSummary(Redactor.patternsOnly()).render(new RunReport("r", List.of(idle)));

        assertThat(table).isEqualTo("""
                [unshaken] run r: INCONCLUSIVE (1 scenario, 0 verdicts, 0 failed)
                scenario  verdict        measured  budget  result
                idle      (no verdicts)                    INCONCLUSIVE
                """);
    }

    @Test
    void aNegativeControlThatFailedIsExpectedAndOneThatPassedOrCouldNotMeasureIsNot() {
        ScenarioReport controls = ScenarioReport.builder("controls").window(0, 1)
                .verdict(JournalRecords.expectingFailure(JournalRecords.atMost("no failed requests", 3, 0, "requests", "3 failed")))
                .verdict(JournalRecords.expectingFailure(JournalRecords.inconclusive("kept 2 ready", Verdict.Limit.AT_LEAST, 2, "replicas", "")))
                .verdict(JournalRecords.expectingFailure(JournalRecords.atMost("p99 below 50 ms", 20, 50, "ms", "")))
                .build();

        String table = new ConsoleSummary(Redactor.patternsOnly()).render(new RunReport("r", List.of(controls)));

        assertThat(table).isEqualTo("""
                [unshaken] run r: FAIL (1 scenario, 3 verdicts, 1 failed, 1 inconclusive)
                scenario  verdict             measured      budget         result
                controls  no failed requests  3 requests    <= 0 requests  XFAIL
                controls  kept 2 ready        not measured  >= 2 replicas  INCONCLUSIVE
                controls  p99 below 50 ms     20 ms         <= 50 ms       XPASS
                """);
    }

    @Test
    void cutsLongNamesToKeepTheColumns() {
        ScenarioReport scenario = ScenarioReport.builder("s").window(0, 1)
                .verdict(JournalRecords.atMost("x".repeat(80), 1, 2, "", "")).build();

        String table = new ConsoleSummary(Redactor.patternsOnly()).render(new RunReport("r", List.of(scenario)));

        assertThat(table.lines().skip(2).findFirst().orElseThrow()).isEqualTo("s         " + "x".repeat(47) + "…  1         <= 2    PASS");
    }

    @Test
    void endsWithEachScenarioWallTimeSlowestFirst() {
        ScenarioReport quick = ScenarioReport.builder("quick").window(0, 1).wallTime(61_400).build();
        ScenarioReport slow = ScenarioReport.builder("slow").window(0, 1).wallTime(189_600).build();
        ScenarioReport unknown = ScenarioReport.builder("unknown").window(0, 1).build();

        String table = new ConsoleSummary(Redactor.patternsOnly()).render(new RunReport("r", List.of(quick, slow, unknown)));

        assertThat(table).endsWith("\n[unshaken] wall time 251 s summed over the scenarios (tests run side by side overlap): slow 190 s, quick 61 s\n");
    }
}
