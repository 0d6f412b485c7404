package dev.unshaken.suites.scenariofile;

import dev.unshaken.journal.FaultKind;
import dev.unshaken.suites.verdicts.VerdictSpec;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

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
        ScenarioFile scenario = ScenarioFileReader.read(EVERY_KEY.resolveSibling("own-manifests.yaml"));
        String namespace = scenario.stack().namespace();

        assertThat(scenario.verdicts()).extracting(ScenarioFile.Verdict::check).containsExactly(
                new VerdictSpec.DrainRespectedBudget(namespace, "web", 2),
                new VerdictSpec.ReadyAgain(namespace, FaultKind.POD_KILL, "web", Duration.ofSeconds(30)));
    }
}
