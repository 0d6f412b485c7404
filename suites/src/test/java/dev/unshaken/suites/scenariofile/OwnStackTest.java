package dev.unshaken.suites.scenariofile;

import dev.unshaken.fixtures.cluster.ApiStub;
import dev.unshaken.fixtures.cluster.ObjectLabels;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A scenario's own stack goes only into a namespace the run creates (a plain create, never an apply), labelled as the
 * run's: one that was there before is someone's, and nothing is applied to it. Its teardown waits until what it deleted
 * is gone. Against a stub API server on localhost that records every request.
 */
class OwnStackTest {

    private static final KubernetesSerialization JSON = new KubernetesSerialization();
    private static final String NAMESPACES = "/api/v1/namespaces";
    private static final String PAYMENTS = NAMESPACES + "/payments";
    private static final String WEB_SERVICE = PAYMENTS + "/services/web";
    private static final StackSpec.OwnManifests SPEC = spec("own-stack-without-namespace");
    private static final StackSpec.OwnManifests DECLARED = spec("own-stack-with-namespace");

    private final ApiStub cluster = new ApiStub();

    @AfterEach
    void close() {
        cluster.close();
    }

    @Test
    void aNamespaceThatExistedBeforeTheRunIsRefusedBeforeAnythingIsApplied() {
        cluster.answerNext("POST " + NAMESPACES, 409, ApiStub.status(409, "AlreadyExists"))
                .answerNext("GET " + PAYMENTS, 200, payments(Map.of("team", "payments")));

        assertThatThrownBy(() -> OwnStack.deploy(cluster, SPEC))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("namespace payments already exists in " + cluster.client().getMasterUrl() + " and was not created"
                        + " by Unshaken (no label dev.unshaken.managed=true)")
                .hasMessageContaining("Nothing was applied. Set stack.namespace");
        assertThat(cluster.requestsBesidesPreflight()).containsExactly("POST " + NAMESPACES, "GET " + PAYMENTS);
    }

    @Test
    void aNamespaceOfAnotherRunIsRefusedAndNothingIsApplied() {
        cluster.answerNext("POST " + NAMESPACES, 409, ApiStub.status(409, "AlreadyExists"))
                .answerNext("GET " + PAYMENTS, 200, payments(Map.of(ObjectLabels.MANAGED, "true", ObjectLabels.RUN, "0badc0de")));

        assertThatThrownBy(() -> OwnStack.deploy(cluster, SPEC))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("namespace payments already exists in " + cluster.client().getMasterUrl() + " and was created by"
                        + " another Unshaken run (0badc0de), which may still be using it");
        assertThat(cluster.requestsBesidesPreflight()).containsExactly("POST " + NAMESPACES, "GET " + PAYMENTS);
    }

    @Test
    void theNamespaceTheRunCreatesCarriesItsLabelsAndTheObjectsFollow() {
        // The stub answers no apply, so the deploy fails there: what matters is that it got that far.
        assertThatThrownBy(() -> OwnStack.deploy(cluster, SPEC));

        assertThat(cluster.requestsBesidesPreflight()).startsWith("POST " + NAMESPACES, "PATCH /apis/apps/v1/namespaces/payments/deployments/web");
        Namespace created = JSON.unmarshal(cluster.body("POST " + NAMESPACES), Namespace.class);
        assertThat(created.getMetadata().getName()).isEqualTo("payments");
        assertThat(ObjectLabels.isThisRuns(created)).as("labels %s", created.getMetadata().getLabels()).isTrue();
    }

    @Test
    void aDeployThatFailsAfterCreatingItsNamespaceDeletesItBeforeItThrows() {
        // The stub answers no apply: the first object is refused after the namespace was created.
        assertThatThrownBy(() -> OwnStack.deploy(cluster, SPEC));

        assertThat(cluster.requestsBesidesPreflight()).containsSubsequence("POST " + NAMESPACES, "DELETE " + PAYMENTS);
    }

    @Test
    void teardownDeletesTheNamespaceItCreatedAndWaitsUntilItIsGone() {
        cluster.answerNext("PATCH " + WEB_SERVICE, 200, webService());
        var stack = OwnStack.deploy(cluster, DECLARED);
        // Still there once after the DELETE (terminating), then 404.
        cluster.answerNext("DELETE " + PAYMENTS, 200, payments(ObjectLabels.ofThisRun()))
                .answerNext("GET " + PAYMENTS, 200, payments(ObjectLabels.ofThisRun()));

        stack.teardown();

        assertThat(cluster.requestsBesidesPreflight()).as("the declared Namespace created, not applied; the Service not awaited, it goes with it")
                .containsExactly("POST " + NAMESPACES, "PATCH " + WEB_SERVICE,
                        "DELETE " + WEB_SERVICE, "DELETE " + PAYMENTS, "GET " + PAYMENTS, "GET " + PAYMENTS);
        assertThat(JSON.unmarshal(cluster.body("POST " + NAMESPACES), Namespace.class).getMetadata().getLabels())
                .containsEntry("team", "payments").containsAllEntriesOf(ObjectLabels.ofThisRun());
    }

    @Test
    void whenTheNamespaceWasTheRunsAlreadyTeardownWaitsForEachObjectItDeleted() {
        cluster.answerNext("POST " + NAMESPACES, 409, ApiStub.status(409, "AlreadyExists"))
                .answerNext("GET " + PAYMENTS, 200, payments(ObjectLabels.ofThisRun()))
                .answerNext("PATCH " + WEB_SERVICE, 200, webService());
        var stack = OwnStack.deploy(cluster, DECLARED);
        cluster.answerNext("DELETE " + WEB_SERVICE, 200, webService())
                .answerNext("GET " + WEB_SERVICE, 200, webService());

        stack.teardown();

        assertThat(cluster.requestsBesidesPreflight()).containsExactly("POST " + NAMESPACES, "GET " + PAYMENTS, "PATCH " + WEB_SERVICE,
                "DELETE " + WEB_SERVICE, "GET " + WEB_SERVICE, "GET " + WEB_SERVICE);
    }

    private static StackSpec.OwnManifests spec(String folder) {
        return new StackSpec.OwnManifests(Path.of("src/test/resources/scenario-files", folder), List.of(), "payments", 30082, "/");
    }

    private static String payments(Map<String, String> labels) {
        return JSON.asJson(new NamespaceBuilder().withNewMetadata().withName("payments").addToLabels(labels).endMetadata().build());
    }

    private static String webService() {
        return JSON.asJson(new ServiceBuilder().withNewMetadata().withName("web").withNamespace("payments").endMetadata().build());
    }
}
