package dev.unshaken.reports;

import dev.unshaken.journal.Verdict;

import java.util.List;
import java.util.Objects;

/**
 * One scenario in {@code summary.json} (see {@code reports/SCHEMA.md}).
 *
 * @param name     the scenario
 * @param startMs  when it started, epoch ms
 * @param endMs    when it ended, epoch ms
 * @param outcome  how it came out (see {@link ScenarioReport#outcome()}): inconclusive without verdicts
 * @param requests its requests' totals and latency percentiles
 * @param faults   how many faults it injected
 * @param verdicts its verdicts, as {@code summary.json} keeps them: without the time each was checked ({@code atMs} 0)
 * @param wallMs   how long its test took on the wall clock, set-up and teardown included; 0 when unknown
 */
public record ScenarioSummary(String name, long startMs, long endMs, Outcome outcome, RequestStats requests, int faults,
                              List<Verdict> verdicts, long wallMs) {

    public ScenarioSummary {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(requests, "requests");
        verdicts = List.copyOf(verdicts);
    }

    /** The summary of a (redacted) scenario report. */
    static ScenarioSummary of(ScenarioReport scenario) {
        return new ScenarioSummary(scenario.name(), scenario.startMs(), scenario.endMs(), scenario.outcome(),
                scenario.requestStats(), scenario.faults().size(), scenario.verdicts().stream().map(v -> new Verdict(0, v.name(),
                        v.outcome(), v.measured(), v.limit(), v.budget(), v.unit(), v.evidence(), v.expectedFailure())).toList(),
                scenario.wallMs());
    }

    /** Whether it passed: it has verdicts, and each came out as expected. */
    public boolean passed() {
        return outcome == Outcome.PASS;
    }

    /** The verdict of this name, or {@code null}. */
    public Verdict verdict(String verdictName) {
        return verdicts.stream().filter(v -> v.name().equals(verdictName)).findFirst().orElse(null);
    }
}
