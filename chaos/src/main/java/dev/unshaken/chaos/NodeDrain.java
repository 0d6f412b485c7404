package dev.unshaken.chaos;

import dev.unshaken.chaos.DrainBlockers.Refusals;
import dev.unshaken.fixtures.cluster.Cluster;
import dev.unshaken.fixtures.cluster.Edits;
import dev.unshaken.fixtures.cluster.K3sCluster;
import dev.unshaken.fixtures.cluster.ObjectLabels;
import dev.unshaken.journal.FaultEvent;
import dev.unshaken.journal.FaultKind;
import dev.unshaken.journal.Progress;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Drains a node the way {@code kubectl drain --ignore-daemonsets} does: cordons it, then asks the Eviction API
 * to evict each of its pods, retrying every {@link #withRetryEvery retry interval} while a PodDisruptionBudget
 * refuses (HTTP 429, each refusal journaled as {@link FaultKind#EVICTION_REFUSED}), and waits until the evicted
 * pods are gone. DaemonSet pods and mirror (static) pods are skipped, as kubectl does.
 *
 * <p>Right before each eviction it reads the pod's requests in flight ({@link InFlightTrigger}'s gauge) and journals
 * them with the eviction as {@link FaultEvent#IN_FLIGHT_AT_DELETE}, so a graceful-shutdown verdict can tell whether
 * the drain exposed any work to a shutdown. A pod without the gauge (a database, a cache) is read once and then left
 * unmeasured; it never holds the drain up.
 *
 * <p>Only pods in the run's namespaces are evicted; pods of other namespaces on the node (kube-system's, other
 * tests') are left running and listed in the journal, so one test never disrupts what it did not create.
 *
 * <p>On a cluster Unshaken did not start, a control-plane node ({@link Cluster#isControlPlane}) is refused before
 * anything is cordoned: draining it can take that cluster's API down for everyone who uses it. On a {@link K3sCluster}
 * the run started, the server may be drained when a test names it.
 *
 * <p>The node stays cordoned afterwards; {@link NodeUncordon} (or {@link Faults#close()}) makes it schedulable
 * again. A drain that does not finish within its timeout fails the fault ({@link FaultFailedException}), journaled
 * with {@code outcome=timed-out}: the message and the journal's {@code blockedBy} name each pod still on the node
 * and why, e.g. its evictions refused under which PodDisruptionBudget (with the budget's status), or still
 * terminating. A scenario must not go on as if the node had been emptied.
 */
public final class NodeDrain implements Fault {

    private final String node;
    private final Duration timeout;
    private final Duration retryEvery;

    private NodeDrain(String node, Duration timeout, Duration retryEvery) {
        this.node = Objects.requireNonNull(node, "node");
        this.timeout = timeout;
        this.retryEvery = retryEvery;
    }

    /** Drains the node, allowing 3 minutes and retrying refused evictions every 5 s (kubectl's interval). */
    public static NodeDrain of(String node) {
        return new NodeDrain(node, Duration.ofMinutes(3), Duration.ofSeconds(5));
    }

    /** The same drain, giving up after {@code timeout}. */
    public NodeDrain withTimeout(Duration timeout) {
        return new NodeDrain(node, timeout, retryEvery);
    }

    /** The same drain, retrying refused evictions every {@code interval}. */
    public NodeDrain withRetryEvery(Duration interval) {
        return new NodeDrain(node, timeout, interval);
    }

    @Override
    public void inject(FaultContext context) {
        var client = context.client();
        Node found = client.nodes().withName(node).get();
        if (found == null) {
            throw new FaultFailedException("no node " + node + " to drain; the cluster has " + context.cluster().nodeNames());
        }
        Optional<String> refusal = controlPlaneRefusal(found, context.cluster().machines().isPresent());
        if (refusal.isPresent()) {
            throw new FaultFailedException(refusal.get());
        }
        var running = context.start(FaultKind.NODE_DRAIN, "node/" + node,
                FaultContext.details("timeoutSeconds", Long.toString(timeout.toSeconds()), "retrySeconds",
                        Long.toString(retryEvery.toSeconds()), "namespaces", String.join(",", new TreeSet<>(context.namespaces()))));
        try {
            cordon(context);
            var result = evictAll(context);
            var details = FaultContext.details(
                    "outcome", result.remaining.isEmpty() ? "completed" : "timed-out",
                    "evicted", Integer.toString(result.evicted),
                    "refusals", Integer.toString(result.refusals),
                    "remaining", result.remaining.stream().map(NodeDrain::qualified).collect(Collectors.joining(",")),
                    "skipped", String.join(",", result.skipped),
                    "leftAlone", String.join(",", result.leftAlone));
            if (result.remaining.isEmpty()) {
                running.end(details);
                return;
            }
            String blockedBy = DrainBlockers.describe(result.remaining, result.refusedByPod, budgetsOf(context, result.remaining));
            String message = describe() + " did not finish within " + timeout.toSeconds() + " s: " + result.remaining.size()
                    + (result.remaining.size() == 1 ? " pod is" : " pods are") + " still on it: " + blockedBy;
            details.put("blockedBy", blockedBy);
            details.put("error", message);
            running.end(details);
            throw new FaultFailedException(message);
        } catch (RuntimeException e) {
            running.failed(e);
            throw e;
        }
    }

    /**
     * Why the node may not be drained: it runs the control plane of a cluster the run did not start ({@code ownedCluster}
     * false). Empty when it may.
     */
    Optional<String> controlPlaneRefusal(Node found, boolean ownedCluster) {
        if (ownedCluster || !Cluster.isControlPlane(found)) {
            return Optional.empty();
        }
        return Optional.of(describe() + " refused, nothing was cordoned: " + node + " is a control-plane node (labelled "
                + Cluster.CONTROL_PLANE_LABEL + " or " + Cluster.MASTER_LABEL + ") of a cluster Unshaken did not start, and draining"
                + " it can take that cluster's API down for everyone who uses it; drain a worker node instead");
    }

    /**
     * Cordons the node and labels it as cordoned by this run, so a cleanup after Ctrl-C finds it. A node someone
     * else had already cordoned stays theirs: not labelled, and not uncordoned after the test.
     */
    private void cordon(FaultContext context) {
        var nodes = context.client().nodes().withName(node);
        if (Boolean.TRUE.equals(nodes.get().getSpec().getUnschedulable())) {
            return;
        }
        Edits.onLatest(nodes, n -> new NodeBuilder(n)
                .editMetadata().addToLabels(ObjectLabels.CORDONED_BY, ObjectLabels.runId()).endMetadata()
                .editSpec().withUnschedulable(true).endSpec().build());
        context.cordoned(node);
    }

    private record Result(int evicted, int refusals, List<Pod> remaining, Map<String, Refusals> refusedByPod, Set<String> skipped,
                          Set<String> leftAlone) {
    }

    /** The budgets of the namespaces of the pods, for naming what held them; none if they cannot be listed. */
    private static List<PodDisruptionBudget> budgetsOf(FaultContext context, List<Pod> pods) {
        var budgets = new ArrayList<PodDisruptionBudget>();
        for (String namespace : pods.stream().map(p -> p.getMetadata().getNamespace()).collect(Collectors.toCollection(TreeSet::new))) {
            try {
                budgets.addAll(context.client().policy().v1().podDisruptionBudget().inNamespace(namespace).list().getItems());
            } catch (KubernetesClientException e) {
                // The drain's failure is what matters; it is reported without the budgets rather than not at all.
                Progress.untimed().problem("drain", "could not list the PodDisruptionBudgets of %s: %s", namespace, e.getMessage());
            }
        }
        return budgets;
    }

    private Result evictAll(FaultContext context) {
        try (KubernetesClient evictions = Eviction.clientWithoutRetries(context.client())) {
            return evictAll(context, evictions);
        }
    }

    private Result evictAll(FaultContext context, KubernetesClient evictions) {
        var client = context.client();
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        int evicted = 0;
        int refusals = 0;
        var refusedByPod = new HashMap<String, Refusals>();
        var skipped = new TreeSet<String>();
        var leftAlone = new TreeSet<String>();
        var gauges = new InFlightAtEviction(client);
        while (true) {
            List<Pod> toEvict = new ArrayList<>();
            List<Pod> leaving = new ArrayList<>();
            for (Pod pod : client.pods().inAnyNamespace().withField("spec.nodeName", node).list().getItems()) {
                switch (handling(pod, context.namespaces())) {
                    case LEAVE_ALONE -> leftAlone.add(qualified(pod));
                    case SKIP -> skipped.add(qualified(pod));
                    case IGNORE -> { }
                    case AWAIT_GONE -> leaving.add(pod);
                    case EVICT -> toEvict.add(pod);
                }
            }
            if (toEvict.isEmpty() && leaving.isEmpty()) {
                return new Result(evicted, refusals, List.of(), Map.of(), skipped, leftAlone);
            }
            if (System.currentTimeMillis() >= deadline) {
                var remaining = new ArrayList<>(toEvict);
                remaining.addAll(leaving);
                return new Result(evicted, refusals, remaining, refusedByPod, skipped, leftAlone);
            }
            for (Pod pod : toEvict) {
                String namespace = pod.getMetadata().getNamespace();
                String name = pod.getMetadata().getName();
                var inFlight = gauges.sample(pod);
                Eviction answer = Eviction.post(evictions, namespace, name);
                String target = namespace + "/pod/" + name;
                if (answer.evicted()) {
                    evicted++;
                    var details = FaultContext.details("node", node,
                            FaultEvent.POD_IP, pod.getStatus() == null ? null : pod.getStatus().getPodIP());
                    inFlight.ifPresent(sample -> {
                        details.put(FaultEvent.IN_FLIGHT_AT_DELETE, Long.toString(sample.inFlight()));
                        details.put("inFlightSampledAtMs", Long.toString(sample.atMs()));
                    });
                    context.instant(FaultKind.EVICTION, target, details);
                } else if (answer.refusedByBudget()) {
                    refusals++;
                    refusedByPod.merge(qualified(pod), new Refusals(1, answer), (was, now) -> was.plus(answer));
                    context.instant(FaultKind.EVICTION_REFUSED, target,
                            FaultContext.details("node", node, "code", "429", "message", answer.message()));
                } else if (!answer.alreadyGone()) {
                    // kubectl retries these too (e.g. 500 when several budgets match); journaled so a verdict can show them.
                    refusedByPod.merge(qualified(pod), new Refusals(1, answer), (was, now) -> was.plus(answer));
                    context.instant(FaultKind.EVICTION_REFUSED, target,
                            FaultContext.details("node", node, "code", Integer.toString(answer.code()), "message", answer.message()));
                }
            }
            FaultContext.sleep(toEvict.isEmpty() ? Duration.ofSeconds(1) : retryEvery);
        }
    }

    /** What a drain does with a pod on the node. */
    enum Handling {
        /** Not in the run's namespaces: never touched, listed in the journal. */
        LEAVE_ALONE,
        /** A DaemonSet or mirror (static) pod: would come right back, so skipped, as by kubectl. */
        SKIP,
        /** Succeeded or Failed: holds nothing, the drain does not wait for it. */
        IGNORE,
        /** Already being deleted: the drain waits until it is gone. */
        AWAIT_GONE,
        /** Evicted through the Eviction API. */
        EVICT
    }

    static Handling handling(Pod pod, java.util.Set<String> runNamespaces) {
        if (!runNamespaces.contains(pod.getMetadata().getNamespace())) {
            return Handling.LEAVE_ALONE;
        }
        if (daemonSetPod(pod) || mirrorPod(pod)) {
            return Handling.SKIP;
        }
        if (finished(pod)) {
            return Handling.IGNORE;
        }
        return pod.getMetadata().getDeletionTimestamp() != null ? Handling.AWAIT_GONE : Handling.EVICT;
    }

    private static String qualified(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }

    private static boolean daemonSetPod(Pod pod) {
        return pod.getMetadata().getOwnerReferences() != null
                && pod.getMetadata().getOwnerReferences().stream().anyMatch(o -> "DaemonSet".equals(o.getKind()));
    }

    private static boolean mirrorPod(Pod pod) {
        return pod.getMetadata().getAnnotations() != null
                && pod.getMetadata().getAnnotations().containsKey("kubernetes.io/config.mirror");
    }

    private static boolean finished(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    @Override
    public Reach reach() {
        return Reach.NODES;
    }

    @Override
    public String describe() {
        return "drain of node " + node;
    }
}
