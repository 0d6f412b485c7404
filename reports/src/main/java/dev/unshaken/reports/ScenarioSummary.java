package dev.unshaken.reports;

import java.util.List;
import java.util.Objects;

/**
 * One scenario in {@code summary.json} (see {@code reports/SCHEMA.md}).
 *
 * @param name     the scenario
 * @param startMs  when it started, epoch ms
 * @param endMs    when it ended, epoch ms
 * @param passed   whether every verdict passed
 * @param requests its requests' totals and latency percentiles
 * @param faults   how many faults it injected
 * @param verdicts its verdicts
 */
public record ScenarioSummary(String name, long startMs, long endMs, boolean passed, RequestStats requests, int faults,
                              List<VerdictResult> verdicts) {

    public ScenarioSummary {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(requests, "requests");
        verdicts = List.copyOf(verdicts);
    }

    /** The summary of a (redacted) scenario report. */
    static ScenarioSummary of(ScenarioReport scenario) {
        return new ScenarioSummary(scenario.name(), scenario.startMs(), scenario.endMs(), scenario.passed(),
                scenario.requestStats(), scenario.faults().size(), scenario.verdicts());
    }

    /** The verdict of this name, or {@code null}. */
    public VerdictResult verdict(String verdictName) {
        return verdicts.stream().filter(v -> v.name().equals(verdictName)).findFirst().orElse(null);
    }
}
