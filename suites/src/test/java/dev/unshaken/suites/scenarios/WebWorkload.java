package dev.unshaken.suites.scenarios;

import dev.unshaken.fixtures.cluster.Waits;
import dev.unshaken.fixtures.cluster.Cluster;
import dev.unshaken.fixtures.images.SmokeHttpImage;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;


/**
 * A small web workload for scenarios that do not need the shop: {@code replicas} smoke-http pods labelled
 * {@code app=web} spread over the agents, behind a NodePort Service. A new pod is Ready 8 s after it starts (an
 * application warming up), so a replacement takes a while, as in real life; and each pod has a sidecar that stops
 * 6 s after the web server (like a log shipper draining), so a Terminating pod exists a while after its server has
 * closed its listener. (Without preStop and without the sidecar, this cluster's kube-proxy drops a deleted pod's
 * endpoint before the kubelet sends SIGTERM: three such deletes failed none of 825 requests.) Variants:
 * <ul>
 *   <li>{@link #graceful}: a preStop sleep keeps the pod serving until its endpoint has left every kube-proxy,
 *   then SIGTERM lets in-flight requests finish: deleting a pod fails no request;</li>
 *   <li>{@link #routedWhileTerminating}: the graceful pods behind a Service with {@code publishNotReadyAddresses},
 *   a misconfiguration that keeps Terminating pods in the Service's endpoints: kube-proxy goes on sending new
 *   connections to a pod after SIGTERM closed its listener, and they are refused.</li>
 * </ul>
 */
record WebWorkload(String namespace, int replicas, int nodePort, Duration preStopSleep, boolean publishNotReadyAddresses) {

    static final String APP = "web";
    /** How much longer than the web server the sidecar keeps the pod alive after deletion. */
    static final Duration SIDECAR_OUTLIVES = Duration.ofSeconds(6);

    static WebWorkload graceful(String namespace, int nodePort) {
        return new WebWorkload(namespace, 3, nodePort, Duration.ofSeconds(8), false);
    }

    static WebWorkload routedWhileTerminating(String namespace, int nodePort) {
        return new WebWorkload(namespace, 3, nodePort, Duration.ofSeconds(8), true);
    }

    /** Deploys it, waits until every replica is ready and the NodePort answers, and returns the URL to load. */
    URI deploy(Cluster cluster) {
        deployPods(cluster);
        cluster.client().services().inNamespace(namespace).resource(new ServiceBuilder()
                .withNewMetadata().withName(APP).endMetadata()
                .withNewSpec().withType("NodePort").addToSelector("app", APP).withPublishNotReadyAddresses(publishNotReadyAddresses)
                .addNewPort().withPort(80).withTargetPort(new IntOrString(SmokeHttpImage.PORT)).withNodePort(nodePort).endPort()
                .endSpec().build()).create();
        URI url = cluster.nodePortUrl(nodePort);
        Waits.awaitAnswering(url.resolve("/"), "the web workload's NodePort");
        return url;
    }

