package dev.unshaken.chaos;

import dev.unshaken.fixtures.cluster.Edits;
import dev.unshaken.fixtures.cluster.ObjectLabels;
import dev.unshaken.journal.FaultKind;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;

import java.util.Objects;

/**
 * Makes a node schedulable again, as {@code kubectl uncordon} does; the counterpart of {@link NodeDrain}. Only a
 * node this run's drain cordoned is uncordoned: one cordoned before stays so (journaled as {@code left-cordoned}).
 */
public final class NodeUncordon implements Fault {

    private final String node;

    private NodeUncordon(String node) {
        this.node = Objects.requireNonNull(node, "node");
    }

    /** Uncordons the node. */
    public static NodeUncordon of(String node) {
        return new NodeUncordon(node);
    }

    @Override
    public void inject(FaultContext context) {
        var running = context.start(FaultKind.NODE_UNCORDON, "node/" + node, FaultContext.details());
        try {
            if (cordonedByAnother(context.client().nodes().withName(node).get())) {
                running.end(FaultContext.details("outcome", "left-cordoned", "reason", "cordoned, but not by this run"));
                return;
            }
            uncordon(context, node);
            running.end(FaultContext.details("outcome", "schedulable"));
        } catch (RuntimeException e) {
            running.failed(e);
            throw e;
        }
    }

    /** A node that was unschedulable before this run's drain is someone else's decision: it stays cordoned. */
    private static boolean cordonedByAnother(Node current) {
        return current != null && Boolean.TRUE.equals(current.getSpec().getUnschedulable())
                && !ObjectLabels.runId().equals(current.getMetadata().getLabels() == null ? null
                : current.getMetadata().getLabels().get(ObjectLabels.CORDONED_BY));
    }

    static void uncordon(FaultContext context, String node) {
        Edits.onLatest(context.client().nodes().withName(node), n -> new NodeBuilder(n).editMetadata().removeFromLabels(ObjectLabels.CORDONED_BY).endMetadata()
                        .editSpec().withUnschedulable(false).endSpec().build());
        context.uncordoned(node);
    }

    @Override
    public Reach reach() {
        return Reach.NODES;
    }

    @Override
    public String describe() {
        return "uncordon of node " + node;
    }
}
