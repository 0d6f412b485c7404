package dev.unshaken.chaos;

import java.util.ArrayList;
import java.util.List;

/**
 * The iptables rules of a fault that redirects some of a pod's traffic to a node-binary helper of its own, as
 * commands: in the nat table, the fault's {@link FaultChain}, jumped to first from {@code hook}, with one rule that
 * sends what {@code match} selects to {@code toPort} on the pod's loopback.
 * <ul>
 *   <li>DNS faults ({@link #dnsQueries}): the pod's own UDP queries to the cluster DNS, in {@code OUTPUT}, except those
 *   the failing resolver relays (they carry its mark);</li>
 *   <li>HTTP faults ({@link #arrivingConnections}): new TCP connections arriving for a port, in {@code PREROUTING}; the
 *   proxy's own connections to the server on loopback leave through {@code OUTPUT}, so they are not redirected.</li>
 * </ul>
 *
 * @param chain  the fault's chain
 * @param hook   the built-in nat chain that jumps to it
 * @param match  the iptables match of the redirected packets
 * @param toPort the helper's port
 */
record NatRedirect(FaultChain chain, String hook, List<String> match, int toPort) {

    NatRedirect {
        match = List.copyOf(match);
    }

    /**
     * The DNS redirect: the pod's UDP queries to {@code resolver} go to the failing resolver on a loopback port in
     * 20000..29999 (below Linux's ephemeral ports), except those carrying {@code mark}.
     */
    static NatRedirect dnsQueries(FaultChain chain, String resolver, int mark) {
        return new NatRedirect(chain, "OUTPUT", List.of("-p", "udp", "-d", resolver + "/32", "--dport", "53",
                "-m", "mark", "!", "--mark", Integer.toString(mark)), chain.number(20000, 10000));
    }

    /** The HTTP redirect: new connections arriving for {@code port} go to the proxy on a port in 30000..32699. */
    static NatRedirect arrivingConnections(FaultChain chain, int port) {
        return new NatRedirect(chain, "PREROUTING", List.of("-p", "tcp", "--dport", Integer.toString(port)), chain.number(30000, 2700));
    }

    /** The commands that install the redirect, in order; the last one makes it take effect. */
    List<List<String>> install() {
        List<String> rule = new ArrayList<>(match);
        rule.addAll(List.of("-m", "comment", "--comment", chain.comment(), "-j", "REDIRECT", "--to-ports", Integer.toString(toPort)));
        return chain.install("nat", hook, List.of(rule));
    }

    /** The commands that remove it, in order; each is safe to run when an earlier one failed. */
    List<List<String>> remove() {
        return chain.remove("nat", hook);
    }

    /**
     * Forgets the pod's open UDP flows to port 53, so the next query of a resolver that keeps its socket is matched
     * against the nat rules again (they apply to a flow's first packet only). Exits 0 when there were none.
     */
    static List<String> clearDnsFlows() {
        return List.of("sh", "-c", "conntrack -D -p udp --orig-port-dst 53 >/dev/null 2>&1; true");
    }
}
