package dev.unshaken.chaos;

import dev.unshaken.chaos.FaultedPods.Victim;
import dev.unshaken.fixtures.cluster.Machines;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A process of the node binary ({@code k3s netdelay}, {@code dnsfault}, {@code httpfault}) that one fault runs in one
 * pod's network namespace, started from the pod's node. It writes its counters ({@code key=value} lines, among them
 * {@code state}) to a file on the node every second, which is how the fault learns that it is up and, at the end, what
 * it did. It ends by itself a while after the fault should have, even if this JVM dies.
 *
 * @param machines   the cluster's machines
 * @param victim     the pod
 * @param subcommand the node binary's subcommand
 * @param chain      the fault's chain name, which makes the process's identity unique with the pod's name
 */
record PodAgent(Machines machines, Victim victim, String subcommand, String chain) {

    /** The process's identity on its command line. */
    String id() {
        return chain + "/" + victim.name();
    }

    /** Its counters file on the node. */
    String statsFile() {
        return "/tmp/unshaken-" + chain + "-" + victim.name() + "." + subcommand;
    }

    /** The shell script that starts it in the background with {@code arguments} and waits (5 s at most) until it is up. */
    String startScript(String arguments) {
        String stats = statsFile();
        return "rm -f " + stats + "; setsid /bin/k3s " + subcommand + " " + arguments + " --stats " + stats + " --id " + id()
                + " </dev/null >" + stats + ".log 2>&1 & i=0; while [ $i -lt 50 ]; do grep -q '^state=' " + stats
                + " 2>/dev/null && exit 0; sleep 0.1; i=$((i+1)); done; echo '" + subcommand + " did not come up within 5 s:' >&2; cat "
                + stats + ".log >&2; exit 1";
    }

    /**
     * The shell script that stops it (SIGTERM: it finishes what it holds, then writes its last counters), waits up to
     * 12 s for those, prints them and removes its files. The pattern's bracket keeps {@code pkill} from matching the
     * shell that runs it.
     */
    String stopScript() {
        String stats = statsFile();
        return "pkill -TERM -f -- '[" + subcommand.charAt(0) + "]" + subcommand.substring(1) + " .*--id " + id() + "$'; i=0; while [ $i -lt 120 ];"
                + " do grep -q '^state=done' " + stats + " 2>/dev/null && break; sleep 0.1; i=$((i+1)); done; cat " + stats + "; rm -f "
                + stats + " " + stats + ".log";
    }

    /** Starts it; one that does not come up fails the fault ({@code what} names it) before anything depends on it. */
    void start(String arguments, String what) {
        var result = machines.inNetworkOf(victim.node(), victim.containerId(), List.of("sh", "-c", startScript(arguments)));
        if (!result.succeeded()) {
            String said = result.describe();
            boolean missing = said.contains("unknown command") || said.contains("No help topic") || said.contains("not found");
            throw new FaultFailedException("starting " + what + " in pod " + victim.name() + "'s network namespace on " + victim.node()
                    + " failed: " + said + (missing ? "; the nodes' /bin/k3s has no '" + subcommand + "': latency, DNS and HTTP faults need"
                    + " the node image Unshaken builds (fixtures/node-image), not the upstream rancher/k3s one" : ""));
        }
    }

    /** Stops it and returns its last counters; those of a process that did not end cleanly lack {@code state=done}. */
    Map<String, String> stop() {
        return parse(machines.inNetworkOf(victim.node(), victim.containerId(), List.of("sh", "-c", stopScript())).stdout());
    }

    /** {@code key=value} lines as a map, in order. */
    static Map<String, String> parse(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : text == null ? List.<String>of() : text.lines().toList()) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        return values;
    }

    /**
     * Undoes a fault carried by nat rules and one agent per pod: removes the rules from every pod (checked with
     * {@code iptables -t nat -S}), runs {@code afterRules} there (clearing flows, say), stops the agents and sums their
     * counters: each of {@code counters}' keys (the agent's) under its value (the journal's). {@code rulesLeft} and
     * {@code agentsUnread} name the pods where that could not be done.
     */
    static Map<String, String> undoNat(List<PodAgent> agents, List<List<String>> removeRules, List<String> afterRules,
                                       Map<String, String> counters) {
        StringBuilder left = new StringBuilder();
        StringBuilder unread = new StringBuilder();
        int read = 0;
        Map<String, Long> sums = new LinkedHashMap<>();
        counters.values().forEach(key -> sums.put(key, 0L));
        for (PodAgent agent : agents) {
            Victim victim = agent.victim();
            try {
                agent.machines().inNetworkOf(victim.node(), victim.containerId(), FaultedPods.shell(removeRules, "; "));
                var check = agent.machines().inNetworkOf(victim.node(), victim.containerId(), List.of("iptables", "-w", "5", "-t", "nat", "-S"));
                if (!check.succeeded() || check.stdout().contains(agent.chain())) {
                    append(left, victim.name() + " (" + (check.succeeded() ? "chain " + agent.chain() + " still there" : check.describe()) + ")");
                }
                if (!afterRules.isEmpty()) {
                    agent.machines().inNetworkOf(victim.node(), victim.containerId(), afterRules);
                }
                Map<String, String> stats = agent.stop();
                if (!"done".equals(stats.get("state"))) {
                    append(unread, victim.name());
                    continue;
                }
                read++;
                counters.forEach((from, to) -> sums.merge(to, Long.parseLong(stats.getOrDefault(from, "0")), Long::sum));
            } catch (RuntimeException e) {
                append(left, victim.name() + " (" + e.getMessage() + ")");
            }
        }
        Map<String, String> details = new LinkedHashMap<>();
        if (read > 0) {
            sums.forEach((key, sum) -> details.put(key, Long.toString(sum)));
        }
        if (!left.isEmpty()) {
            details.put("rulesLeft", left.toString());
        }
        if (!unread.isEmpty()) {
            details.put("agentsUnread", unread.toString());
        }
        return details;
    }

    private static void append(StringBuilder list, String item) {
        list.append(list.isEmpty() ? "" : "; ").append(item);
    }
}
