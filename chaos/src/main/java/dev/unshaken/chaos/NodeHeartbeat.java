package dev.unshaken.chaos;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Duration;
import java.time.Instant;

/**
 * What the control plane last heard from a node: when its kubelet last renewed the node's Lease in
 * {@code kube-node-lease} (every 10 s on a healthy node), and its Ready condition. A node failure proves it took
 * effect by the Lease not being renewed while the node was down: the Ready condition alone turns Unknown only after
 * the node controller's grace period (40 s or more), longer than many failures last.
 *
 * @param leaseRenewed when the Lease was last renewed, {@code null} when the node has no Lease
 * @param ready        the Ready condition's status ({@code True}, {@code False}, {@code Unknown}), {@code null} if none
 */
record NodeHeartbeat(Instant leaseRenewed, String ready) {

    /** A kubelet renews its Lease every quarter of the Lease's 40 s duration. */
    static final Duration RENEW_INTERVAL = Duration.ofSeconds(10);
    /** The shortest failure whose missed renewal can be told apart from a healthy node: a renewal plus margin. */
    static final Duration SHORTEST_PROVABLE = Duration.ofSeconds(15);
    /** How much later than the failure's start a renewal may be dated and still be the last one before it. */
    static final Duration CLOCK_SLACK = Duration.ofSeconds(1);

    static NodeHeartbeat read(KubernetesClient client, String node) {
        Lease lease = client.leases().inNamespace("kube-node-lease").withName(node).get();
        Instant renewed = lease == null || lease.getSpec() == null || lease.getSpec().getRenewTime() == null ? null
                : lease.getSpec().getRenewTime().toInstant();
        Node object = client.nodes().withName(node).get();
        String ready = object == null || object.getStatus() == null || object.getStatus().getConditions() == null ? null
                : object.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType()))
                .map(NodeCondition::getStatus).findFirst().orElse(null);
        return new NodeHeartbeat(renewed, ready);
    }

    /**
     * Whether this reading, taken at the end of a failure that began at {@code downAt}, shows the node went silent:
     * its Lease was not renewed since (allowing {@link #CLOCK_SLACK}), or the node controller already marked it not
     * Ready. A node without a Lease can only show it by its Ready condition.
     */
    boolean silentSince(Instant downAt) {
        boolean leaseStale = leaseRenewed != null && !leaseRenewed.isAfter(downAt.plus(CLOCK_SLACK));
        boolean notReady = ready != null && !"True".equals(ready);
        return leaseStale || notReady;
    }

    /** Seconds from the last renewal to {@code at}, one decimal; {@code "none"} without a Lease. */
    String leaseSilentSeconds(Instant at) {
        return leaseRenewed == null ? "none" : String.format(java.util.Locale.ROOT, "%.1f", Duration.between(leaseRenewed, at).toMillis() / 1000.0);
    }
}
