package dev.unshaken.suites.report;

import dev.unshaken.reports.PodLogTail;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One scenario (test method) of the run, as the end-of-run report needs it.
 *
 * @param scenario  its name, also its directory under the reports directory
 * @param journal   its journal file
 * @param testClass the test class's binary name, for the link to {@code TEST-<class>.xml}; {@code null} if unknown
 * @param podLogs   last log lines of its troubled pods, fetched while the cluster still had them (not yet redacted)
 * @param wallMs    how long the test method took on the wall clock, set-up and teardown included; 0 when unknown
 */
public record ScenarioRun(String scenario, Path journal, String testClass, List<PodLogTail> podLogs, long wallMs) {

    public ScenarioRun {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(journal, "journal");
        podLogs = podLogs == null ? List.of() : List.copyOf(podLogs);
    }

    /** A run whose wall time is unknown. */
    public ScenarioRun(String scenario, Path journal, String testClass, List<PodLogTail> podLogs) {
        this(scenario, journal, testClass, podLogs, 0);
    }
}
