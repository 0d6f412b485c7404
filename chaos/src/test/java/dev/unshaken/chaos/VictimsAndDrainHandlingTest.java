package dev.unshaken.chaos;

import dev.unshaken.journal.Journal;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import static dev.unshaken.chaos.NodeDrain.Handling.AWAIT_GONE;
import static dev.unshaken.chaos.NodeDrain.Handling.EVICT;
import static dev.unshaken.chaos.NodeDrain.Handling.IGNORE;
import static dev.unshaken.chaos.NodeDrain.Handling.LEAVE_ALONE;
import static dev.unshaken.chaos.NodeDrain.Handling.SKIP;
import static org.assertj.core.api.Assertions.assertThat;

class VictimsAndDrainHandlingTest {

    @Test
    void victimsAreRunningPodsNotBeingDeletedReadyOnesFirstSortedByName() {
        var pods = new ArrayList<>(List.of(
                pod("web-c", "Running", true, false), pod("web-a", "Running", true, false),
                pod("web-b", "Running", false, false), pod("web-d", "Running", true, true), pod("web-e", "Pending", false, false)));
        Collections.shuffle(pods);

        assertThat(PodTarget.candidatesAmong(pods)).extracting(p -> p.getMetadata().getName()).containsExactly("web-a", "web-c");
        assertThat(PodTarget.candidatesAmong(List.of(pod("web-b", "Running", false, false))))
                .as("no ready pod: the running ones").hasSize(1);
    }

    @Test
    void theSameSeedAndCandidatesPickTheSameVictims() {
        var candidates = PodTarget.candidatesAmong(List.of(pod("web-a", "Running", true, false), pod("web-b", "Running", true, false),
                pod("web-c", "Running", true, false), pod("web-d", "Running", true, false)));
        assertThat(victims(candidates, 42)).isEqualTo(victims(candidates, 42));
        assertThat(List.of(victims(candidates, 1), victims(candidates, 2), victims(candidates, 3))).as("other seeds, other victims")
                .doesNotHaveDuplicates();
    }

    private static List<String> victims(List<Pod> candidates, long seed) {
        var context = new FaultContext(null, Journal.inMemory("victims"), seed, Set.of());
        var picked = new ArrayList<String>();
        for (int i = 0; i < 8; i++) {
            picked.add(candidates.get(context.random().nextInt(candidates.size())).getMetadata().getName());
        }
        return picked;
    }

    @Test
    void aDrainEvictsOnlyTheRunsPodsAndSkipsWhatKubectlSkips() {
        Set<String> run = Set.of("shop");
        assertThat(NodeDrain.handling(pod("web-a", "Running", true, false), run)).isEqualTo(EVICT);
        assertThat(NodeDrain.handling(inNamespace(pod("coredns-x", "Running", true, false), "kube-system"), run)).isEqualTo(LEAVE_ALONE);
        assertThat(NodeDrain.handling(new PodBuilder(pod("agent-x", "Running", true, false)).editMetadata()
                .addNewOwnerReference().withKind("DaemonSet").withName("agent").endOwnerReference().endMetadata().build(), run)).isEqualTo(SKIP);
        assertThat(NodeDrain.handling(new PodBuilder(pod("static-x", "Running", true, false)).editMetadata()
                .addToAnnotations("kubernetes.io/config.mirror", "abc").endMetadata().build(), run)).isEqualTo(SKIP);
        assertThat(NodeDrain.handling(pod("job-x", "Succeeded", false, false), run)).isEqualTo(IGNORE);
        assertThat(NodeDrain.handling(pod("web-b", "Running", true, true), run)).isEqualTo(AWAIT_GONE);
    }

    private static Pod pod(String name, String phase, boolean ready, boolean deleting) {
        return new PodBuilder()
                .withNewMetadata().withName(name).withNamespace("shop").withDeletionTimestamp(deleting ? "2026-01-01T00:00:00Z" : null).endMetadata()
                .withNewStatus().withPhase(phase).addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition().endStatus()
                .build();
    }

    private static Pod inNamespace(Pod pod, String namespace) {
        return new PodBuilder(pod).editMetadata().withNamespace(namespace).endMetadata().build();
    }
}
