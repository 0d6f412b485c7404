package dev.unshaken.suites.scenariofile;

import dev.unshaken.fixtures.cluster.ApiStub;
import dev.unshaken.fixtures.cluster.ObjectLabels;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A scenario's own stack goes only into a namespace the run creates, labelled as the run's: one that was there before
 * is someone's, and nothing is applied to it. Against a stub API server on localhost that records every request.
 */
class OwnStackTest {

    private static final KubernetesSerialization JSON = new KubernetesSerialization();
    private static final StackSpec.OwnManifests SPEC = new StackSpec.OwnManifests(
            Path.of("src/test/resources/scenario-files/own-stack-without-namespace"), List.of(), "payments", 30082, "/");

    private final ApiStub cluster = new ApiStub();

    @AfterEach
    void close() {
        cluster.close();
    }

    @Test
    void aNamespaceThatExistedBeforeTheRunIsRefusedBeforeAnythingIsApplied() {
        cluster.answer("/api/v1/namespaces/payments", JSON.asJson(new NamespaceBuilder()
                .withNewMetadata().withName("payments").addToLabels("team", "payments").endMetadata().build()));

        assertThatThrownBy(() -> OwnStack.deploy(cluster, SPEC))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("namespace payments already exists in " + cluster.client().getMasterUrl() + " and was not created"
                        + " by this run (no label dev.unshaken.run=" + ObjectLabels.runId() + ")")
                .hasMessageContaining("Nothing was applied. Set stack.namespace");
        assertThat(cluster.requests()).containsExactly("GET /api/v1/namespaces/payments");
    }

    @Test
    void theNamespaceTheRunCreatesCarriesItsLabels() {
        // The stub answers nothing else, so the apply that follows fails: only the namespace's creation matters here.
        assertThatThrownBy(() -> OwnStack.deploy(cluster, SPEC));

        assertThat(cluster.requests()).startsWith("GET /api/v1/namespaces/payments", "POST /api/v1/namespaces");
        Namespace created = JSON.unmarshal(cluster.body("POST /api/v1/namespaces"), Namespace.class);
        assertThat(created.getMetadata().getName()).isEqualTo("payments");
        assertThat(ObjectLabels.isThisRuns(created)).as("labels %s", created.getMetadata().getLabels()).isTrue();
    }
}
