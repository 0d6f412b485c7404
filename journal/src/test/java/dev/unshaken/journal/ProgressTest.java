package dev.unshaken.journal;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressTest {

    private final List<String> lines = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final Progress.Sink sink = (line, problem) -> (problem ? problems : lines).add(line);

    @Test
    void printsTheSecondsSinceTheStartTheTopicAndAFilteredMessage() {
        AtomicLong now = new AtomicLong(1_000_000_000L);
        var progress = Progress.timed(1_000_000_000L, now::get, sink).filteredBy(line -> line.replace("hunter22", "[REDACTED]"));

        now.set(13_340_000_000L);
        progress.step("drain", "%s cordoned, %d pods to evict", "agent-1", 4);
        now.set(14_000_000_000L);
        progress.step("stack", "db password is hunter22");
        progress.problem("cleanup", "namespace %s left behind", "shop");

        assertThat(lines).containsExactly(
                "[unshaken +12.3s] drain: agent-1 cordoned, 4 pods to evict",
                "[unshaken +13.0s] stack: db password is [REDACTED]");
        assertThat(problems).containsExactly("[unshaken +13.0s] cleanup: namespace shop left behind");
        assertThat(progress.elapsedSeconds()).isEqualTo(13.0);
    }

    @Test
    void aMessageWithoutArgumentsIsTakenAsItIsPercentSignsIncluded() {
        Progress.untimed(sink).step("load", "error rate 5% over 10 s");

        assertThat(lines).containsExactly("[unshaken] load: error rate 5% over 10 s");
    }

    @Test
    void filtersApplyInTheOrderTheyWereAdded() {
        var progress = Progress.untimed(sink).filteredBy(line -> line.replace("one", "two"))
                .filteredBy(line -> line.replace("two", "three"));

        progress.step("count", "one");

        assertThat(lines).containsExactly("[unshaken] count: three");
    }
}
