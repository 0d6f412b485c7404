package dev.unshaken.suites.report;

import dev.unshaken.journal.Journal;
import dev.unshaken.journal.Progress;
import dev.unshaken.journal.Verdict;
import dev.unshaken.reports.ConsoleSummary;
import dev.unshaken.reports.Redactor;
import dev.unshaken.reports.ReportDirectory;
import dev.unshaken.reports.RunReport;
import dev.unshaken.reports.ScenarioReport;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Writes the run's report once its scenarios have run: reads each scenario's journal (requests, faults,
 * observations and the verdicts' results), adds the log tails of its troubled pods and links to Gatling's report
 * ({@code <scenario>/gatling/<run>/index.html}) and to the failsafe XML ({@code TEST-<class>.xml}), writes
 * {@code index.html}, one {@code report.html} per scenario, {@code summary.json} and {@code console.txt} into the
 * reports directory, and prints the console table. Everything written or printed passes through the {@link Redactor}.
 */
public final class RunReportWriter {

    /** System property naming the directory of the failsafe XML reports; default {@code target/failsafe-reports}. */
    public static final String FAILSAFE_REPORTS_PROPERTY = "unshaken.failsafe.reports.dir";

    private final Path reportsDirectory;
    private final Path failsafeReports;
    private final Redactor redactor;
    private final PrintStream console;

    /**
     * @param reportsDirectory where the scenarios' directories are and the report goes
     * @param failsafeReports  where failsafe writes {@code TEST-<class>.xml} (the files may not exist yet: failsafe
     *                         writes them after the test JVM ends)
     * @param redactor         what every written or printed text passes through
     * @param console          where the console table goes (progress lines go to {@link Progress})
     */
    public RunReportWriter(Path reportsDirectory, Path failsafeReports, Redactor redactor, PrintStream console) {
        this.reportsDirectory = reportsDirectory;
        this.failsafeReports = failsafeReports;
        this.redactor = redactor;
        this.console = console;
    }

    /** Into {@code -Dunshaken.reports.dir} (default {@code target/unshaken-reports}), printing to standard output. */
    public static RunReportWriter standard(Redactor redactor) {
        String failsafe = System.getProperty(FAILSAFE_REPORTS_PROPERTY);
        return new RunReportWriter(Journal.reportsDirectory(),
                failsafe == null || failsafe.isBlank() ? Path.of("target", "failsafe-reports") : Path.of(failsafe), redactor, System.out);
    }

    /** Writes the report of these scenarios, in this order, and prints the console table. */
    public ReportDirectory.WrittenReport write(List<ScenarioRun> scenarios) {
        Progress.untimed().filteredBy(redactor::redact).step("report", "writing the report of %d %s to %s", scenarios.size(),
                scenarios.size() == 1 ? "scenario" : "scenarios", reportsDirectory.toAbsolutePath());
        List<ScenarioReport> reports = scenarios.stream().map(this::scenario).toList();
        RunReport run = RunReport.of(reports);
        ReportDirectory.WrittenReport written = new ReportDirectory(reportsDirectory, redactor).write(run);
        new ConsoleSummary(redactor).print(run, console);
        console.println("[unshaken] report: " + written.index().toAbsolutePath().toUri() + " · summary: "
                + written.summary().toAbsolutePath());
        console.flush();
        return written;
    }

    private ScenarioReport scenario(ScenarioRun run) {
        ScenarioReport.Builder builder;
        try {
            builder = ScenarioReport.builder(run.scenario()).journal(Journal.read(run.journal()));
        } catch (UncheckedIOException | IllegalArgumentException e) {
            long now = System.currentTimeMillis();
            builder = ScenarioReport.builder(run.scenario()).window(now, now)
                    .verdict(new Verdict(now, "journal readable", Verdict.Outcome.INCONCLUSIVE, null, Verdict.Limit.AT_MOST, 0, "",
                            "the journal could not be read, so nothing about this scenario can be judged: " + e.getMessage(), false));
        }
        run.podLogs().forEach(builder::podLog);
        builder.wallTime(run.wallMs());
        gatlingReport(run.journal().toAbsolutePath().getParent().resolve("gatling")).ifPresent(builder::gatlingReport);
        if (run.testClass() != null) {
            builder.failsafeXml(failsafeReports.resolve("TEST-" + run.testClass() + ".xml"));
        }
        return builder.build();
    }

    /** The newest of Gatling's run directories (each with an {@code index.html}) in {@code gatlingResults}. */
    static Optional<Path> gatlingReport(Path gatlingResults) {
        if (!Files.isDirectory(gatlingResults)) {
            return Optional.empty();
        }
        try (Stream<Path> runs = Files.list(gatlingResults)) {
            return runs.filter(dir -> Files.isRegularFile(dir.resolve("index.html")))
                    .max(Comparator.comparing(dir -> dir.resolve("index.html").toFile().lastModified()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
