package dev.unshaken.chaos;

import dev.unshaken.fixtures.cluster.K3sCluster;
import dev.unshaken.fixtures.cluster.Machines;
import dev.unshaken.fixtures.cluster.ObjectLabels;
import dev.unshaken.journal.FaultKind;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.fabric8.kubernetes.client.readiness.Readiness;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * An agent node fails for a while and comes back: {@link #stop} powers its machine off (its kubelet stops reporting,
 * its pods stop answering, the node goes NotReady after the controller's grace period), {@link #pause} freezes every
 * process on it (a hung machine: connections to its pods hang instead of being refused), {@link #cutOff} cuts it off
 * from the control plane (a network partition: its kubelet cannot reach the API server, while its pods keep running
 * and serving). After {@code downFor} the node is started, resumed or reconnected, and the fault ends when it is back
 * (for a stop and a cut-off: Ready). Before that it proves it took effect: the node's Lease in {@code kube-node-lease}
 * was not renewed while it was down (or the node was already marked not Ready), journaled as
 * {@code leaseSilentSeconds} and {@code readyWhileDown}; a node that kept renewing fails the fault
 * ({@code outcome=no-effect}). Failures shorter than {@link #SHORTEST} are refused, since they cannot show a missed
 * renewal.
 *
 * <p>Needs a {@link K3sCluster}, whose agents are containers; never hits the server (control-plane) node.
 */
public final class NodeFailure implements Fault {

    /** The shortest failure that can prove it took effect (a missed Lease renewal; kubelets renew every 10 s). */
    public static final Duration SHORTEST = NodeHeartbeat.SHORTEST_PROVABLE;
    /** How long a node cut off from the control plane may take to be Ready again once reconnected. */
    private static final Duration BACK_WITHIN = Duration.ofMinutes(2);

    private enum Mode {
        STOP("power-off", FaultKind.NODE_STOP),
        PAUSE("freeze", FaultKind.NODE_PAUSE),
        CUT_OFF("cut-off from the control plane", FaultKind.NODE_CUT_OFF);

        private final String description;
        private final FaultKind kind;

        Mode(String description, FaultKind kind) {
            this.description = description;
            this.kind = kind;
        }
    }

    private final String node;
    private final Duration downFor;
    private final Mode mode;

    private NodeFailure(String node, Duration downFor, Mode mode) {
        this.node = Objects.requireNonNull(node, "node");
        this.downFor = Objects.requireNonNull(downFor, "downFor");
        this.mode = mode;
        if (downFor.compareTo(NodeHeartbeat.SHORTEST_PROVABLE) < 0) {
            throw new IllegalArgumentException("a node failure of " + downFor.toMillis() / 1000.0 + " s cannot prove it took effect:"
                    + " a kubelet renews its node's Lease every " + NodeHeartbeat.RENEW_INTERVAL.toSeconds() + " s, so only a failure of "
                    + NodeHeartbeat.SHORTEST_PROVABLE.toSeconds() + " s or more shows a missed renewal");
        }
    }

    /** Stops agent node {@code node} (e.g. {@code agent-1}) for {@code downFor}, then starts it and waits until it is Ready. */
    public static NodeFailure stop(String node, Duration downFor) {
        return new NodeFailure(node, downFor, Mode.STOP);
    }

    /** Freezes agent node {@code node} for {@code downFor}, then resumes it. */
    public static NodeFailure pause(String node, Duration downFor) {
        return new NodeFailure(node, downFor, Mode.PAUSE);
    }

    /**
     * Cuts agent node {@code node} off from the control plane for {@code downFor}: in the node's own network namespace,
     * iptables drops every packet between it and the server node, both ways (a chain of the fault's own, jumped to from
     * {@code OUTPUT} and {@code INPUT}, each rule commented with the run). Its pods keep running, and traffic between
     * pods is not touched: only the node's own talk with the API server stops. Then the rules go, and the fault waits
     * until the node is Ready.
     */
    public static NodeFailure cutOff(String node, Duration downFor) {
        return new NodeFailure(node, downFor, Mode.CUT_OFF);
    }

    @Override
    public void inject(FaultContext context) {
        Machines machines = context.cluster().machines().orElseThrow(() -> new FaultFailedException("a node failure acts on a"
                + " node's machine, which Unshaken can do only on a cluster it started; this run uses "
                + context.cluster().getClass().getSimpleName() + " at " + context.cluster().server()));
        if (!context.cluster().agentNodeNames().contains(node)) {
            throw new FaultFailedException("node " + node + " is not an agent of this cluster (agents: " + context.cluster().agentNodeNames()
                    + "); the server node is never failed, it runs the control plane");
        }
        var start = FaultContext.details("downSeconds", Long.toString(downFor.toSeconds()));
        String server = mode == Mode.CUT_OFF ? serverAddress(context) : null;
        if (server != null) {
            start.put("server", server);
        }
        var running = context.start(mode.kind, "node/" + node, start);
        var cut = server == null ? null : new CutOff(new FaultChain(ObjectLabels.runId(), running.id()), server);
        boolean down = false;
        String proof = null;
        NodeHeartbeat silent = null;
        Map<String, String> endDetails = new LinkedHashMap<>();
        try {
            Instant downAt = Instant.now();
            switch (mode) {
                case PAUSE -> machines.pause(node);
                case STOP -> machines.stop(node);
                case CUT_OFF -> {
                    down = true; // from here on the rules may be in, even partly: they are removed in any case
                    var result = machines.onNode(node, FaultedPods.shell(cut.install(), " && "));
                    if (!result.succeeded()) {
                        throw new FaultFailedException("cutting node " + node + " off from the server (" + server + ") failed: " + result.describe());
                    }
                    endDetails.put("chain", cut.chain().name());
                }
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
                    switch (mode) {
                        case PAUSE -> machines.unpause(node);
                        case STOP -> machines.start(node);
                        case CUT_OFF -> reconnect(context, machines, cut, endDetails);
                    }
                }
                // No proof read: the wait was interrupted or the failure could not be set up; it is over, but did not run its course.
                endDetails.put("outcome", !down ? "never-went-down" : proof == null ? "failed" : "silent".equals(proof) ? "back" : "no-effect");
                running.end(endDetails);
            } catch (RuntimeException e) {
                running.failed(e);
                throw new FaultFailedException("node " + node + " did not come back after its " + mode.description + ": " + e.getMessage(), e);
            }
        }
        if (!"silent".equals(proof)) {
            throw new FaultFailedException("node " + node + " kept talking to the control plane through its " + mode.description + " of "
                    + downFor.toSeconds() + " s: its Lease was renewed " + silent.leaseSilentSeconds(Instant.now())
                    + " s ago and it stayed Ready=" + silent.ready() + "; the failure did not take effect");
        }
    }

    /** Removes the cut-off's rules (checking they are gone), then waits until the node is Ready. */
    private void reconnect(FaultContext context, Machines machines, CutOff cut, Map<String, String> endDetails) {
        machines.onNode(node, FaultedPods.shell(cut.remove(), "; "));
        var check = machines.onNode(node, List.of("iptables", "-w", "5", "-S"));
        if (!check.succeeded() || check.stdout().contains(cut.chain().name())) {
            endDetails.put("rulesLeft", check.succeeded() ? "chain " + cut.chain().name() + " still there" : check.describe());
            throw new FaultFailedException("the rules cutting node " + node + " off are still there: " + endDetails.get("rulesLeft"));
        }
        long reconnectedAt = System.currentTimeMillis();
        try {
            context.client().nodes().withName(node).waitUntilCondition(n -> n != null && Readiness.isNodeReady(n), BACK_WITHIN.toSeconds(), TimeUnit.SECONDS);
        } catch (KubernetesClientTimeoutException e) {
            throw new FaultFailedException("node " + node + " is not Ready " + BACK_WITHIN.toSeconds() + " s after it was reconnected", e);
        }
        endDetails.put("readyAfterMs", Long.toString(System.currentTimeMillis() - reconnectedAt));
    }

    /** The server node's InternalIP: what the agent's kubelet and kube-proxy talk to. */
    private static String serverAddress(FaultContext context) {
        List<String> agents = context.cluster().agentNodeNames();
        return context.client().nodes().list().getItems().stream()
                .filter(n -> !agents.contains(n.getMetadata().getName()))
                .flatMap(n -> n.getStatus() == null || n.getStatus().getAddresses() == null ? java.util.stream.Stream.<NodeAddress>empty()
                        : n.getStatus().getAddresses().stream())
                .filter(a -> "InternalIP".equals(a.getType())).map(NodeAddress::getAddress).findFirst()
                .orElseThrow(() -> new FaultFailedException("no server node with an InternalIP in this cluster, so there is nothing to cut off from"));
    }

    /**
     * The iptables rules of a cut-off, in the node's own network namespace: the fault's chain drops packets to and from
     * the server, jumped to from {@code OUTPUT} and {@code INPUT}. Forwarded traffic (pods to pods) passes untouched.
     */
    record CutOff(FaultChain chain, String server) {

        List<List<String>> install() {
            List<List<String>> commands = new ArrayList<>(chain.install(null, "OUTPUT", List.of(
                    List.of("-d", server + "/32", "-m", "comment", "--comment", chain.comment(), "-j", "DROP"),
                    List.of("-s", server + "/32", "-m", "comment", "--comment", chain.comment(), "-j", "DROP"))));
            commands.add(FaultChain.iptables(null, "-I", "INPUT", "1", "-m", "comment", "--comment", chain.comment(), "-j", chain.name()));
            return commands;
        }

        List<List<String>> remove() {
            List<List<String>> commands = new ArrayList<>();
            commands.add(FaultChain.iptables(null, "-D", "INPUT", "-m", "comment", "--comment", chain.comment(), "-j", chain.name()));
            commands.addAll(chain.remove(null, "OUTPUT"));
            return commands;
        }
    }

    @Override
    public Reach reach() {
        return Reach.MACHINES;
    }

    @Override
    public String describe() {
        return mode.description + " of node " + node + " for " + downFor.toSeconds() + " s";
    }
}
