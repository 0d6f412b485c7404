package dev.unshaken.chaos;

import dev.unshaken.journal.FaultKind;
import io.fabric8.kubernetes.api.model.NodeBuilder;

import java.util.Objects;

/** Makes a node schedulable again, as {@code kubectl uncordon} does; the counterpart of {@link NodeDrain}. */
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
            uncordon(context, node);
            running.end(FaultContext.details("outcome", "schedulable"));
        } catch (RuntimeException e) {
            running.failed(e);
            throw e;
        }
    }

    static void uncordon(FaultContext context, String node) {
        context.client().nodes().withName(node)
                .edit(n -> new NodeBuilder(n).editSpec().withUnschedulable(false).endSpec().build());
        context.uncordoned(node);
    }

    @Override
    public String describe() {
        return "uncordon of node " + node;
    }
}
