package dev.unshaken.suites.smoke;

import dev.unshaken.fixtures.images.SmokeHttpImage;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.List;
import java.util.concurrent.TimeUnit;

/** The workloads the smoke ITs deploy, as fabric8 objects, and how to run a one-shot pod to its end. */
final class SmokeWorkloads {

    /**
     * The busybox image k3s's local-path helper pods use. Every node already holds it under this name: it is in
     * the air-gap tarball baked into the node image, which k3s imports before its kubelet starts. In the local
     * Docker engine the kit's build carries another name (unshaken/kit/...), so it is not loaded from there;
     * pods ask for it with pull policy Never, so a node without it says so (ErrImageNeverPull) instead of
     * reaching for a registry.
     */
    static final String BUSYBOX = "rancher/mirrored-library-busybox:1.37.0";

    private SmokeWorkloads() {
    }

    /**
     * {@code replicas} smoke-http pods labelled {@code app=<name>}, allowed only on {@code nodes} and spread
     * evenly over them (at most one more pod on any node than on another).
     */
    static Deployment smokeHttp(String name, int replicas, List<String> nodes) {
        return new DeploymentBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate()
                .withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec()
                .withTerminationGracePeriodSeconds(5L)
                .withNewAffinity().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .addNewNodeSelectorTerm().addNewMatchExpression()
                .withKey("kubernetes.io/hostname").withOperator("In").withValues(nodes)
                .endMatchExpression().endNodeSelectorTerm()
                .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity()
                .addNewTopologySpreadConstraint()
                .withMaxSkew(1).withTopologyKey("kubernetes.io/hostname").withWhenUnsatisfiable("DoNotSchedule")
                .withNewLabelSelector().addToMatchLabels("app", name).endLabelSelector()
                .endTopologySpreadConstraint()
                .addNewContainer()
                .withName("smoke-http")
                .withImage(SmokeHttpImage.IMAGE)
                .withImagePullPolicy("Never")
                .addNewPort().withContainerPort(SmokeHttpImage.PORT).endPort()
                .addNewEnv().withName("NODE_NAME").withNewValueFrom().withNewFieldRef().withFieldPath("spec.nodeName")
                .endFieldRef().endValueFrom().endEnv()
                .withNewReadinessProbe().withNewHttpGet().withPath("/").withPort(new IntOrString(SmokeHttpImage.PORT))
                .endHttpGet().withPeriodSeconds(2).endReadinessProbe()
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    /** A Service for the pods labelled {@code app=<app>}; with {@code nodePort > 0} of type NodePort on that port. */
    static Service service(String name, String app, int nodePort) {
        return new ServiceBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec()
                .withType(nodePort > 0 ? "NodePort" : "ClusterIP")
                .addToSelector("app", app)
                .addNewPort().withPort(80).withTargetPort(new IntOrString(SmokeHttpImage.PORT))
                .withNodePort(nodePort > 0 ? nodePort : null).endPort()
                .endSpec()
                .build();
    }

    /** A busybox pod that runs {@code script} with {@code sh -c} once; its volume is optional. */
    static PodBuilder busybox(String name, String script) {
        return new PodBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .withTerminationGracePeriodSeconds(1L)
                .addNewContainer()
                .withName("busybox")
                .withImage(BUSYBOX)
                .withImagePullPolicy("Never")
                .withCommand("sh", "-c", script)
                .endContainer()
                .endSpec();
    }

    /** How a one-shot pod ended. */
    record PodOutcome(String phase, int exitCode, String log, String node) {
    }

    /** Creates the pod, waits until it Succeeded or Failed, and returns its exit code and log. */
    static PodOutcome runToCompletion(KubernetesClient client, String namespace, Pod pod) {
        var pods = client.pods().inNamespace(namespace);
        pods.resource(pod).create();
        var resource = pods.withName(pod.getMetadata().getName());
        Pod done = resource.waitUntilCondition(p -> p != null && p.getStatus() != null
                && ("Succeeded".equals(p.getStatus().getPhase()) || "Failed".equals(p.getStatus().getPhase())
                || imageMissing(p)), 3, TimeUnit.MINUTES);
        if (imageMissing(done)) {
            throw new IllegalStateException("node " + done.getSpec().getNodeName() + " does not hold image "
                    + done.getSpec().getContainers().getFirst().getImage() + " (ErrImageNeverPull); it should come with"
                    + " the node image's air-gap tarball (fixtures/kit/addon-images.sh)");
        }
        ContainerStateTerminated terminated = done.getStatus().getContainerStatuses().getFirst().getState().getTerminated();
        return new PodOutcome(done.getStatus().getPhase(), terminated == null ? -1 : terminated.getExitCode(),
                resource.getLog(), done.getSpec().getNodeName());
    }

    private static boolean imageMissing(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getContainerStatuses().stream()
                .anyMatch(status -> status.getState() != null && status.getState().getWaiting() != null
                        && "ErrImageNeverPull".equals(status.getState().getWaiting().getReason()));
    }
}
