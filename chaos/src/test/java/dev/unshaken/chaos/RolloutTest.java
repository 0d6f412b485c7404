package dev.unshaken.chaos;

import dev.unshaken.fixtures.cluster.ApiStub;
import dev.unshaken.journal.FaultKind;
import dev.unshaken.journal.Journal;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A rollout or a scale proves it took effect: one that leaves the Deployment's spec as it was fails as a fault. */
class RolloutTest {

    private static final KubernetesSerialization JSON = new KubernetesSerialization();
    private static final String WEB = "/apis/apps/v1/namespaces/shop/deployments/web";

    private final ApiStub cluster = new ApiStub();
    private final Journal journal = Journal.inMemory("rollout");
    private final FaultContext context = new FaultContext(cluster, journal, 1, Set.of("shop"));

    @AfterEach
    void close() {
        cluster.close();
    }

    @Test
    void aRolloutToTheImageAlreadyRunningChangesNothingAndFailsAsAFault() {
        cluster.answer(WEB, JSON.asJson(web(4L, "web:1.0.0")))
                .answerNext("PATCH " + WEB, 200, JSON.asJson(web(4L, "web:1.0.0")));

        assertThatThrownBy(() -> Rollout.image("shop", "web", "web:1.0.0").inject(context))
                .isInstanceOf(FaultFailedException.class)
                .hasMessageContaining("changed nothing: the Deployment already runs that (generation 4 unchanged)");
        assertThat(journal.faults()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FaultKind.ROLLOUT);
            assertThat(f.detail("outcome")).isEqualTo("no-effect");
        });
    }

    @Test
    void aScaleToTheReplicasAlreadyAskedForChangesNothingAndFailsAsAFault() {
        cluster.answer(WEB, JSON.asJson(web(4L, "web:1.0.0")));

        assertThatThrownBy(() -> Scale.to("shop", "web", 2).inject(context))
                .isInstanceOf(FaultFailedException.class)
                .hasMessageContaining("changed nothing: the Deployment already has 2 replicas");
        assertThat(journal.faults()).singleElement().satisfies(f -> assertThat(f.detail("outcome")).isEqualTo("no-effect"));
        assertThat(cluster.requests()).as("nothing was changed").allMatch(request -> request.startsWith("GET"));
    }

    private static Deployment web(long generation, String image) {
        return new DeploymentBuilder()
                .withNewMetadata().withName("web").withNamespace("shop").withGeneration(generation).withResourceVersion("7").endMetadata()
                .withNewSpec().withReplicas(2).withNewTemplate().withNewSpec().addNewContainer().withName("web").withImage(image)
                .endContainer().endSpec().endTemplate().endSpec().build();
    }
}
