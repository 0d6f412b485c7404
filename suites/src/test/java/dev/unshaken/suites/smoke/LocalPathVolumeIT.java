package dev.unshaken.suites.smoke;

import dev.unshaken.fixtures.cluster.Cluster;
import dev.unshaken.fixtures.cluster.ClusterExtension;
import dev.unshaken.fixtures.cluster.TestNamespace;
import dev.unshaken.suites.RunsBesideOthers;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@RunsBesideOthers
@ExtendWith(ClusterExtension.class)
class LocalPathVolumeIT {

    @Test
    void dataWrittenToALocalPathClaimSurvivesThePodsDeletion(Cluster cluster, TestNamespace namespace) {
        var client = cluster.client();
        client.persistentVolumeClaims().inNamespace(namespace.name()).resource(new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName("data").endMetadata()
                .withNewSpec()
                .withStorageClassName("local-path")
                .withAccessModes("ReadWriteOnce")
                .withNewResources().addToRequests("storage", new Quantity("64Mi")).endResources()
                .endSpec()
                .build()).create();
        String token = UUID.randomUUID().toString();

        var writer = SmokeWorkloads.runToCompletion(client, namespace.name(),
                withData(SmokeWorkloads.busybox("writer", "echo " + token + " > /data/token && sync")));
        assertThat(writer.exitCode()).as("writer exit code; log:\n" + writer.log()).isZero();
        var claim = client.persistentVolumeClaims().inNamespace(namespace.name()).withName("data").get();
        assertThat(claim.getStatus().getPhase()).isEqualTo("Bound");
        assertThat(client.persistentVolumes().withName(claim.getSpec().getVolumeName()).get().getSpec().getStorageClassName())
                .isEqualTo("local-path");

        client.pods().inNamespace(namespace.name()).withName("writer").delete();
        client.pods().inNamespace(namespace.name()).withName("writer").waitUntilCondition(pod -> pod == null, 1, TimeUnit.MINUTES);

        var reader = SmokeWorkloads.runToCompletion(client, namespace.name(),
                withData(SmokeWorkloads.busybox("reader", "cat /data/token")));
        assertThat(reader.exitCode()).as("reader exit code; log:\n" + reader.log()).isZero();
        assertThat(reader.log().strip()).isEqualTo(token);
        assertThat(reader.node()).as("local-path volumes live on one node").isEqualTo(writer.node());
    }

    private static Pod withData(io.fabric8.kubernetes.api.model.PodBuilder pod) {
        return pod.editSpec()
                .addNewVolume().withName("data").withNewPersistentVolumeClaim().withClaimName("data").endPersistentVolumeClaim().endVolume()
                .editFirstContainer().addNewVolumeMount().withName("data").withMountPath("/data").endVolumeMount().endContainer()
                .endSpec()
                .build();
    }
}
