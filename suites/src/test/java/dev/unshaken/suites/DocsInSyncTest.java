package dev.unshaken.suites;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * The README and docs/ show real files, not illustrations that drift: a fenced block right after
 * {@code <!-- in sync with: path -->} must be that file's content, to the character. The README stays an entry
 * page of at most 150 lines.
 */
class DocsInSyncTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern SYNCED_BLOCK =
            Pattern.compile("<!-- in sync with: (\\S+) -->\\n```[a-z]*\\n(.*?)```\\n", Pattern.DOTALL);

    @Test
    void theReadmeIsAnEntryPageThatShowsARealScenario() throws IOException {
        List<String> readme = Files.readAllLines(ROOT.resolve("README.md"));
        assertThat(readme).as("README.md lines (manuals and figures belong in docs/)").hasSizeLessThanOrEqualTo(150);
        assertThat(syncedBlocks(ROOT.resolve("README.md"))).as("blocks in README.md kept in sync with a file").isNotEmpty();
    }

    @TestFactory
    Stream<DynamicTest> everySyncedBlockIsTheFileItNames() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (Path page : pages) {
            for (SyncedBlock block : syncedBlocks(page)) {
                tests.add(dynamicTest(ROOT.relativize(page) + " shows " + block.file(), () -> {
                    Path file = ROOT.resolve(block.file());
                    assertThat(file).as("the file %s names", ROOT.relativize(page)).exists();
                    assertThat(block.text()).as("the copy of %s in %s; paste the file's current content", block.file(),
                            ROOT.relativize(page)).isEqualTo(Files.readString(file));
                }));
            }
        }
        return tests.stream();
    }

    private record SyncedBlock(String file, String text) {
    }

    private static List<SyncedBlock> syncedBlocks(Path page) throws IOException {
        Matcher m = SYNCED_BLOCK.matcher(Files.readString(page));
        List<SyncedBlock> blocks = new ArrayList<>();
        while (m.find()) {
            blocks.add(new SyncedBlock(m.group(1), m.group(2)));
        }
        return blocks;
    }
}
