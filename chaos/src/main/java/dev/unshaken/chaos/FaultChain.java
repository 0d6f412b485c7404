package dev.unshaken.chaos;

import java.util.ArrayList;
import java.util.List;

/**
 * A fault's own iptables chain inside a pod's network namespace: named {@code UNSHAKEN-<run>-<fault>}, jumped to first
 * from a built-in chain (the hook), every rule commented with the run and the fault, so whatever is left after a
 * crash can be found by its comment and removed.
 *
 * @param runId   the run's id
 * @param faultId the fault's id in the journal
 */
record FaultChain(String runId, String faultId) {

    private static final List<String> IPTABLES = List.of("iptables", "-w", "5");

    /** The chain's name: at most 28 characters, as iptables allows. */
    String name() {
        String name = "UNSHAKEN-" + runId + "-" + faultId;
        return name.length() > 28 ? name.substring(0, 28) : name;
    }

    /** The comment every rule carries. */
    String comment() {
        return "unshaken run=" + runId + " fault=" + faultId;
    }

    /** A number in {@code [from, from + span)} from the chain's name, for a port or queue of the fault's own. */
    int number(int from, int span) {
        return from + Math.floorMod(name().hashCode(), span);
    }

    /**
     * The commands that install the chain in {@code table}: create it, append each rule (arguments after
     * {@code -A <chain>}), then jump to it first from {@code hook}, which makes it take effect.
     */
    List<List<String>> install(String table, String hook, List<List<String>> rules) {
        List<List<String>> commands = new ArrayList<>();
        commands.add(iptables(table, "-N", name()));
        for (List<String> rule : rules) {
            List<String> append = new ArrayList<>(List.of("-A", name()));
            append.addAll(rule);
            commands.add(iptables(table, append.toArray(String[]::new)));
        }
        commands.add(iptables(table, "-I", hook, "1", "-m", "comment", "--comment", comment(), "-j", name()));
        return commands;
    }

    /** The commands that remove it, in order; each is safe to run when an earlier one failed. */
    List<List<String>> remove(String table, String hook) {
        return List.of(
                iptables(table, "-D", hook, "-m", "comment", "--comment", comment(), "-j", name()),
                iptables(table, "-F", name()),
                iptables(table, "-X", name()));
    }

    /** An iptables command on {@code table} ({@code null} for the filter table). */
    static List<String> iptables(String table, String... args) {
        List<String> command = new ArrayList<>(IPTABLES);
        if (table != null) {
            command.addAll(List.of("-t", table));
        }
        command.addAll(List.of(args));
        return command;
    }
}
