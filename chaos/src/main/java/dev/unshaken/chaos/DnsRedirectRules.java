package dev.unshaken.chaos;

import java.util.ArrayList;
import java.util.List;

/**
 * The iptables rules of one DNS fault inside a pod's network namespace, as commands: in the nat table, a chain of the
 * fault's own ({@code UNSHAKEN-<run>-<fault>}), jumped to first from {@code OUTPUT}, that redirects the pod's UDP
 * queries to the resolver to the fault's own resolver on {@link #port()}, except those carrying {@code mark} (the fault
 * resolver's relayed ones). Every rule is commented with the run and the fault.
 *
 * @param runId    the run's id
 * @param faultId  the fault's id in the journal
 * @param resolver the cluster DNS service's address
 * @param mark     the firewall mark the redirect skips
 */
record DnsRedirectRules(String runId, String faultId, String resolver, int mark) {

    private static final List<String> NAT = List.of("iptables", "-w", "5", "-t", "nat");

    /** The chain's name: at most 28 characters, as iptables allows. */
    String chain() {
        String name = "UNSHAKEN-" + runId + "-" + faultId;
        return name.length() > 28 ? name.substring(0, 28) : name;
    }

    /** The loopback port the fault's resolver listens on, 20000..29999, from the chain's name (below Linux's ephemeral ports). */
    int port() {
        return 20000 + Math.floorMod(chain().hashCode(), 10000);
    }

    String comment() {
        return "unshaken run=" + runId + " fault=" + faultId;
    }

    /** The commands that install the redirect, in order; the last one makes it take effect. */
    List<List<String>> install() {
        return List.of(
                nat("-N", chain()),
                nat("-A", chain(), "-p", "udp", "-d", resolver + "/32", "--dport", "53", "-m", "mark", "!", "--mark", Integer.toString(mark),
                        "-m", "comment", "--comment", comment(), "-j", "REDIRECT", "--to-ports", Integer.toString(port())),
                nat("-I", "OUTPUT", "1", "-m", "comment", "--comment", comment(), "-j", chain()));
    }

    /** The commands that remove it, in order; each is safe to run when an earlier one failed. */
    List<List<String>> remove() {
        return List.of(
                nat("-D", "OUTPUT", "-m", "comment", "--comment", comment(), "-j", chain()),
                nat("-F", chain()),
                nat("-X", chain()));
    }

    /**
     * Forgets the pod's open UDP flows to port 53, so the next query of a resolver that keeps its socket is matched
     * against the nat rules again (they apply to a flow's first packet only). Exits 0 when there were none.
     */
    static List<String> clearDnsFlows() {
        return List.of("sh", "-c", "conntrack -D -p udp --orig-port-dst 53 >/dev/null 2>&1; true");
    }

    private static List<String> nat(String... args) {
        List<String> command = new ArrayList<>(NAT);
        command.addAll(List.of(args));
        return command;
    }
}
