package dev.unshaken.chaos;

import dev.unshaken.fixtures.cluster.Machines;
import dev.unshaken.fixtures.cluster.K3sCluster;
import dev.unshaken.journal.FaultKind;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An agent node's machine fails for a while and comes back: {@link #stop} powers it off (its kubelet stops
 * reporting, its pods stop answering, the node goes NotReady after the controller's grace period), {@link #pause}
 * freezes every process on it (a hung machine: connections to its pods hang instead of being refused). After
 * {@code downFor} the node is started or resumed again, and the fault ends when it is back (for a stop: Ready).
 * Before that it proves it took effect: the node's Lease in {@code kube-node-lease} was not renewed while it was down
 * (or the node was already marked not Ready), journaled as {@code leaseSilentSeconds} and {@code readyWhileDown}; a
 * node that kept renewing fails the fault ({@code outcome=no-effect}). Failures shorter than {@link #SHORTEST} are
 * refused, since they cannot show a missed renewal.
 *
 * <p>Needs a {@link K3sCluster}, whose agents are containers; never hits the server (control-plane) node.
 */
public final class NodeFailure implements Fault {

    /** The shortest failure that can prove it took effect (a missed Lease renewal; kubelets renew every 10 s). */
    public static final Duration SHORTEST = NodeHeartbeat.SHORTEST_PROVABLE;

    private final String node;
    private final Duration downFor;
    private final boolean pause;

    private NodeFailure(String node, Duration downFor, boolean pause) {
        this.node = Objects.requireNonNull(node, "node");
        this.downFor = Objects.requireNonNull(downFor, "downFor");
        this.pause = pause;
        if (downFor.compareTo(NodeHeartbeat.SHORTEST_PROVABLE) < 0) {
            throw new IllegalArgumentException("a node failure of " + downFor.toMillis() / 1000.0 + " s cannot prove it took effect:"
                    + " a kubelet renews its node's Lease every " + NodeHeartbeat.RENEW_INTERVAL.toSeconds() + " s, so only a failure of "
                    + NodeHeartbeat.SHORTEST_PROVABLE.toSeconds() + " s or more shows a missed renewal");
        }
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
        String proof = null;
        NodeHeartbeat silent = null;
        Map<String, String> endDetails = new LinkedHashMap<>();
        try {
            Instant downAt = Instant.now();
            if (pause) {
                machines.pause(node);
            } else {
                machines.stop(node);
            }
            down = true;
            FaultContext.sleep(downFor);
            Instant checkedAt = Instant.now();
            silent = NodeHeartbeat.read(context.client(), node);
            proof = silent.silentSince(downAt) ? "silent" : "still-heartbeating";
            endDetails.put("leaseSilentSeconds", silent.leaseSilentSeconds(checkedAt));
            endDetails.put("readyWhileDown", String.valueOf(silent.ready()));
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
                endDetails.put("outcome", !down ? "never-went-down" : "silent".equals(proof) || proof == null ? "back" : "no-effect");
                running.end(endDetails);
            } catch (RuntimeException e) {
                running.failed(e);
                throw new FaultFailedException("node " + node + " did not come back after " + (pause ? "a pause" : "a stop") + ": "
                        + e.getMessage(), e);
            }
        }
        if (!"silent".equals(proof)) {
            throw new FaultFailedException("node " + node + " kept talking to the control plane through its " + (pause ? "freeze" : "power-off")
                    + " of " + downFor.toSeconds() + " s: its Lease was renewed " + silent.leaseSilentSeconds(Instant.now())
                    + " s ago and it stayed Ready=" + silent.ready() + "; the failure did not take effect");
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
