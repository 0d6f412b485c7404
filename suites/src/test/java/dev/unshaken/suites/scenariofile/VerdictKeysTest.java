package dev.unshaken.suites.scenariofile;

import dev.unshaken.journal.FaultKind;
import dev.unshaken.suites.verdicts.VerdictSpec;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

/** Java, scenario files and the report name a verdict alike: each kind's {@code key()} is the file key that builds it. */
class VerdictKeysTest {

    private static final Path EVERY_KEY = Path.of("src/test/resources/scenario-files/good/every-key.yaml");

    @Test
    void everyKindReadFromAFileCarriesTheKeyThatNamedIt() throws IOException {
        // every-key.yaml names every verdict but gracefulShutdown, which its drain allows.
        String text = Files.readString(EVERY_KEY) + "  - gracefulShutdown: {}\n";
        List<String> lines = text.lines().toList();

        ScenarioFile scenario = ScenarioFileReader.read(EVERY_KEY, text);

        assertThat(scenario.verdicts()).allSatisfy(verdict ->
                assertThat(lines.get(verdict.line() - 1)).startsWith("  - " + verdict.check().key() + ":"));
        assertThat(scenario.verdicts().stream().<Class<?>>map(verdict -> verdict.check().getClass()).distinct())
                .containsExactlyInAnyOrder(VerdictSpec.Named.class.getPermittedSubclasses());
        assertThat(scenario.verdicts().stream().map(verdict -> verdict.check().key()).distinct())
                .containsExactlyInAnyOrderElementsOf(VerdictsReader.VERDICTS);
    }

    @Test
    void aVerdictOnADeploymentIsJudgedInTheStacksNamespace() {
        var read = new VerdictSpec.ReadyAgain(FaultKind.POD_KILL, "web", ofSeconds(30));

        assertThat(read.namespace()).isNull();
        assertThat(read.in("shop")).isEqualTo(new VerdictSpec.ReadyAgain("shop", FaultKind.POD_KILL, "web", ofSeconds(30)));
        assertThat(new VerdictSpec.LatencyP99(ofMillis(800), ofSeconds(5)).in("shop"))
                .isEqualTo(new VerdictSpec.LatencyP99(ofMillis(800), ofSeconds(5)));
    }
}
