package dev.unshaken.reports;

import dev.unshaken.journal.Journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where a run's reports land, {@code target/unshaken-reports/} unless {@code -Dunshaken.reports.dir} says otherwise
 * (the same directory the journals are written to):
 * <pre>
 * index.html                    the HTML report of the whole run ({@link HtmlReport})
 * summary.json                  the summary for machines ({@link JsonSummary}, schema in reports/SCHEMA.md)
 * console.txt                   the console table ({@link ConsoleSummary})
 * &lt;scenario&gt;/report.html         the HTML report of that scenario alone
 * &lt;scenario&gt;/journal.jsonl       the scenario's journal (written while it runs)
 * &lt;scenario&gt;/pod-logs/*.log      last log lines of its troubled pods
 * </pre>
 * Every file written here passes through the directory's {@link Redactor}.
 */
public final class ReportDirectory {

    /** The file name of a scenario's own page, in its directory. */
    public static final String SCENARIO_PAGE = "report.html";

    private final Path directory;
    private final Redactor redactor;

    /** The reports go into {@code directory}; everything written passes through {@code redactor}. */
    public ReportDirectory(Path directory, Redactor redactor) {
        this.directory = directory;
        this.redactor = redactor;
    }

    /** The directory the journals go to ({@code unshaken.reports.dir}, else {@code target/unshaken-reports}). */
    public static ReportDirectory standard(Redactor redactor) {
        return new ReportDirectory(Journal.reportsDirectory(), redactor);
    }

    /** The directory. */
    public Path path() {
        return directory;
    }

    /**
     * The journals of every scenario in the directory ({@code <scenario>/journal.jsonl}), in the order the scenarios
     * started, to add verdicts, pod logs and links to.
     */
    public List<ScenarioReport.Builder> journals() {
        List<Path> journals;
        try (Stream<Path> children = Files.list(directory)) {
            journals = children.map(child -> child.resolve(Journal.FILE_NAME)).filter(Files::isRegularFile).sorted().toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the reports directory " + directory + ": " + e.getMessage(), e);
        }
        Map<ScenarioReport.Builder, Long> starts = new LinkedHashMap<>();
        for (Path journal : journals) {
            ScenarioReport.Builder builder = ScenarioReport.builder(Journal.read(journal));
            starts.put(builder, builder.build().startMs());
        }
        return starts.entrySet().stream().sorted(Map.Entry.comparingByValue()).map(Map.Entry::getKey).toList();
    }

    /** Writes the HTML reports (the run's and one per scenario), the JSON summary, the console table and the pod logs. */
    public WrittenReport write(RunReport run) {
        HtmlReport html = new HtmlReport(redactor);
        Path index = html.write(run, directory.resolve("index.html"));
        List<Path> scenarioPages = new ArrayList<>();
        for (ScenarioReport scenario : run.scenarios()) {
            Path page = directory.resolve(fileName(redactor.redact(scenario.name()))).resolve(SCENARIO_PAGE);
            scenarioPages.add(html.write(new RunReport(run.runId(), List.of(scenario)), page));
        }
        Path summary = JsonSummary.of(run, redactor).write(directory.resolve("summary.json"));
        Path console = writeText(directory.resolve("console.txt"), new ConsoleSummary(redactor).render(run));
        List<Path> podLogs = new ArrayList<>();
        for (ScenarioReport scenario : run.redacted(redactor).scenarios()) {
            for (PodLogTail tail : scenario.podLogs()) {
                String name = fileName(tail.namespace()) + "_" + fileName(tail.pod()) + "_" + fileName(tail.container()) + ".log";
                Path file = directory.resolve(fileName(scenario.name())).resolve("pod-logs").resolve(name);
                podLogs.add(writeText(file, "# " + tail.namespace() + "/" + tail.pod() + " container " + tail.container()
                        + ": " + tail.reason() + "\n" + String.join("\n", tail.lines()) + "\n"));
            }
        }
        return new WrittenReport(index, summary, console, scenarioPages, podLogs);
    }

    /**
     * The files one {@link #write} produced.
     *
     * @param index         the HTML report of the run
     * @param summary       the JSON summary
     * @param console       the console table as text
     * @param scenarioPages the HTML report of each scenario alone, in the run's order
     * @param podLogs       the pod log tails
     */
    public record WrittenReport(Path index, Path summary, Path console, List<Path> scenarioPages, List<Path> podLogs) {
        public WrittenReport {
            scenarioPages = List.copyOf(scenarioPages);
            podLogs = List.copyOf(podLogs);
        }

        /** Every file written. */
        public List<Path> files() {
            List<Path> all = new ArrayList<>(List.of(index, summary, console));
            all.addAll(scenarioPages);
            all.addAll(podLogs);
            return all;
        }
    }

    private static Path writeText(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage()
                    + "; check that the reports directory is writable", e);
        }
    }

    private static String fileName(String text) {
        String name = text == null ? "unknown" : text.replaceAll("[^A-Za-z0-9._-]+", "-");
        return name.isEmpty() || name.startsWith(".") ? "x" + name : name;
    }
}
