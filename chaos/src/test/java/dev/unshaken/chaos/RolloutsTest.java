package dev.unshaken.chaos;

import dev.unshaken.fixtures.cluster.ApiStub;
import dev.unshaken.chaos.Rollouts.Progress;
import dev.unshaken.journal.FaultKind;
import dev.unshaken.journal.Journal;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How a rollout, rollback or scale is judged from the Deployment as last seen: no cluster, Deployments built by hand. */
class RolloutsTest {

    private static final String ROLLOUT = "rollout of shop/order-service to image=unshaken/order-service:1.1.0";
    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);
    private static final String TIMED_OUT_PROGRESSING = "ReplicaSet \"order-service-7c9f\" has timed out progressing.";

    /** Generation 2 and its status; conditions are added by the tests. */
    private static DeploymentBuilder deployment(long observedGeneration, int ready, int updated, int total, int available) {
        return new DeploymentBuilder()
                .withNewMetadata().withName("order-service").withNamespace("shop").withGeneration(2L).endMetadata()
                .withNewSpec().withReplicas(2).withProgressDeadlineSeconds(20).endSpec()
                .withNewStatus().withObservedGeneration(observedGeneration).withReadyReplicas(ready).withUpdatedReplicas(updated)
                .withReplicas(total).withAvailableReplicas(available).endStatus();
    }

    private static Deployment withProgressing(DeploymentBuilder d, String status, String reason, String message, String updatedAt) {
        return d.editStatus().addNewCondition().withType("Available").withStatus("True").withReason("MinimumReplicasAvailable")
                .endCondition()
                .addNewCondition().withType("Progressing").withStatus(status).withReason(reason).withMessage(message)
                .withLastUpdateTime(updatedAt).endCondition().endStatus().build();
    }

    private static Deployment settled() {
        return withProgressing(deployment(2, 2, 2, 2, 2), "True", "NewReplicaSetAvailable",
                "ReplicaSet \"order-service-7c9f\" has successfully progressed.", "2026-01-01T10:00:30Z");
    }

    private static Deployment stalled() {
        return withProgressing(deployment(2, 2, 1, 3, 2), "False", "ProgressDeadlineExceeded", TIMED_OUT_PROGRESSING,
                "2026-01-01T10:00:30Z");
    }

    private static Deployment progressing() {
        return withProgressing(deployment(2, 2, 1, 3, 2), "True", "ReplicaSetUpdated", "ReplicaSet \"order-service-7c9f\" is progressing.",
                "2026-01-01T10:00:10Z");
    }

    /** Before the change: settled on generation 1. */
    private static Deployment before() {
        return new DeploymentBuilder(settled()).editMetadata().withGeneration(1L).endMetadata()
                .editStatus().withObservedGeneration(1L).endStatus().build();
    }

    @Test
    void aDeploymentIsSettledWhenEveryReplicaOfTheLatestSpecIsUpdatedReadyAndAvailable() {
        assertThat(Rollouts.progress(settled(), before())).isEqualTo(Progress.SETTLED);
        assertThat(Rollouts.progress(progressing(), before())).isEqualTo(Progress.PROGRESSING);
        assertThat(Rollouts.progress(withProgressing(deployment(2, 1, 2, 2, 2), "True", "ReplicaSetUpdated", "", "2026-01-01T10:00:10Z"),
                before())).as("one replica not ready").isEqualTo(Progress.PROGRESSING);
        assertThat(Rollouts.progress(new DeploymentBuilder(settled()).editStatus().withObservedGeneration(1L).endStatus().build(), before()))
                .as("the counts are of the previous spec: the controller has not seen the change yet").isEqualTo(Progress.PROGRESSING);
        assertThat(Rollouts.progress(null, before())).as("deleted meanwhile").isEqualTo(Progress.PROGRESSING);
        assertThat(Rollouts.progress(new DeploymentBuilder(settled()).withStatus(null).build(), before())).isEqualTo(Progress.PROGRESSING);
    }

    @Test
    void aDeploymentHasStalledWhenTheControllerReportsProgressDeadlineExceededForTheLatestSpec() {
        assertThat(Rollouts.progress(stalled(), before())).isEqualTo(Progress.STALLED);
        assertThat(Rollouts.progress(new DeploymentBuilder(stalled()).editStatus().withObservedGeneration(1L).endStatus().build(), before()))
                .as("the condition is of the previous spec").isEqualTo(Progress.PROGRESSING);
        assertThat(Rollouts.progress(stalled(), null)).isEqualTo(Progress.STALLED);
    }

    @Test
    void aDeadlineConditionLeftOverFromAnEarlierStallIsNotThisRolloutsStall() {
        // A rollback right after a stalled rollout: until the controller updates it, the condition is the old one.
        Deployment stalledBefore = new DeploymentBuilder(stalled()).editMetadata().withGeneration(1L).endMetadata()
                .editStatus().withObservedGeneration(1L).endStatus().build();

        assertThat(Rollouts.progress(stalled(), stalledBefore)).isEqualTo(Progress.PROGRESSING);
        assertThat(Rollouts.progress(withProgressing(deployment(2, 2, 1, 3, 2), "False", "ProgressDeadlineExceeded",
                TIMED_OUT_PROGRESSING, "2026-01-01T10:05:00Z"), stalledBefore)).as("stalled again, later").isEqualTo(Progress.STALLED);
    }

    @Test
    void aCompletedRolloutEndsNormally() {
        var outcome = Rollouts.outcome(ROLLOUT, settled(), before(), FIVE_MINUTES, false, "");

        assertThat(outcome.failure()).isEmpty();
        assertThat(outcome.details()).containsEntry("outcome", "complete").containsEntry("state", "2/2 ready, 2 updated")
                .containsEntry("progressing", "True NewReplicaSetAvailable: ReplicaSet \"order-service-7c9f\" has successfully progressed")
                .doesNotContainKeys("error", "expected");
    }

    @Test
    void aStalledRolloutFailsNamingTheConditionAndTheReplicas() {
        var outcome = Rollouts.outcome(ROLLOUT, stalled(), before(), FIVE_MINUTES, false, ". Hint");

        assertThat(outcome.failure()).contains("rollout of shop/order-service to image=unshaken/order-service:1.1.0 stalled (no progress"
                + " for its progressDeadlineSeconds, 20 s): Progressing=False ProgressDeadlineExceeded: ReplicaSet \"order-service-7c9f\""
                + " has timed out progressing; 2/2 ready, 1 updated. Hint");
        assertThat(outcome.details()).containsEntry("outcome", "stalled")
                .containsEntry("progressing", "False ProgressDeadlineExceeded: ReplicaSet \"order-service-7c9f\" has timed out progressing")
                .containsEntry("state", "2/2 ready, 1 updated")
                .containsEntry("error", outcome.failure().orElseThrow());
    }

    @Test
    void aRolloutStillUnderWayAtTheTimeoutFailsNamingTheTimeout() {
        var outcome = Rollouts.outcome(ROLLOUT, progressing(), before(), FIVE_MINUTES, false, "");

        assertThat(outcome.failure()).contains("rollout of shop/order-service to image=unshaken/order-service:1.1.0 did not complete"
                + " within 300 s: Progressing=True ReplicaSetUpdated: ReplicaSet \"order-service-7c9f\" is progressing; 2/2 ready, 1 updated");
        assertThat(outcome.details()).containsEntry("outcome", "timed-out");
        assertThat(Rollouts.outcome("scale of shop/order-service to 2", null, before(), FIVE_MINUTES, false, "").failure())
                .contains("scale of shop/order-service to 2 did not complete: the Deployment was deleted meanwhile");
    }

    @Test
    void expectingAStallInvertsTheJudgement() {
        var stall = Rollouts.outcome(ROLLOUT, stalled(), before(), FIVE_MINUTES, true, ". Hint");
        assertThat(stall.failure()).isEmpty();
        assertThat(stall.details()).containsEntry("outcome", "stalled").containsEntry("expected", "stall").doesNotContainKey("error");

        var timedOut = Rollouts.outcome(ROLLOUT, progressing(), before(), FIVE_MINUTES, true, ". Hint");
        assertThat(timedOut.failure()).as("not complete within the timeout is a stall too").isEmpty();
        assertThat(timedOut.details()).containsEntry("outcome", "timed-out").containsEntry("expected", "stall");

        var completed = Rollouts.outcome(ROLLOUT, settled(), before(), FIVE_MINUTES, true, ". Hint");
        assertThat(completed.failure()).contains("expected the rollout of shop/order-service to image=unshaken/order-service:1.1.0"
                + " to stall, but it completed: 2/2 ready, 2 updated");
        assertThat(completed.details()).containsEntry("outcome", "complete").containsEntry("error", completed.failure().orElseThrow());

        assertThat(Rollouts.outcome(ROLLOUT, null, before(), FIVE_MINUTES, true, ". Hint").failure()).as("a deleted Deployment is no stall")
                .contains(ROLLOUT + " did not complete: the Deployment was deleted meanwhile");
    }

    @Test
    void theFaultIsJournaledAsEndedBeforeItsFailureIsThrown() {
        var journal = Journal.inMemory("rollouts");
        var context = new FaultContext(null, journal, 1, Set.of("shop"));
        var running = context.start(FaultKind.ROLLOUT, "shop/deployment/order-service", Map.of("change", "image=x"));

        assertThatThrownBy(() -> Rollouts.end(running, Map.of("imagesAfter", "x"),
                Rollouts.outcome(ROLLOUT, stalled(), before(), FIVE_MINUTES, false, "")))
                .isInstanceOf(FaultFailedException.class)
                .hasMessageContaining("ProgressDeadlineExceeded");
        assertThat(journal.faults()).singleElement().satisfies(f -> {
            assertThat(f.ended()).isTrue();
            assertThat(f.details()).containsEntry("outcome", "stalled").containsEntry("imagesAfter", "x").containsEntry("change", "image=x");
        });

        running.failed(new FaultFailedException("again"));
        assertThat(journal.faults()).singleElement().satisfies(f -> assertThat(f.details()).containsEntry("outcome", "stalled"));
    }

    @Test
    void aRolloutSaysWhenItExpectsAStall() {
        var rollout = Rollout.image("shop", "order-service", "unshaken/order-service:1.1.0");
        assertThat(rollout.describe()).isEqualTo(ROLLOUT);
        assertThat(rollout.expectingStall().describe()).isEqualTo(ROLLOUT + ", expecting it to stall");
    }

    @Test
    void anEnvironmentValueIsMaskedOnTheConsoleAndKeptInTheJournal() {
        Rollout rollout = Rollout.env("shop", "order-service", "DB_PASSWORD", "hunter2secret");
        assertThat(rollout.describe()).isEqualTo("rollout of shop/order-service to env DB_PASSWORD=***");
        assertThat(rollout.expectingStall().describe()).doesNotContain("hunter2secret");

        try (var cluster = new ApiStub()) {
            cluster.answer("/apis/apps/v1/namespaces/shop/deployments/order-service", new KubernetesSerialization().asJson(
                    new DeploymentBuilder(settled()).editMetadata().addToAnnotations("deployment.kubernetes.io/revision", "1").endMetadata()
                            .editSpec().withNewTemplate().withNewSpec().addNewContainer().withName("order-service")
                            .withImage("unshaken/order-service:1.0.0").endContainer().endSpec().endTemplate().endSpec().build()));
            var journal = Journal.inMemory("env-rollout");
            // The stub refuses the change itself: what was journaled before it is the point.
            assertThatThrownBy(() -> rollout.inject(new FaultContext(cluster, journal, 1, Set.of("shop"))));

            assertThat(journal.faults()).singleElement().satisfies(f -> {
                assertThat(f.kind()).isEqualTo(FaultKind.ROLLOUT);
                assertThat(f.details()).containsEntry("change", "env DB_PASSWORD=hunter2secret");
            });
        }
    }
}
