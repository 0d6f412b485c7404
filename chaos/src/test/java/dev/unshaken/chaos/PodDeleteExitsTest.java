package dev.unshaken.chaos;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** A pod delete journals how its containers ended, from the last status seen before the pod object went away. */
class PodDeleteExitsTest {

    private static final long DELETED_AT = Instant.parse("2026-11-30T18:00:00Z").toEpochMilli();

    @Test
    void namesEachContainersExitAndHowLongAfterTheDeleteTheLastOneCame() {
        Pod last = new PodBuilder().withNewStatus()
                .addNewContainerStatus().withName("order-service").withNewState().withNewTerminated()
                .withExitCode(0).withReason("Completed").withFinishedAt("2026-11-30T18:00:12Z").endTerminated().endState().endContainerStatus()
                .endStatus().build();

        assertThat(PodDelete.containerExits(last, DELETED_AT))
                .containsEntry("containerExits", "order-service=0 (Completed)")
                .containsEntry("exitedAfterSeconds", "12");
    }

    @Test
    void aContainerStillRunningInTheLastStatusLeavesTheExitsUnseen() {
        Pod last = new PodBuilder().withNewStatus()
                .addNewContainerStatus().withName("app").withNewState().withNewRunning().endRunning().endState().endContainerStatus()
                .endStatus().build();

        assertThat(PodDelete.containerExits(last, DELETED_AT)).containsExactlyEntriesOf(java.util.Map.of("containerExits", "unseen"));
        assertThat(PodDelete.containerExits(null, DELETED_AT)).containsEntry("containerExits", "unseen");
    }
}
