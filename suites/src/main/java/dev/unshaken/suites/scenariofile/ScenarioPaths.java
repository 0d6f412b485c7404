package dev.unshaken.suites.scenariofile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds the scenario files {@code -Dunshaken.scenario} names: one file, or every {@code *.yaml}/{@code *.yml} directly
 * in a folder. A relative path is looked up in the folder Maven was started from first (Maven runs the tests in the
 * module's folder), then the folder of the pom it was started on, then the working directory.
 */
public final class ScenarioPaths {

    /** The system property naming the file or folder. */
    public static final String PROPERTY = "unshaken.scenario";
    /** The shell's folder when Maven was started, set by the build for the test JVM. */
    public static final String BASE_DIR_PROPERTY = "unshaken.scenario.baseDir";
    /** The folder of the pom Maven was started on, set by the build for the test JVM. */
    public static final String ROOT_DIR_PROPERTY = "unshaken.scenario.rootDir";

    private ScenarioPaths() {
    }

    /** Where relative paths are looked up, in order. */
    public static List<Path> baseDirectories() {
        var bases = new LinkedHashSet<Path>();
        for (String property : List.of(BASE_DIR_PROPERTY, ROOT_DIR_PROPERTY, "maven.multiModuleProjectDirectory")) {
            String value = System.getProperty(property, "");
            if (!value.isBlank() && !value.contains("${")) {
                bases.add(Path.of(value).toAbsolutePath().normalize());
            }
        }
        bases.add(Path.of("").toAbsolutePath());
        return List.copyOf(bases);
    }

    /**
     * The scenario files {@code given} names, in name order.
     *
     * @throws IllegalArgumentException naming every place looked at, when nothing is there
     */
    public static List<Path> resolve(String given, List<Path> bases) {
        Path path = Path.of(given.strip());
        List<Path> candidates = path.isAbsolute() ? List.of(path) : bases.stream().map(base -> base.resolve(path).normalize()).toList();
        Path found = candidates.stream().filter(Files::exists).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "-D" + PROPERTY + "=" + given + ": no such file or folder; looked at " + candidates.stream().map(Path::toString)
                        .collect(Collectors.joining(", ")) + ". Give a path to a .yaml file or a folder of them,"
                        + " relative to where you run mvn, or absolute."));
        if (!Files.isDirectory(found)) {
            return List.of(found);
        }
        var files = new ArrayList<Path>();
        try (Stream<Path> listing = Files.list(found)) {
            listing.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().matches(".*\\.ya?ml")).sorted().forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the scenario folder " + found, e);
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("-D" + PROPERTY + "=" + given + ": the folder " + found + " holds no *.yaml scenario file");
        }
        return List.copyOf(files);
    }
}
