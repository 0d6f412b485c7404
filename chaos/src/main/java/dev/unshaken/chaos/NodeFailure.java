package dev.unshaken.chaos;

import dev.unshaken.fixtures.cluster.Machines;
import dev.unshaken.fixtures.cluster.K3sCluster;
import dev.unshaken.journal.FaultKind;

import java.time.Duration;
import java.util.Objects;

/**
 * An agent node's machine fails for a while and comes back: {@link #stop} powers it off (its kubelet stops
 * reporting, its pods stop answering, the node goes NotReady after the controller's grace period), {@link #pause}
 * freezes every process on it (a hung machine: connections to its pods hang instead of being refused). After
 * {@code downFor} the node is started or resumed again, and the fault ends when it is back (for a stop: Ready).
 *
 * <p>Needs a {@link K3sCluster}, whose agents are containers; never hits the server (control-plane) node.
 */
public final class NodeFailure implements Fault {

    private final String node;
    private final Duration downFor;
    private final boolean pause;

    private NodeFailure(String node, Duration downFor, boolean pause) {
        this.node = Objects.requireNonNull(node, "node");
        this.downFor = Objects.requireNonNull(downFor, "downFor");
        this.pause = pause;
    }

    /** Stops agent node {@code node} (e.g. {@code agent-1}) for {@code downFor}, then starts it and waits until it is Ready. */
    public static NodeFailure stop(String node, Duration downFor) {
        return new NodeFailure(node, downFor, false);
    }

    /** Freezes agent node {@code node} for {@code downFor}, then resumes it. */
    public static NodeFailure pause(String node, Duration downFor) {
        return new NodeFailure(node, downFor, true);
    }

    @Override
    public void inject(FaultContext context) {
        Machines machines = context.cluster().machines().orElseThrow(() -> new FaultFailedException("a node failure stops a"
                + " node's machine, which Unshaken can do only to a cluster it started; this run uses "
                + context.cluster().getClass().getSimpleName() + " at " + context.cluster().server()));
        if (!context.cluster().agentNodeNames().contains(node)) {
            throw new FaultFailedException("node " + node + " is not an agent of this cluster (agents: " + context.cluster().agentNodeNames()
                    + "); the server node is never failed, it runs the control plane");
        }
        var running = context.start(pause ? FaultKind.NODE_PAUSE : FaultKind.NODE_STOP, "node/" + node,
                FaultContext.details("downSeconds", Long.toString(downFor.toSeconds())));
        boolean down = false;
        try {
            if (pause) {
                machines.pause(node);
            } else {
                machines.stop(node);
            }
            down = true;
            FaultContext.sleep(downFor);
        } finally {
            // Bring the node back even if waiting was interrupted: a later test must not find it dead.
            try {
                if (down) {
                    if (pause) {
                        machines.unpause(node);
                    } else {
                        machines.start(node);
                    }
                }
                running.end(FaultContext.details("outcome", down ? "back" : "never-went-down"));
            } catch (RuntimeException e) {
                running.failed(e);
                throw new FaultFailedException("node " + node + " did not come back after " + (pause ? "a pause" : "a stop") + ": "
                        + e.getMessage(), e);
            }
        }
    }

    @Override
    public Reach reach() {
        return Reach.MACHINES;
    }

    @Override
    public String describe() {
        return (pause ? "freeze" : "power-off") + " of node " + node + " for " + downFor.toSeconds() + " s";
    }
}
