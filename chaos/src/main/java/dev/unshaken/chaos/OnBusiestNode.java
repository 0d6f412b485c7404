package dev.unshaken.chaos;

import io.fabric8.kubernetes.api.model.Pod;

import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A node fault aimed at the node running most pods of a target, picked when the fault starts (where a workload's
 * pods land is only known then; ties go to the first node by name):
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
        String node = busiestNode(target.candidates(context)).orElseThrow(() -> new FaultFailedException(
                "no running pod labelled " + target.selector() + " in " + target.namespace() + " to aim a node fault at"));
        faultOn.apply(node).inject(context);
    }

    /** The node most of the pods run on, the first by name among equals. */
    static Optional<String> busiestNode(Iterable<Pod> pods) {
        Map<String, Integer> podsByNode = new TreeMap<>();
        for (Pod pod : pods) {
            if (pod.getSpec() != null && pod.getSpec().getNodeName() != null) {
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
