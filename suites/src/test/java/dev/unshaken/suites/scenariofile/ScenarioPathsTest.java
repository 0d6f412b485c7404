package dev.unshaken.suites.scenariofile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScenarioPathsTest {

    @TempDir
    Path root;

    @Test
    void aRelativePathIsLookedUpWhereMavenStartedBeforeTheModuleFolder() throws IOException {
        Path module = Files.createDirectories(root.resolve("suites"));
        Path file = Files.createDirectories(root.resolve("incidents")).resolve("tuesday.yaml");
        Files.writeString(file, "load: {}");

        assertThat(ScenarioPaths.resolve("incidents/tuesday.yaml", List.of(root, module))).containsExactly(file);
        assertThat(ScenarioPaths.resolve(file.toString(), List.of(module))).containsExactly(file);
    }

    @Test
    void aFolderGivesItsYamlFilesInNameOrder() throws IOException {
        Path folder = Files.createDirectories(root.resolve("incidents"));
        for (String name : List.of("b.yaml", "a.yml", "notes.txt", "c.yaml")) {
            Files.writeString(folder.resolve(name), "");
        }
        Files.createDirectories(folder.resolve("old.yaml"));

        assertThat(ScenarioPaths.resolve("incidents", List.of(root)))
                .containsExactly(folder.resolve("a.yml"), folder.resolve("b.yaml"), folder.resolve("c.yaml"));
    }

    @Test
    void nothingThereNamesEveryPlaceLookedAt() throws IOException {
        Path module = Files.createDirectories(root.resolve("suites"));
        Files.createDirectories(root.resolve("empty"));

        assertThatThrownBy(() -> ScenarioPaths.resolve("incidents/x.yaml", List.of(root, module)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("-Dunshaken.scenario=incidents/x.yaml: no such file or folder; looked at " + root.resolve("incidents/x.yaml")
                        + ", " + module.resolve("incidents/x.yaml") + ". Give a path to a .yaml file or a folder of them, relative to"
                        + " where you run mvn, or absolute.");
        assertThatThrownBy(() -> ScenarioPaths.resolve("empty", List.of(root)))
                .hasMessage("-Dunshaken.scenario=empty: the folder " + root.resolve("empty") + " holds no *.yaml scenario file");
    }
}
