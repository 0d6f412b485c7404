package dev.unshaken.suites.smoke;

import dev.unshaken.fixtures.cluster.Cluster;
import dev.unshaken.fixtures.cluster.ClusterExtension;
import dev.unshaken.fixtures.cluster.TestNamespace;
import dev.unshaken.fixtures.images.SmokeHttpImage;
import dev.unshaken.suites.RunsBesideOthers;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@RunsBesideOthers
@ExtendWith(ClusterExtension.class)
class EvictionRefusedIT {

    @Test
    void evictionIsRefusedWith429WhileTheBudgetForbidsItAndAllowedOnceItPermits(Cluster cluster, TestNamespace namespace)
            throws Exception {
        var client = cluster.client();
        String ns = namespace.name();
        cluster.loadImage(SmokeHttpImage.ensureBuilt());
        client.apps().deployments().inNamespace(ns).resource(SmokeWorkloads.smokeHttp("guarded", 2, cluster.agentNodeNames())).create();
        client.apps().deployments().inNamespace(ns).withName("guarded")
                .waitUntilCondition(d -> d.getStatus() != null && Integer.valueOf(2).equals(d.getStatus().getReadyReplicas()),
                        3, TimeUnit.MINUTES);
        client.policy().v1().podDisruptionBudget().inNamespace(ns).resource(new PodDisruptionBudgetBuilder()
                .withNewMetadata().withName("guarded").endMetadata()
                .withNewSpec().withMinAvailable(new IntOrString(2))
                .withNewSelector().addToMatchLabels("app", "guarded").endSelector().endSpec()
                .build()).create();
        awaitBudget(client, ns, 0);
        String victim = client.pods().inNamespace(ns).withLabel("app", "guarded").list().getItems().getFirst().getMetadata().getName();

        HttpResponse<String> refused = postEviction(client, ns, victim);
        assertThat(refused.code()).as("Eviction API status; body: " + refused.body()).isEqualTo(429);
        assertThat(refused.body()).contains("disruption budget");
        assertThat(client.pods().inNamespace(ns).withName(victim).evict()).as("fabric8 evict() on 429").isFalse();
        assertThat(client.pods().inNamespace(ns).withName(victim).get().getMetadata().getDeletionTimestamp())
                .as("the pod is not being deleted").isNull();

        client.policy().v1().podDisruptionBudget().inNamespace(ns).withName("guarded")
                .edit(pdb -> new PodDisruptionBudgetBuilder(pdb).editSpec().withMinAvailable(new IntOrString(1)).endSpec().build());
        awaitBudget(client, ns, 1);
        assertThat(client.pods().inNamespace(ns).withName(victim).evict()).as("evict() once the budget allows one disruption").isTrue();
        client.pods().inNamespace(ns).withName(victim)
                .waitUntilCondition(pod -> pod == null || pod.getMetadata().getDeletionTimestamp() != null, 1, TimeUnit.MINUTES);
    }

    /** Waits until the disruption controller has judged the current budget spec: both pods healthy. */
    private static void awaitBudget(KubernetesClient client, String ns, int disruptionsAllowed) {
        client.policy().v1().podDisruptionBudget().inNamespace(ns).withName("guarded")
                .waitUntilCondition(pdb -> judged(pdb) && pdb.getStatus().getCurrentHealthy() == 2
                        && pdb.getStatus().getDisruptionsAllowed() == disruptionsAllowed, 1, TimeUnit.MINUTES);
    }

    private static boolean judged(PodDisruptionBudget pdb) {
        return pdb != null && pdb.getStatus() != null && pdb.getStatus().getObservedGeneration() != null
                && pdb.getStatus().getObservedGeneration().equals(pdb.getMetadata().getGeneration());
    }

    /** POSTs an Eviction directly, to see the exact status code the API server answers. */
    private static HttpResponse<String> postEviction(KubernetesClient client, String ns, String pod) throws Exception {
        String eviction = """
                {"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"%s","namespace":"%s"}}""".formatted(pod, ns);
        var http = client.getHttpClient();
        var request = http.newHttpRequestBuilder()
                .uri(client.getMasterUrl().toString().replaceAll("/$", "") + "/api/v1/namespaces/" + ns + "/pods/" + pod + "/eviction")
                .post("application/json", eviction)
                .build();
        return http.sendAsync(request, String.class).get(30, TimeUnit.SECONDS);
    }
}
