package dev.unshaken.chaos;

import dev.unshaken.fixtures.cluster.ApiStub;
import dev.unshaken.journal.Journal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A fault the cluster can never carry is refused when it is scheduled, before anything runs, not when its time comes. */
class FaultsPreflightTest {

    private final ApiStub cluster = new ApiStub();
    private final Journal journal = Journal.inMemory("preflight");
    private final Faults faults = new Faults(cluster, journal, 1);

    @AfterEach
    void close() {
        faults.close();
        cluster.close();
    }

    /** A fault whose preflight finds that this cluster cannot carry it (as a kernel without the mechanism would). */
    private static final class CannotRunHere implements Fault {
        final AtomicBoolean injected = new AtomicBoolean();

        @Override
        public void preflight(FaultContext context) {
            throw new FaultFailedException("refused before it started: no mechanism for it on these nodes");
        }

        @Override
        public void inject(FaultContext context) {
            injected.set(true);
        }

        @Override
        public String describe() {
            return "a fault this cluster cannot carry";
        }
    }

    @Test
    void aFaultThatCanNeverRunHereIsRefusedWhenScheduledEvenLateInASequence() {
        var cannot = new CannotRunHere();

        assertThatThrownBy(() -> faults.after(Duration.ofMinutes(10), Fault.pause(Duration.ofSeconds(1)).then(cannot)))
                .isInstanceOf(FaultFailedException.class)
                .hasMessage("refused before it started: no mechanism for it on these nodes");
        faults.awaitAll(); // nothing was scheduled, so nothing waits ten minutes
        assertThat(cannot.injected).isFalse();
        assertThat(journal.faults()).isEmpty();
    }
}
