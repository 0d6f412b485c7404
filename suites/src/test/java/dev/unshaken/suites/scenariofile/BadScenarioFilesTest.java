package dev.unshaken.suites.scenariofile;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Every file under {@code scenario-files/bad} is rejected with exactly the problems its {@code # expect:} comments
 * list, each as {@code file:line:column: the start of the message}, all of them at once.
 */
class BadScenarioFilesTest {

    private static final Path BAD = Path.of("src/test/resources/scenario-files/bad");

    static List<Path> badFiles() throws IOException {
        try (var files = Files.list(BAD)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @ParameterizedTest
    @MethodSource("badFiles")
    void isRejectedWithEveryProblemNamingFileLineAndWhatWasExpected(Path file) throws IOException {
        List<String> expected = Files.readAllLines(file).stream()
                .filter(line -> line.startsWith("# expect: "))
                .map(line -> line.substring("# expect: ".length()))
                .toList();
        var thrown = catchThrowableOfType(ScenarioFileException.class, () -> ScenarioFileReader.read(file));

        assertThat(thrown).as("%s was accepted", file).isNotNull();
        List<String> actual = thrown.problems().stream().map(Object::toString).toList();
        String listing = actual.stream().map(p -> "  " + p).collect(Collectors.joining("\n"));
        assertThat(expected).as("%s has no '# expect: file:line:column: message' comments; it has these problems:\n%s\n", file, listing)
                .isNotEmpty();
        assertThat(actual).as("problems of %s:\n%s\n", file, listing).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i)).as("problem %d of %s:\n%s\n", i + 1, file, listing)
                    .startsWith(BAD.resolve(expected.get(i)).toString());
        }
        assertThat(thrown.getMessage())
                .startsWith("scenario file " + file + " is invalid (" + expected.size() + (expected.size() == 1 ? " problem" : " problems")
                        + "); nothing was started:\n")
                .contains(actual);
    }
}
