package dev.unshaken.suites.scenariofile;

import dev.unshaken.suites.scenariofile.ScenarioFileException.Problem;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The problems found while reading one scenario file; reading goes on after each, so the user sees them all at once. */
final class Problems {

    private final Path file;
    private final List<Problem> found = new ArrayList<>();

    Problems(Path file) {
        this.file = file;
    }

    /** A problem with the YAML node {@code at} (reported at its first character). */
    void add(Node at, String message) {
        add(at.getStartMark(), message);
    }

    void add(Mark mark, String message) {
        add(mark.getLine() + 1, mark.getColumn() + 1, message);
    }

    void add(int line, int column, String message) {
        found.add(new Problem(file, line, column, message));
    }

    boolean any() {
        return !found.isEmpty();
    }

    /** Throws every problem found, sorted by position (sections are checked in dependency order, not file order). */
    void throwIfAny() {
        if (any()) {
            var sorted = new ArrayList<>(found);
            sorted.sort(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column));
            throw new ScenarioFileException(file, sorted);
        }
    }
}
