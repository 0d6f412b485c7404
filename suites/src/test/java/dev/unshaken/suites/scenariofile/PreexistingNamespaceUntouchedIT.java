package dev.unshaken.suites.scenariofile;

import dev.unshaken.chaos.ChaosExtension;
import dev.unshaken.chaos.Faults;
import dev.unshaken.fixtures.cluster.Cluster;
import dev.unshaken.fixtures.cluster.ClusterExtension;
import dev.unshaken.fixtures.cluster.ObjectLabels;
import dev.unshaken.journal.JournalExtension;
import dev.unshaken.suites.UsesTheShop;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The bad actions, on a real cluster standing in for staging: a team's namespace {@code payments} exists before the run,
 * with its ledger in it; a scenario file's own manifests declare that namespace, and a scenario confines its faults to
 * it. Both are refused before anything is applied or watched, and the namespace and what is in it are exactly as they
 * were (same resourceVersion, same labels, nothing added).
 */
@UsesTheShop
@ExtendWith({ClusterExtension.class, JournalExtension.class, ChaosExtension.class})
class PreexistingNamespaceUntouchedIT {

    private static final String TEAMS = "payments";

    @Test
    void aNamespaceThatWasThereBeforeTheRunIsNeitherDeployedIntoNorFaulted(Cluster cluster, Faults faults) {
        var client = cluster.client();
        Namespace before = client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(TEAMS)
                .addToLabels("team", "payments").endMetadata().build()).create();
        try {
            ConfigMap ledger = client.configMaps().inNamespace(TEAMS).resource(new ConfigMapBuilder()
                    .withNewMetadata().withName("ledger").endMetadata().addToData("balance", "100").build()).create();
            var ownManifests = new StackSpec.OwnManifests(Path.of("src/test/resources/scenario-files", "own-stack-with-namespace"),
                    List.of(), TEAMS, 30082, "/");

            assertThatThrownBy(() -> OwnStack.deploy(cluster, ownManifests))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("namespace payments already exists")
                    .hasMessageContaining("Nothing was applied");
            assertThatThrownBy(() -> faults.confineTo(TEAMS))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(TEAMS);

            Namespace after = client.namespaces().withName(TEAMS).get();
            assertThat(after.getMetadata().getResourceVersion()).as("the namespace was not changed").isEqualTo(before.getMetadata().getResourceVersion());
            assertThat(after.getMetadata().getLabels()).doesNotContainKeys(ObjectLabels.MANAGED, ObjectLabels.RUN);
            assertThat(client.configMaps().inNamespace(TEAMS).withName("ledger").get().getMetadata().getResourceVersion())
                    .isEqualTo(ledger.getMetadata().getResourceVersion());
            assertThat(client.services().inNamespace(TEAMS).withName("web").get()).as("the manifests' Service").isNull();
            assertThat(client.configMaps().inNamespace(TEAMS).list().getItems()).as("nothing added (the cluster's own CA bundle aside)")
                    .extracting(cm -> cm.getMetadata().getName()).filteredOn(name -> !name.equals("kube-root-ca.crt"))
                    .containsExactly("ledger");
        } finally {
            // This test made the team's namespace, so it removes it.
            client.namespaces().withName(TEAMS).delete();
            client.namespaces().withName(TEAMS).waitUntilCondition(Objects::isNull, 2, TimeUnit.MINUTES);
        }
    }
}