    /**
     * Deploys the Deployment alone and waits until every replica is ready: for a scenario that sends no load, so needs
     * no Service (and takes no NodePort; {@code nodePort} is not used).
     */
    void deployPods(Cluster cluster) {
        var client = cluster.client();
        cluster.loadImage(SmokeHttpImage.ensureBuilt());
        var container = new DeploymentBuilder()
                .withNewMetadata().withName(APP).endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withNewSelector().addToMatchLabels("app", APP).endSelector()
                .withNewStrategy().withNewRollingUpdate().withMaxSurge(new IntOrString(1)).withMaxUnavailable(new IntOrString(0))
                .endRollingUpdate().endStrategy()
                .withNewTemplate()
                .withNewMetadata().addToLabels("app", APP).endMetadata()
                .withNewSpec()
                .withTerminationGracePeriodSeconds(preStopSleep.toSeconds() + SIDECAR_OUTLIVES.toSeconds() + 10)
                .withNewAffinity().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .addNewNodeSelectorTerm().addNewMatchExpression()
                .withKey("kubernetes.io/hostname").withOperator("In").withValues(cluster.agentNodeNames())
                .endMatchExpression().endNodeSelectorTerm()
                .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity()
                .addNewTopologySpreadConstraint()
                .withMaxSkew(1).withTopologyKey("kubernetes.io/hostname").withWhenUnsatisfiable("ScheduleAnyway")
                .withNewLabelSelector().addToMatchLabels("app", APP).endLabelSelector()
                .endTopologySpreadConstraint()
                .addNewContainer()
                .withName(APP)
                .withImage(SmokeHttpImage.IMAGE)
                .withImagePullPolicy("Never")
                .addNewPort().withContainerPort(SmokeHttpImage.PORT).endPort()
                .addNewEnv().withName("NODE_NAME").withNewValueFrom().withNewFieldRef().withFieldPath("spec.nodeName")
                .endFieldRef().endValueFrom().endEnv()
                .withNewReadinessProbe().withNewHttpGet().withPath("/").withPort(new IntOrString(SmokeHttpImage.PORT))
                .endHttpGet().withInitialDelaySeconds(8).withPeriodSeconds(2).endReadinessProbe();
        if (!preStopSleep.isZero()) {
            container = container.withNewLifecycle().withNewPreStop().withNewSleep().withSeconds(preStopSleep.toSeconds())
                    .endSleep().endPreStop().endLifecycle();
        }
        var deployment = container.endContainer()
                .addNewContainer()
                .withName("sidecar")
                .withImage(SmokeHttpImage.IMAGE)
                .withImagePullPolicy("Never")
                .addNewEnv().withName("PORT").withValue("9090").endEnv()
                .withNewLifecycle().withNewPreStop().withNewSleep().withSeconds(preStopSleep.plus(SIDECAR_OUTLIVES).toSeconds())
                .endSleep().endPreStop().endLifecycle()
                .endContainer()
                .endSpec().endTemplate().endSpec().build();
        client.apps().deployments().inNamespace(namespace).resource(deployment).create();
        client.apps().deployments().inNamespace(namespace).withName(APP)
                .waitUntilCondition(d -> d.getStatus() != null && Integer.valueOf(replicas).equals(d.getStatus().getReadyReplicas()),
                        3, TimeUnit.MINUTES);
    }

    /** A PodDisruptionBudget for the workload: at least {@code minAvailable} pods stay healthy through evictions. */
    void protectWithBudget(Cluster cluster, int minAvailable) {
        cluster.client().policy().v1().podDisruptionBudget().inNamespace(namespace).resource(new PodDisruptionBudgetBuilder()
                .withNewMetadata().withName(APP).endMetadata()
                .withNewSpec().withMinAvailable(new IntOrString(minAvailable))
                .withNewSelector().addToMatchLabels("app", APP).endSelector().endSpec()
                .build()).create();
        // Evictions are judged against the budget's status; wait until the disruption controller has computed it.
        cluster.client().policy().v1().podDisruptionBudget().inNamespace(namespace).withName(APP)
                .waitUntilCondition(pdb -> pdb != null && pdb.getStatus() != null && pdb.getStatus().getObservedGeneration() != null
                        && pdb.getStatus().getCurrentHealthy() != null && pdb.getStatus().getCurrentHealthy() == replicas, 2, TimeUnit.MINUTES);
    }

    /** The agent running the most of the workload's pods (ties: the first by name). */
    String busiestAgent(Cluster cluster) {
        var pods = cluster.client().pods().inNamespace(namespace).withLabel("app", APP).list().getItems();
        return cluster.agentNodeNames().stream()
                .max(java.util.Comparator.comparingLong((String node) -> pods.stream().filter(p -> node.equals(p.getSpec().getNodeName())).count())
                        .thenComparing(java.util.Comparator.<String>reverseOrder()))
                .orElseThrow();
    }
}
