package dev.unshaken.suites.scenariofile;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A scenario file that cannot run, with every problem found in it, each as {@code file:line:column: message}
 * (lines and columns count from 1). Thrown before anything starts: no cluster, no stack, no load.
 */
public final class ScenarioFileException extends RuntimeException {

    private final Path file;
    private final List<Problem> problems;

    ScenarioFileException(Path file, List<Problem> problems) {
        super(describe(file, problems));
        this.file = file;
        this.problems = List.copyOf(problems);
    }

    /** One thing wrong with the file, where it is and what was expected. */
    public record Problem(Path file, int line, int column, String message) {
        @Override
        public String toString() {
            return file + ":" + line + ":" + column + ": " + message;
        }
    }

    /** The file. */
    public Path file() {
        return file;
    }

    /** Every problem, in the order they appear in the file. */
    public List<Problem> problems() {
        return problems;
    }

    private static String describe(Path file, List<Problem> problems) {
        return "scenario file " + file + " is invalid (" + problems.size() + (problems.size() == 1 ? " problem" : " problems")
                + "); nothing was started:\n" + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n"));
    }
}
