package dev.unshaken.chaos;

import dev.unshaken.fixtures.cluster.Cluster;
import io.fabric8.kubernetes.api.model.Pod;

import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A node fault aimed at the node running most pods of a target, picked when the fault starts (where a workload's
 * pods land is only known then; ties go to the first node by name). A control-plane node ({@link Cluster#isControlPlane})
 * is never picked, whoever runs the most pods: draining or losing it can take the cluster's API down with it.
 *
 * <pre>{@code
 * OnBusiestNode.of(PodTarget.labelled("shop", "app", "order-service"), node -> NodeDrain.of(node).then(NodeUncordon.of(node)))
 * }</pre>
 */
public final class OnBusiestNode implements Fault {

    private final PodTarget target;
    private final Function<String, ? extends Fault> faultOn;

    private OnBusiestNode(PodTarget target, Function<String, ? extends Fault> faultOn) {
        this.target = Objects.requireNonNull(target, "target");
        this.faultOn = Objects.requireNonNull(faultOn, "faultOn");
    }

    /** The fault {@code faultOn} makes for a node name, aimed at the node running most of the target's pods. */
    public static OnBusiestNode of(PodTarget target, Function<String, ? extends Fault> faultOn) {
        return new OnBusiestNode(target, faultOn);
    }

    @Override
    public void inject(FaultContext context) {
        var pods = target.candidates(context);
        Set<String> controlPlane = context.client().nodes().list().getItems().stream().filter(Cluster::isControlPlane)
                .map(node -> node.getMetadata().getName()).collect(Collectors.toCollection(TreeSet::new));
        String node = busiestNode(pods, controlPlane).orElseThrow(() -> new FaultFailedException(
                "no running pod labelled " + target.selector() + " in " + target.namespace() + " on a worker node to aim a node fault at"
                        + (pods.isEmpty() ? "" : " (" + pods.size() + " on control-plane nodes " + controlPlane + ", which no fault picks)")));
        faultOn.apply(node).inject(context);
    }

    /** The node most of the pods run on, the first by name among equals, never one of {@code excluded}. */
    static Optional<String> busiestNode(Iterable<Pod> pods, Set<String> excluded) {
        Map<String, Integer> podsByNode = new TreeMap<>();
        for (Pod pod : pods) {
            if (pod.getSpec() != null && pod.getSpec().getNodeName() != null && !excluded.contains(pod.getSpec().getNodeName())) {
                podsByNode.merge(pod.getSpec().getNodeName(), 1, Integer::sum);
            }
        }
        return podsByNode.entrySet().stream()
                .max(Comparator.<Map.Entry<String, Integer>>comparingInt(Map.Entry::getValue)
                        .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                .map(Map.Entry::getKey);
    }

    @Override
    public Reach reach() {
        return faultOn.apply(placeholder()).reach();
    }

    @Override
    public String describe() {
        return faultOn.apply(placeholder()).describe();
    }

    private String placeholder() {
        return "<node with most " + target.selector() + " pods in " + target.namespace() + ">";
    }
}
