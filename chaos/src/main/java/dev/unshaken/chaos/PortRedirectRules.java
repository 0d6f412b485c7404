package dev.unshaken.chaos;

import java.util.ArrayList;
import java.util.List;

/**
 * The iptables rules of one HTTP fault inside a pod's network namespace, as commands: in the nat table, a chain of the
 * fault's own ({@code UNSHAKEN-<run>-<fault>}), jumped to first from {@code PREROUTING}, that redirects new TCP
 * connections arriving for {@code port} to the fault's proxy on {@link #proxyPort()}. The proxy's own connections to
 * the server on loopback leave through {@code OUTPUT}, so they are not redirected. Every rule is commented with the
 * run and the fault.
 *
 * @param runId   the run's id
 * @param faultId the fault's id in the journal
 * @param port    the pod's port whose connections are redirected
 */
record PortRedirectRules(String runId, String faultId, int port) {

    private static final List<String> NAT = List.of("iptables", "-w", "5", "-t", "nat");

    /** The chain's name: at most 28 characters, as iptables allows. */
    String chain() {
        String name = "UNSHAKEN-" + runId + "-" + faultId;
        return name.length() > 28 ? name.substring(0, 28) : name;
    }

    /** The proxy's port, 30000..32699, from the chain's name (below Linux's ephemeral ports). */
    int proxyPort() {
        return 30000 + Math.floorMod(chain().hashCode(), 2700);
    }

    String comment() {
        return "unshaken run=" + runId + " fault=" + faultId;
    }

    /** The commands that install the redirect, in order; the last one makes it take effect. */
    List<List<String>> install() {
        return List.of(
                nat("-N", chain()),
                nat("-A", chain(), "-p", "tcp", "--dport", Integer.toString(port), "-m", "comment", "--comment", comment(),
                        "-j", "REDIRECT", "--to-ports", Integer.toString(proxyPort())),
                nat("-I", "PREROUTING", "1", "-m", "comment", "--comment", comment(), "-j", chain()));
    }

    /** The commands that remove it, in order; each is safe to run when an earlier one failed. */
    List<List<String>> remove() {
        return List.of(
                nat("-D", "PREROUTING", "-m", "comment", "--comment", comment(), "-j", chain()),
                nat("-F", chain()),
                nat("-X", chain()));
    }

    private static List<String> nat(String... args) {
        List<String> command = new ArrayList<>(NAT);
        command.addAll(List.of(args));
        return command;
    }
}
