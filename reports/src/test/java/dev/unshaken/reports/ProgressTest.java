package dev.unshaken.reports;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressTest {

    @Test
    void printsTheSecondsSinceTheStartTheStepAndARedactedMessage() {
        AtomicLong now = new AtomicLong(1_000);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        var progress = new Progress(1_000, now::get, new PrintStream(bytes, true, StandardCharsets.UTF_8),
                Redactor.forSecrets(List.of("hunter22")));

        now.set(13_340);
        progress.step("drain", "agent-1 cordoned, 4 pods to evict");
        now.set(14_000);
        progress.step("stack", "db password is hunter22");

        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("""
                [unshaken +12.3s] drain: agent-1 cordoned, 4 pods to evict
                [unshaken +13.0s] stack: db password is [REDACTED]
                """);
    }
}
