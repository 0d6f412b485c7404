package dev.unshaken.suites.scenariofile;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** Every example shipped under suites/scenarios is valid: a user copying one starts from something that runs. */
class ShippedScenariosTest {

    static List<Path> shipped() {
        List<Path> files = ScenarioPaths.resolve("scenarios", List.of(Path.of("").toAbsolutePath()));
        assertThat(files).extracting(f -> f.getFileName().toString()).contains(
                "update-with-max-unavailable.yaml", "drain-without-pdb.yaml", "oom-killed-release.yaml", "node-lost-at-peak.yaml",
                "order-service-loses-payments.yaml", "payments-turn-slow.yaml");
        return files;
    }

    @ParameterizedTest
    @MethodSource("shipped")
    void isValid(Path file) {
        assertThatCode(() -> ScenarioFileReader.read(file)).doesNotThrowAnyException();
    }
}
