package dev.unshaken.suites;

import dev.unshaken.suites.scenariofile.ScenarioFile;
import dev.unshaken.suites.scenariofile.ScenarioFileException;
import dev.unshaken.suites.scenariofile.ScenarioFileReader;
import dev.unshaken.suites.scenariofile.ScenarioPaths;
import dev.unshaken.suites.scenariofile.ScenarioRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * Runs the scenario files named by {@code -Dunshaken.scenario}: one file, or every {@code *.yaml} of a folder, each
 * as its own test. Every file is validated before any runs; an invalid one fails at once with all its problems and
 * starts nothing. Without the property this does nothing (the tests are skipped). The run ends with the report of its
 * scenarios ({@code target/unshaken-reports/index.html}, a {@code report.html} each, {@code summary.json}, the console
 * table), as the Java scenarios' runs do.
 *
 * <pre>
 * ./mvnw verify -Dunshaken.scenario=suites/scenarios/drain-without-pdb.yaml
 * ./mvnw verify -Dunshaken.scenario=suites/scenarios
 * </pre>
 */
@RunsAlone
class ScenarioFilesIT {

    private static final ScenarioRunner RUNNER = new ScenarioRunner(ScenarioFilesIT.class.getName());

    /** A file read, or why it cannot run. */
    private record Read(Path file, ScenarioFile scenario, ScenarioFileException problems) {
        static Read of(Path file) {
            try {
                return new Read(file, ScenarioFileReader.read(file), null);
            } catch (ScenarioFileException e) {
                return new Read(file, null, e);
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> scenarioFiles() {
        String given = System.getProperty(ScenarioPaths.PROPERTY, "");
        assumeFalse(given.isBlank(), "no scenario file given: run with -D" + ScenarioPaths.PROPERTY + "=path/to/file.yaml (or a folder)");
        List<Path> files = ScenarioPaths.resolve(given, ScenarioPaths.baseDirectories());
        // Invalid files first: their problems show in seconds, not after the valid files' runs.
        List<Read> reads = files.stream().map(Read::of)
                .sorted(Comparator.comparing((Read read) -> read.problems() == null))
                .toList();
        reads.stream().filter(read -> read.problems() != null).forEach(read -> System.out.println("[unshaken] " + read.problems().getMessage()));
        return reads.stream().map(read -> dynamicTest(read.file().getFileName().toString(), read.file().toUri(), () -> {
            if (read.problems() != null) {
                throw read.problems();
            }
            RUNNER.run(read.scenario()).assertMet();
        }));
    }

    /** The same report as the JUnit scenarios get (index.html, report.html each, summary.json, the console table). */
    @AfterAll
    static void reportAndRemoveTheCluster() {
        try {
            RUNNER.writeReport();
        } finally {
            RUNNER.close();
        }
    }
}
