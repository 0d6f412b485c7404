package dev.unshaken.suites;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ITs' classes run side by side by their resource locks ({@link SuiteLocks}): a class without one of the three
 * annotations holds no lock and would run beside anything, a node drain included; a class with two holds the
 * stronger and says something false.
 */
class SuiteLocksTest {

    private static final Path TESTS = Path.of("src/test/java");
    private static final List<Class<? extends Annotation>> CHOICES =
            List.of(RunsBesideOthers.class, UsesTheShop.class, RunsAlone.class);

    @Test
    void everyItClassSaysWhatItMayRunBeside() throws IOException, ClassNotFoundException {
        List<Path> sources;
        try (Stream<Path> files = Files.walk(TESTS)) {
            sources = files.filter(p -> p.getFileName().toString().endsWith("IT.java")).sorted().toList();
        }
        assertThat(sources).as("IT classes under %s", TESTS).hasSizeGreaterThan(20);
        for (Path source : sources) {
            String name = TESTS.relativize(source).toString().replace('/', '.').replaceAll("\\.java$", "");
            Class<?> itClass = Class.forName(name);
            List<String> carried = CHOICES.stream().filter(itClass::isAnnotationPresent).map(Class::getSimpleName).toList();
            assertThat(carried).as("%s carries exactly one of @RunsBesideOthers, @UsesTheShop, @RunsAlone", name).hasSize(1);
        }
    }

    @Test
    void aClassThatMustComeFirstOrLastRunsAlone() throws ClassNotFoundException {
        // The cluster-cleanup and certification ITs start clusters of their own before the shared one exists; the
        // agent stop/start and node failure ITs disturb nodes last. Beside another class, either would break it.
        for (String name : List.of("smoke.ClusterCleanupIT", "certify.CertifyAgainstSecondClusterIT", "smoke.AgentStopStartIT",
                "scenarios.NodeFailureRecoveryIT")) {
            assertThat(Class.forName("dev.unshaken.suites." + name).isAnnotationPresent(RunsAlone.class)).as(name).isTrue();
        }
    }
}
