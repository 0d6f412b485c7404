package dev.unshaken.suites.stack;

import dev.unshaken.fixtures.cluster.Cluster;
import dev.unshaken.fixtures.cluster.ClusterExtension;
import dev.unshaken.fixtures.cluster.TestNamespace;
import dev.unshaken.fixtures.stack.DeployPreflight;
import dev.unshaken.fixtures.stack.Stack;
import dev.unshaken.fixtures.stack.StackDeployException;
import dev.unshaken.fixtures.stack.StackManifests;
import dev.unshaken.fixtures.stack.StackVariant;
import dev.unshaken.suites.UsesTheShop;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A deploy the cluster cannot take is refused by name before anything is created: a user without the rights (a
 * ServiceAccount of the run's test namespace, bound to nothing), and manifests whose volume claims name a StorageClass
 * the cluster lacks. Against the real API server, which answers the SelfSubjectAccessReviews.
 */
@UsesTheShop
@ExtendWith(ClusterExtension.class)
class DeployPreflightIT {

    @Test
    void aUserWithoutTheRightsIsRefusedAndNothingIsCreated(Cluster cluster, TestNamespace namespace) {
        var admin = cluster.client();
        assertThat(admin.namespaces().withName(Stack.NAMESPACE).get()).as("no shop deployed before this test").isNull();
        admin.serviceAccounts().inNamespace(namespace.name())
                .resource(new ServiceAccountBuilder().withNewMetadata().withName("no-rights").endMetadata().build()).create();
        String token = admin.serviceAccounts().inNamespace(namespace.name()).withName("no-rights")
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(600L).endSpec().build()).getStatus().getToken();
        Config asServiceAccount = new ConfigBuilder(admin.getConfiguration())
                .withClientCertData(null).withClientKeyData(null).withClientCertFile(null).withClientKeyFile(null)
                .withUsername(null).withPassword(null).withOauthToken(token).build();

        try (var restricted = new KubernetesClientBuilder().withConfig(asServiceAccount).build()) {
            assertThatThrownBy(() -> Stack.deploy(restricted, StackVariant.REFERENCE))
                    .isInstanceOf(StackDeployException.class)
                    .hasMessageContaining("cannot take this deploy: this user may not create namespaces, delete namespaces,")
                    .hasMessageContaining("create statefulsets.apps in namespace shop")
                    .hasMessageContaining("patch poddisruptionbudgets.policy in namespace shop")
                    .hasMessageEndingWith("Nothing was applied.");
        }
        assertThat(admin.namespaces().withName(Stack.NAMESPACE).get()).as("namespace shop after the refused deploy").isNull();
    }

    @Test
    void aStorageClassTheClusterLacksIsNamedWithTheOnesItHas(Cluster cluster) {
        List<String> notes = new ArrayList<>();
        DeployPreflight.check(cluster.client(), StackManifests.load(), notes::add);
        assertThat(notes).as("the cluster's admin may deploy the shop, and every question was answered").isEmpty();

        List<HasMetadata> onFastDisks = StackManifests.load();
        onFastDisks.stream().filter(StatefulSet.class::isInstance).map(StatefulSet.class::cast)
                .forEach(set -> set.getSpec().getVolumeClaimTemplates().forEach(claim -> claim.getSpec().setStorageClassName("fast-ssd")));

        assertThatThrownBy(() -> DeployPreflight.check(cluster.client(), onFastDisks, notes::add))
                .isInstanceOf(StackDeployException.class)
                .hasMessageContaining("its volume claims need StorageClass fast-ssd, which the cluster does not have (it has: local-path)");
        assertThat(cluster.client().namespaces().withName(Stack.NAMESPACE).get()).isNull();
    }
}
