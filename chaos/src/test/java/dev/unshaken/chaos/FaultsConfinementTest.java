package dev.unshaken.chaos;

import dev.unshaken.fixtures.cluster.ApiStub;
import dev.unshaken.fixtures.cluster.ObjectLabels;
import dev.unshaken.journal.Journal;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Faults may be confined only to namespaces this run created: the labels say so, not the name. */
class FaultsConfinementTest {

    private final ApiStub cluster = new ApiStub();
    private final Faults faults = new Faults(cluster, Journal.inMemory("confinement"), 1);

    @AfterEach
    void close() {
        faults.close();
        cluster.close();
    }

    @Test
    void aNamespaceThatWasThereBeforeTheRunIsRefusedAndNothingIsWatched() {
        cluster.answer("/api/v1/namespaces/payments", json(namespace("payments", Map.of("team", "payments"))));

        assertThatThrownBy(() -> faults.confineTo("payments"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("no fault may touch namespace payments: it was not created by this run (it lacks the labels"
                        + " dev.unshaken.managed=true and dev.unshaken.run=" + ObjectLabels.runId() + ")")
                .hasMessageContaining("deploy the workload under test into one");
        assertThat(cluster.requests()).as("only the namespace was read: no watch started").containsExactly("GET /api/v1/namespaces/payments");
    }

    @Test
    void aNamespaceOfAnotherRunIsRefused() {
        cluster.answer("/api/v1/namespaces/shop", json(namespace("shop", Map.of(ObjectLabels.MANAGED, "true", ObjectLabels.RUN, "0badc0de"))));

        assertThatThrownBy(() -> faults.confineTo("shop"))
                .hasMessageStartingWith("no fault may touch namespace shop: it was created by another Unshaken run (dev.unshaken.run=0badc0de)");
    }

    @Test
    void aNamespaceThatDoesNotExistIsRefused() {
        assertThatThrownBy(() -> faults.confineTo("typo"))
                .hasMessageStartingWith("namespace typo does not exist, so the run did not create it");
    }

    @Test
    void theClustersOwnNamespacesAreRefusedWithoutAsking() {
        for (String system : new String[] {"default", "kube-system", "kube-flannel"}) {
            assertThatThrownBy(() -> faults.confineTo(system)).hasMessageStartingWith("faults never touch " + system);
        }
        assertThat(cluster.requests()).isEmpty();
        assertThat(Faults.isSystemNamespace("kubernetes-dashboard")).as("only kube-*").isFalse();
    }

    @Test
    void aNamespaceCarryingThisRunsLabelsIsAccepted() {
        assertThat(Faults.confinementRefusal("shop", namespace("shop", ObjectLabels.ofThisRun()))).isEmpty();
    }

    private static Namespace namespace(String name, Map<String, String> labels) {
        return new NamespaceBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata().build();
    }

    private static String json(Object object) {
        return new KubernetesSerialization().asJson(object);
    }
}
