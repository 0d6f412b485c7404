package dev.unshaken.reports;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One run of the suite: its scenarios, in the order they ran.
 *
 * @param runId     names the run in reports and comparisons, e.g. {@code 20260101-120000} or a CI build number
 * @param scenarios the scenarios
 */
public record RunReport(String runId, List<ScenarioReport> scenarios) {

    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    public RunReport {
        Objects.requireNonNull(runId, "runId");
        scenarios = List.copyOf(scenarios);
        long distinct = scenarios.stream().map(ScenarioReport::name).distinct().count();
        if (distinct != scenarios.size()) {
            throw new IllegalArgumentException("run " + runId + " has two scenarios of the same name; scenario names are "
                    + "directory names and anchors in the report, so they must be unique: "
                    + scenarios.stream().map(ScenarioReport::name).toList());
        }
    }

    /**
     * A run named after its start time in UTC, e.g. {@code 20260101-120000}: when its first scenario that recorded
     * anything started (a scenario skipped before it ran, such as a certification step, has an empty journal and no
     * start), else now.
     */
    public static RunReport of(List<ScenarioReport> scenarios) {
        long start = firstStart(scenarios).orElse(System.currentTimeMillis());
        return new RunReport(RUN_ID.format(Instant.ofEpochMilli(start)), scenarios);
    }

    /** When the first scenario that recorded anything started, epoch ms (0 without one). */
    public long startMs() {
        return firstStart(scenarios).orElse(0);
    }

    private static OptionalLong firstStart(List<ScenarioReport> scenarios) {
        return scenarios.stream().mapToLong(ScenarioReport::startMs).filter(ms -> ms > 0).min();
    }

    /** When the last scenario ended, epoch ms (0 without scenarios). */
    public long endMs() {
        return scenarios.stream().mapToLong(ScenarioReport::endMs).max().orElse(0);
    }

    /**
     * How the run came out: {@link Outcome#FAIL} if a scenario failed, else {@link Outcome#INCONCLUSIVE} if one was
     * inconclusive or there is none, else {@link Outcome#PASS}.
     */
    public Outcome outcome() {
        return Outcome.of(scenarios.stream().map(ScenarioReport::outcome).toList());
    }

    /** Whether it passed: every scenario passed. */
    public boolean passed() {
        return outcome() == Outcome.PASS;
    }

    /** Requests of all scenarios together. */
    public RequestStats requestStats() {
        return RequestStats.of(scenarios.stream().flatMap(s -> s.requests().stream()).toList());
    }

    /** This run with every scenario redacted. */
    public RunReport redacted(Redactor redactor) {
        return new RunReport(redactor.redact(runId), scenarios.stream().map(s -> s.redacted(redactor)).toList());
    }
}
