package dev.unshaken.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code tc} commands of one bandwidth limit on a pod's interface, inside its network namespace: an HTB root qdisc
 * of the fault's own handle ({@link #handle()}, from its chain name), a default class that does not limit, a class
 * for the workload's packets to the destination limited to {@code rateKbit}, and a class of the same rate for the
 * fault's own probe, so the workload's counters are its own. u32 filters pick the packets by destination address,
 * protocol and port. Removing the root qdisc restores the interface's default.
 *
 * <p>Hand-written rather than from a library: no maintained Java library drives {@code tc}, and these are a few
 * command lines.
 *
 * @param chain     the fault's chain (its name gives the qdisc's handle)
 * @param device    the pod's interface, e.g. {@code eth0}
 * @param rateKbit  the limit, kbit/s
 * @param matches   the workload's packets to limit
 * @param probeHost the probe's sink (the pod's gateway on its node)
 * @param probePort the probe's sink port
 */
record TrafficShaping(FaultChain chain, String device, long rateKbit, List<Destination.Match> matches, String probeHost, int probePort) {

    /** The qdiscs an interface has when nobody shapes it: anything else is someone else's, and never replaced. */
    static final List<String> DEFAULT_QDISCS = List.of("noqueue", "pfifo_fast", "fq_codel", "fq", "mq", "pfifo", "sfq", "cake");

    TrafficShaping {
        matches = List.copyOf(matches);
        if (rateKbit < 8 || rateKbit > 10_000_000) {
            throw new IllegalArgumentException("a bandwidth limit of " + rateKbit + " kbit/s: expected 8 kbit/s up to 10 Gbit/s");
        }
    }

    /** The root qdisc's handle (hexadecimal, without the colon): 0x100..0xfeff from the chain's name, so a leftover can be told apart. */
    String handle() {
        return Integer.toHexString(chain.number(0x100, 0xfe00));
    }

    /** The commands that install it, in order; the last one makes the workload's packets meet the limit. */
    List<List<String>> install() {
        List<List<String>> commands = new ArrayList<>();
        String h = handle();
        commands.add(tc("qdisc", "add", "dev", device, "root", "handle", h + ":", "htb", "default", "1"));
        commands.add(tc("class", "add", "dev", device, "parent", h + ":", "classid", h + ":1", "htb", "rate", "10gbit", "quantum", "60000"));
        commands.add(tc("class", "add", "dev", device, "parent", h + ":", "classid", h + ":2", "htb", "rate", rateKbit + "kbit", "ceil", rateKbit + "kbit"));
        commands.add(tc("class", "add", "dev", device, "parent", h + ":", "classid", h + ":3", "htb", "rate", rateKbit + "kbit", "ceil", rateKbit + "kbit"));
        commands.add(filter(List.of("match", "ip", "dst", probeHost + "/32", "match", "ip", "protocol", "6", "0xff",
                "match", "ip", "dport", Integer.toString(probePort), "0xffff"), h + ":3", 1));
        for (Destination.Match match : matches) {
            List<String> selector = new ArrayList<>(List.of("match", "ip", "dst", match.cidr()));
            if (!match.protocol().equals("all")) {
                selector.addAll(List.of("match", "ip", "protocol", match.protocol().equals("udp") ? "17" : "6", "0xff"));
                if (match.port() > 0) {
                    selector.addAll(List.of("match", "ip", "dport", Integer.toString(match.port()), "0xffff"));
                }
            }
            commands.add(filter(selector, h + ":2", 2));
        }
        return commands;
    }

    /** The command that removes it: the root qdisc, only if it is still this fault's. */
    List<String> remove() {
        return List.of("sh", "-c", removeScript());
    }

    /** The script of {@link #remove()}: no single quotes, so it can be quoted whole. */
    private String removeScript() {
        return "tc qdisc show dev " + device + " root | grep -q \"htb " + handle() + ": \" && tc qdisc del dev " + device + " root; true";
    }

    /** The command that shows the root qdisc (to check, before, that nobody shapes the interface, and after, that it is back). */
    List<String> showRoot() {
        return tc("qdisc", "show", "dev", device, "root");
    }

    /** The command that lists the classes with their counters. */
    List<String> listClasses() {
        return tc("-s", "class", "show", "dev", device);
    }

    /** Whether {@code tc qdisc show dev X root} output shows the interface unshaped (a default qdisc, or none). */
    static boolean unshaped(String rootQdisc) {
        String line = rootQdisc.strip();
        if (line.isEmpty()) {
            return true;
        }
        String[] fields = line.split("\\s+");
        return fields.length >= 2 && fields[0].equals("qdisc") && DEFAULT_QDISCS.contains(fields[1]);
    }

    /** Packets through a class and how often it held them back (HTB's overlimits). */
    record ClassCounters(long bytes, long packets, long overlimits, long dropped) {
        ClassCounters plus(ClassCounters other) {
            return new ClassCounters(bytes + other.bytes, packets + other.packets, overlimits + other.overlimits, dropped + other.dropped);
        }
    }

    private static final Pattern CLASS = Pattern.compile("class htb ([0-9a-f]+):([0-9a-f]+) ");
    private static final Pattern SENT = Pattern.compile("Sent (\\d+) bytes (\\d+) pkt \\(dropped (\\d+), overlimits (\\d+)");

    /** The counters of class {@code minor} of this qdisc in {@code tc -s class show} output; empty when it is not there. */
    Optional<ClassCounters> counters(String listing, int minor) {
        String wanted = handle() + ":" + Integer.toHexString(minor);
        boolean inClass = false;
        for (String line : listing.lines().toList()) {
            Matcher cls = CLASS.matcher(line);
            if (cls.find()) {
                inClass = (cls.group(1) + ":" + cls.group(2)).equals(wanted);
                continue;
            }
            Matcher sent = SENT.matcher(line);
            if (inClass && sent.find()) {
                return Optional.of(new ClassCounters(Long.parseLong(sent.group(1)), Long.parseLong(sent.group(2)),
                        Long.parseLong(sent.group(4)), Long.parseLong(sent.group(3))));
            }
        }
        return Optional.empty();
    }

    /**
     * A watchdog, started in the pod's network namespace with the limit: removes it {@code afterSeconds} later if it is
     * still there, so a run that dies (kill -9) never leaves a pod throttled for good.
     */
    String watchdogScript(long afterSeconds) {
        return "setsid sh -c 'sleep " + afterSeconds + "; " + removeScript() + "' </dev/null >/dev/null 2>&1 &";
    }

    private List<String> filter(List<String> selector, String flowId, int prio) {
        List<String> command = new ArrayList<>(List.of("tc", "filter", "add", "dev", device, "parent", handle() + ":", "protocol", "ip",
                "prio", Integer.toString(prio), "u32"));
        command.addAll(selector);
        command.addAll(List.of("flowid", flowId));
        return command;
    }

    private static List<String> tc(String... args) {
        List<String> command = new ArrayList<>(List.of("tc"));
        command.addAll(List.of(args));
        return command;
    }

    /** {@code 1.0 Mbit/s}, {@code 256 kbit/s}. */
    static String describeRate(double kbit) {
        return kbit >= 1000 ? String.format(Locale.ROOT, "%.1f Mbit/s", kbit / 1000) : String.format(Locale.ROOT, "%.0f kbit/s", kbit);
    }
}
