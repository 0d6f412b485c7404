package dev.unshaken.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The iptables rules of one network fault inside a pod's network namespace, as commands: a chain of the fault's own
 * ({@code UNSHAKEN-<run>-<fault>}), jumped to first from {@code OUTPUT}, every rule commented with the run and the
 * fault so whatever is left after a crash can be found and removed. Each packet the chain acts on is counted by the
 * rule that acted: dropped, rejected or handed to the delaying process ({@code NFQUEUE}), and, for packet loss, let
 * through ({@code RETURN}); the counters are the fault's measured effect.
 *
 * <p>A partition both ways ({@code bothWays}) has a second chain ({@code UNSHAKEN-<run>-<fault>-in}), jumped to first
 * from {@code INPUT}: it drops (or refuses) what the destination's addresses send to the pod, on any port, so a
 * connection the destination opens, a reply and a datagram are all stopped at the pod as well. Its first rule acts on
 * the fault's incoming-proof probe ({@link #INCOMING_PROBE_PORT}), whose own packets the outgoing chain lets through:
 * the destination's answer to it can only be stopped by the incoming chain.
 *
 * <p>Hand-written rather than from a library: no maintained Java library drives iptables, and these are a dozen
 * command lines.
 *
 * @param runId   the run's id
 * @param faultId the fault's id in the journal
 * @param effect  what happens to the packets
 * @param lossPercent for {@link Effect#LOSS}, the share dropped (1..100)
 * @param matches the packets it acts on
 * @param bothWays for a partition, whether the destination's packets to the pod are stopped too
 */
record PodNetworkRules(String runId, String faultId, Effect effect, int lossPercent, List<Destination.Match> matches, boolean bothWays) {

    /** What the rules do with the packets they match. */
    enum Effect {
        /** Dropped: connections time out. */
        DROP,
        /** Refused: TCP gets a reset, other protocols an ICMP port-unreachable. */
        REJECT,
        /** A random share dropped. */
        LOSS,
        /**
         * Handed to an NFQUEUE queue, where the node binary's {@code netdelay} process in the same network namespace
         * holds each packet for the delay; {@code --queue-bypass} lets them through undelayed whenever no process
         * holds the queue, so a crashed or finished delayer never cuts the pod off.
         */
        DELAY
    }

    /**
     * The first of the TCP source ports of the fault's own connect probes (one port each, so a probe never meets the
     * last one's TIME_WAIT): above Linux's ephemeral range (32768–60999), so no workload connection uses them, and
     * their packets are counted apart from the workload's.
     */
    static final int PROBE_SOURCE_PORT = 61990;
    static final int PROBE_SOURCE_PORTS = 10;

    /**
     * The TCP source port of a both-ways partition's incoming-proof probe, just past the others: the outgoing chain lets
     * its packets out, the incoming chain stops the destination's answer.
     */
    static final int INCOMING_PROBE_PORT = PROBE_SOURCE_PORT + PROBE_SOURCE_PORTS;

    PodNetworkRules {
        matches = List.copyOf(matches);
        if (matches.isEmpty()) {
            throw new IllegalArgumentException("no packets to act on");
        }
        if (bothWays && effect != Effect.DROP && effect != Effect.REJECT) {
            throw new IllegalArgumentException("only a partition acts both ways; " + effect + " acts on the pod's outgoing packets");
        }
        if (effect == Effect.LOSS && (lossPercent < 1 || lossPercent > 100)) {
            throw new IllegalArgumentException("packet loss of " + lossPercent + " %: expected 1..100");
        }
    }

    /** Outgoing packets only: every effect but a partition both ways. */
    PodNetworkRules(String runId, String faultId, Effect effect, int lossPercent, List<Destination.Match> matches) {
        this(runId, faultId, effect, lossPercent, matches, false);
    }

    /** The fault's own chain, jumped to from {@code OUTPUT}. */
    FaultChain faultChain() {
        return new FaultChain(runId, faultId);
    }

    /** A both-ways partition's second chain, jumped to from {@code INPUT}. */
    private FaultChain incomingChain() {
        return new FaultChain(runId, faultId + "-in");
    }

    /** The chain's name. */
    String chain() {
        return faultChain().name();
    }

    /**
     * The NFQUEUE queue number of a {@link Effect#DELAY} fault, 1000..60999, from the chain's name: queues are per
     * network namespace, so two faults collide only if they hit the same pod with the same number.
     */
    int queue() {
        return faultChain().number(1000, 60000);
    }

    /** The comment every rule carries. */
    String comment() {
        return faultChain().comment();
    }

    /**
     * The commands that install the rules, in order; the last one makes them take effect. A partition's first rule
     * acts on the fault's own probes ({@link #PROBE_SOURCE_PORT}), so they are counted apart.
     */
    List<List<String>> install() {
        List<List<String>> rules = new ArrayList<>();
        if (bothWays) {
            rules.add(List.of("-p", "tcp", "--sport", Integer.toString(INCOMING_PROBE_PORT), "-m", "comment", "--comment",
                    comment() + " incoming probe", "-j", "RETURN"));
        }
        if (effect != Effect.LOSS) {
            List<String> probes = List.of("-p", "tcp", "--sport", PROBE_SOURCE_PORT + ":" + (PROBE_SOURCE_PORT + PROBE_SOURCE_PORTS - 1),
                    "-m", "comment", "--comment", comment() + " probe");
            rules.add(switch (effect) {
                case DROP -> rule(probes, "-j", "DROP");
                case DELAY -> rule(probes, nfqueue());
                default -> rule(probes, "-j", "REJECT", "--reject-with", "tcp-reset");
            });
        }
        for (Destination.Match match : matches) {
            List<String> packets = new ArrayList<>(List.of("-d", match.cidr()));
            if (!match.protocol().equals("all")) {
                packets.addAll(List.of("-p", match.protocol()));
                if (match.port() > 0) {
                    packets.addAll(List.of("--dport", Integer.toString(match.port())));
                }
            }
            packets.addAll(List.of("-m", "comment", "--comment", comment()));
            switch (effect) {
                case DROP -> rules.add(rule(packets, "-j", "DROP"));
                case DELAY -> rules.add(rule(packets, nfqueue()));
                case REJECT -> rules.add(rule(packets, refusal(match)));
                case LOSS -> {
                    if (lossPercent < 100) {
                        rules.add(rule(packets, "-m", "statistic", "--mode", "random", "--probability",
                                String.format(Locale.ROOT, "%.4f", lossPercent / 100.0), "-j", "DROP"));
                        rules.add(rule(packets, "-j", "RETURN"));
                    } else {
                        rules.add(rule(packets, "-j", "DROP"));
                    }
                }
            }
        }
        List<List<String>> commands = new ArrayList<>(faultChain().install(null, "OUTPUT", rules));
        if (bothWays) {
            commands.addAll(incomingChain().install(null, "INPUT", incomingRules()));
        }
        return commands;
    }

    /** What the destination's addresses send to the pod, on any port; the incoming-proof probe's answer first, apart. */
    private List<List<String>> incomingRules() {
        String comment = incomingChain().comment();
        List<List<String>> rules = new ArrayList<>();
        rules.add(List.of("-p", "tcp", "--dport", PROBE_SOURCE_PORT + ":" + INCOMING_PROBE_PORT, "-m", "comment", "--comment",
                comment + " probe", "-j", "DROP"));
        for (Destination.Match match : matches) {
            List<String> packets = new ArrayList<>(List.of("-s", match.cidr()));
            if (!match.protocol().equals("all")) {
                packets.addAll(List.of("-p", match.protocol()));
            }
            packets.addAll(List.of("-m", "comment", "--comment", comment));
            rules.add(effect == Effect.REJECT
                    ? rule(packets, refusal(match))
                    : rule(packets, "-j", "DROP"));
        }
        return rules;
    }

    /** How a rejecting rule refuses the match's packets: TCP with a reset, other protocols with ICMP port unreachable. */
    private static String[] refusal(Destination.Match match) {
        return new String[] {"-j", "REJECT", "--reject-with", match.protocol().equals("tcp") ? "tcp-reset" : "icmp-port-unreachable"};
    }

    private String[] nfqueue() {
        return new String[] {"-j", "NFQUEUE", "--queue-num", Integer.toString(queue()), "--queue-bypass"};
    }

    /** The commands that remove them, in order; each is safe to run when an earlier one failed. */
    List<List<String>> remove() {
        List<List<String>> commands = new ArrayList<>(faultChain().remove(null, "OUTPUT"));
        if (bothWays) {
            commands.addAll(incomingChain().remove(null, "INPUT"));
        }
        return commands;
    }

    /** The command that lists the chain with exact counters. */
    List<String> listCounters() {
        return FaultChain.iptables(null, "-L", chain(), "-n", "-v", "-x");
    }

    /** The command that lists a both-ways partition's incoming chain with exact counters. */
    List<String> listIncomingCounters() {
        if (!bothWays) {
            throw new IllegalStateException("a fault on outgoing packets only has no incoming chain");
        }
        return FaultChain.iptables(null, "-L", incomingChain().name(), "-n", "-v", "-x");
    }

    /**
     * Packets the chain acted on, from {@link #listCounters()}' output: the workload's dropped (or rejected, or queued
     * to be delayed) and let through, and the fault's own probes'.
     */
    record Counters(long dropped, long passed, long probe) {
        long seen() {
            return dropped + passed;
        }

        /** The share of the packets seen that were dropped, one decimal ({@code 20.1}); empty when none was seen. */
        Optional<String> lossPercent() {
            return seen() == 0 ? Optional.empty() : Optional.of(String.format(Locale.ROOT, "%.1f", 100.0 * dropped / seen()));
        }

        Counters plus(Counters other) {
            return new Counters(dropped + other.dropped, passed + other.passed, probe + other.probe);
        }
    }

    /** Sums the packet counters of {@code iptables -L <chain> -n -v -x} output by target. */
    static Counters parseCounters(String listing) {
        long dropped = 0;
        long passed = 0;
        long probe = 0;
        for (String line : listing.lines().toList()) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length < 3 || !fields[0].chars().allMatch(Character::isDigit) || fields[0].isEmpty()) {
                continue; // the chain's header and the column names
            }
            long packets = Long.parseLong(fields[0]);
            if (line.contains("spts:" + PROBE_SOURCE_PORT + ":") || line.contains("dpts:" + PROBE_SOURCE_PORT + ":")
                    || line.contains("spt:" + INCOMING_PROBE_PORT + " ")) {
                probe += packets;
                continue;
            }
            switch (fields[2]) {
                case "DROP", "REJECT", "NFQUEUE" -> dropped += packets;
                case "RETURN" -> passed += packets;
                default -> {
                }
            }
        }
        return new Counters(dropped, passed, probe);
    }

    private static List<String> rule(List<String> match, String... action) {
        List<String> rule = new ArrayList<>(match);
        rule.addAll(List.of(action));
        return rule;
    }
}
