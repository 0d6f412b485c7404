package dev.unshaken.chaos;

import dev.unshaken.fixtures.cluster.ApiStub;
import dev.unshaken.fixtures.cluster.RunExit;
import dev.unshaken.journal.Journal;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * At JVM exit a running fault is stopped and has undone what it did before the run's cleanup starts
 * ({@link RunExit}), so no fault thread goes on after the cleanup; a closed {@link Faults} is no longer asked.
 */
class FaultsAtExitTest {

    /** Holds its effect until interrupted, then undoes it, as the faults do. */
    private static final class HeldFault implements Fault {
        final CountDownLatch injected = new CountDownLatch(1);
        final CountDownLatch undone = new CountDownLatch(1);

        @Override
        public void inject(FaultContext context) {
            injected.countDown();
            try {
                Thread.sleep(Duration.ofMinutes(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                undone.countDown();
            }
        }

        @Override
        public String describe() {
            return "a fault held for ten minutes";
        }
    }

    @Test
    void aRunningFaultIsUndoneBeforeTheExitCleanupGoesOn() throws InterruptedException {
        try (var cluster = new ApiStub()) {
            var faults = new Faults(cluster, Journal.inMemory("exit"), 1);
            int before = RunExit.registered();
            var held = new HeldFault();
            faults.after(Duration.ZERO, held);
            assertThat(held.injected.await(10, TimeUnit.SECONDS)).as("the fault started").isTrue();

            assertThat(RunExit.runBeforeCleanup(Duration.ofSeconds(20))).isEmpty();

            assertThat(held.undone.getCount()).as("undone when the step returned").isZero();
            faults.close();
            assertThat(RunExit.registered()).isEqualTo(before - 1);
        }
    }
}
