package dev.unshaken.chaos;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ObservedFieldsTest {

    @Test
    void aTerminatingPodShowsItsDeletionReadinessAndNode() {
        var pod = new PodBuilder()
                .withNewMetadata().withName("web-1").withNamespace("ns").withDeletionTimestamp("2026-01-01T00:00:00Z")
                .addNewOwnerReference().withKind("ReplicaSet").withName("web-5d9f").endOwnerReference().endMetadata()
                .withNewSpec().withNodeName("agent-1").endSpec()
                .withNewStatus().withPhase("Running").withPodIP("10.42.1.7")
                .addNewCondition().withType("Ready").withStatus("False").endCondition()
                .addNewContainerStatus().withRestartCount(2).endContainerStatus()
                .endStatus().build();

        assertThat(ObservedFields.pod(pod)).containsEntry("phase", "Running").containsEntry("ready", "false")
                .containsEntry("deleting", "true").containsEntry("node", "agent-1").containsEntry("ip", "10.42.1.7")
                .containsEntry("restarts", "2").containsEntry("owner", "ReplicaSet/web-5d9f");
    }

    @Test
    void anEndpointSliceListsReadyNotReadyAndTerminatingPods() {
        var slice = new EndpointSliceBuilder()
                .withNewMetadata().withName("web-abc").addToLabels("kubernetes.io/service-name", "web").endMetadata()
                .addNewEndpoint().withAddresses("10.42.1.7").withNewTargetRef().withName("web-2").endTargetRef()
                .withNewConditions().withReady(true).endConditions().endEndpoint()
                .addNewEndpoint().withAddresses("10.42.1.8").withNewTargetRef().withName("web-1").endTargetRef()
                .withNewConditions().withReady(false).withTerminating(true).endConditions().endEndpoint()
                .addNewEndpoint().withAddresses("10.42.1.9").withNewTargetRef().withName("web-3").endTargetRef()
                .withNewConditions().withReady(false).endConditions().endEndpoint()
                .build();

        assertThat(ObservedFields.endpointSlice(slice)).containsEntry("service", "web").containsEntry("ready", "web-2")
                .containsEntry("terminating", "web-1").containsEntry("notReady", "web-3");
    }

    @Test
    void aDeploymentShowsDesiredAndReadyReplicas() {
        var deployment = new DeploymentBuilder()
                .withNewMetadata().withName("web").withGeneration(4L).endMetadata()
                .withNewSpec().withReplicas(3).withNewTemplate().withNewSpec().addNewContainer().withImage("unshaken/web:2")
                .endContainer().endSpec().endTemplate().endSpec()
                .withNewStatus().withReadyReplicas(2).withUpdatedReplicas(3).withObservedGeneration(4L).endStatus()
                .build();

        assertThat(ObservedFields.deployment(deployment)).containsEntry("replicas", "3").containsEntry("ready", "2")
                .containsEntry("updated", "3").containsEntry("available", "0").containsEntry("images", "unshaken/web:2");
    }

    @Test
    void anHpaShowsItsMetricAgainstTheTargetOrUnknown() {
        var hpa = new HorizontalPodAutoscalerBuilder()
                .withNewMetadata().withName("user-service").endMetadata()
                .withNewSpec().withMinReplicas(3).withMaxReplicas(6)
                .withNewScaleTargetRef().withKind("Deployment").withName("user-service").endScaleTargetRef()
                .addNewMetric().withType("Resource").withNewResource().withName("cpu").withNewTarget().withType("Utilization")
                .withAverageUtilization(70).endTarget().endResource().endMetric()
                .endSpec()
                .withNewStatus().withCurrentReplicas(3).withDesiredReplicas(5)
                .addNewCurrentMetric().withType("Resource").withNewResource().withName("cpu").withNewCurrent().withAverageUtilization(160)
                .endCurrent().endResource().endCurrentMetric()
                .endStatus().build();

        assertThat(ObservedFields.hpa(hpa)).containsEntry("metrics", "cpu=160%/70%").containsEntry("desired", "5")
                .containsEntry("current", "3").containsEntry("target", "Deployment/user-service");
        hpa.getStatus().setCurrentMetrics(null);
        assertThat(ObservedFields.hpa(hpa)).containsEntry("metrics", "cpu=<unknown>/70%");
    }

    @Test
    void aNodeShowsReadinessCordonAndAbnormalConditions() {
        var node = new NodeBuilder()
                .withNewMetadata().withName("agent-1").endMetadata()
                .withNewSpec().withUnschedulable(true).endSpec()
                .withNewStatus()
                .addNewCondition().withType("Ready").withStatus("Unknown").endCondition()
                .addNewCondition().withType("MemoryPressure").withStatus("Unknown").endCondition()
                .addNewCondition().withType("DiskPressure").withStatus("False").endCondition()
                .endStatus().build();

        assertThat(ObservedFields.node(node)).containsEntry("ready", "unknown").containsEntry("unschedulable", "true")
                .containsEntry("conditions", "MemoryPressure=Unknown");
    }
}
