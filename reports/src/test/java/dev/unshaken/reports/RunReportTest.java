package dev.unshaken.reports;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RunReportTest {

    private static final long T0 = 1_767_268_800_000L; // 2026-01-01 12:00:00 UTC

    @Test
    void isNamedAfterItsFirstScenarioThatRanNotAfterASkippedOnesEmptyJournal() {
        ScenarioReport ran = ScenarioReport.builder("pod-deletes").window(T0, T0 + 60_000).build();
        ScenarioReport skipped = ScenarioReport.builder("drain").window(0, 0).build(); // an empty journal: no start

        RunReport run = RunReport.of(List.of(ran, skipped));

        assertThat(run.runId()).isEqualTo("20260101-120000");
        assertThat(run.startMs()).isEqualTo(T0);
        assertThat(RunReport.of(List.of(skipped)).runId()).as("nothing ran: named after now").doesNotStartWith("1970");
    }
}
