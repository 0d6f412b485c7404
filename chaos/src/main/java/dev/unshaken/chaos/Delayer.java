package dev.unshaken.chaos;

import dev.unshaken.fixtures.cluster.Machines;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The process that holds one pod's delayed packets: the node binary's {@code k3s netdelay}, started in the pod's network
 * namespace from its node, bound to the NFQUEUE queue the fault's rules hand the packets to. It writes its counters to
 * a file on the node every second ({@code state}, {@code packets}, {@code released}, {@code meanHeldMs}, …), which is
 * how the fault learns that it holds the queue and, at the end, how long it actually held the packets.
 *
 * <p>It ends by itself {@link #OUTLIVES_FAULT_BY} after the fault should have, even if this JVM dies; the rules that
 * feed it let packets through undelayed ({@code --queue-bypass}) whenever no process holds the queue.
 */
final class Delayer {

    /** The longest delay a fault may add, as {@code netdelay} accepts it. */
    static final Duration LONGEST_DELAY = Duration.ofSeconds(60);
    /** How long the process runs past the fault's end when nobody stops it. */
    static final Duration OUTLIVES_FAULT_BY = Duration.ofSeconds(60);

    private final Machines machines;
    private final String pod;
    private final String node;
    private final String containerId;
    private final PodNetworkRules rules;

    Delayer(Machines machines, String pod, String node, String containerId, PodNetworkRules rules) {
        this.machines = machines;
        this.pod = pod;
        this.node = node;
        this.containerId = containerId;
        this.rules = rules;
    }

    /** The process's identity on its command line, unique per fault and pod. */
    String id() {
        return rules.chain() + "/" + pod;
    }

    /** Its counters file on the node. */
    String statsFile() {
        return "/tmp/unshaken-" + rules.chain() + "-" + pod + ".stats";
    }

    /** The shell script that starts it in the background and waits (5 s at most) until it holds the queue. */
    String startScript(Duration delay, Duration jitter, Duration runFor) {
        String stats = statsFile();
        return "rm -f " + stats + "; setsid /bin/k3s netdelay --queue " + rules.queue() + " --delay " + delay.toMillis() + "ms --jitter "
                + jitter.toMillis() + "ms --for " + runFor.toSeconds() + "s --stats " + stats + " --id " + id()
                + " </dev/null >" + stats + ".log 2>&1 & i=0; while [ $i -lt 50 ]; do grep -q '^state=' " + stats
                + " 2>/dev/null && exit 0; sleep 0.1; i=$((i+1)); done; echo 'netdelay did not hold its queue within 5 s:' >&2; cat "
                + stats + ".log >&2; exit 1";
    }

    /**
     * The shell script that stops it (SIGTERM: it lets every packet it holds through, then writes its last counters),
     * waits up to 3 s for those, prints them and removes its files. The pattern's {@code [n]} keeps {@code pkill} from
     * matching the shell that runs it.
     */
    String stopScript() {
        String stats = statsFile();
        return "pkill -TERM -f -- '[n]etdelay .*--id " + id() + "$'; i=0; while [ $i -lt 30 ]; do grep -q '^state=done' " + stats
                + " 2>/dev/null && break; sleep 0.1; i=$((i+1)); done; cat " + stats + "; rm -f " + stats + " " + stats + ".log";
    }

    /** Starts it; a delayer that does not come up fails the fault before any rule sends it a packet. */
    void start(Duration delay, Duration jitter, Duration runFor) {
        var result = machines.inNetworkOf(node, containerId, List.of("sh", "-c", startScript(delay, jitter, runFor)));
        if (!result.succeeded()) {
            throw new FaultFailedException("starting the packet delayer in pod " + pod + "'s network namespace on " + node + " failed: "
                    + result.describe());
        }
    }

    /** Stops it and returns its last counters ({@code key=value} lines); empty when it could not be reached. */
    Map<String, String> stop() {
        var result = machines.inNetworkOf(node, containerId, List.of("sh", "-c", stopScript()));
        return parse(result.stdout());
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
     * Stops every delayer, even when one fails, and sums what they measured for the journal: {@code heldPackets} (let
     * through after their delay), {@code meanHeldMs} (over all pods), {@code maxHeldMs}, {@code releasedEarlyPackets}
     * (still held when the fault ended, let through at once: those of its last {@code delay}); {@code delayersUnread}
     * names pods whose counters could not be read.
     */
    static Map<String, String> stopAll(List<Delayer> delayers) {
        long held = 0;
        long early = 0;
        double totalMs = 0;
        double maxMs = 0;
        StringBuilder unread = new StringBuilder();
        for (Delayer delayer : delayers) {
            Map<String, String> stats;
            try {
                stats = delayer.stop();
            } catch (RuntimeException e) {
                stats = Map.of();
            }
            if (!"done".equals(stats.get("state")) || !stats.containsKey("released")) {
                unread.append(unread.isEmpty() ? "" : ",").append(delayer.pod);
                continue;
            }
            long released = Long.parseLong(stats.get("released"));
            held += released;
            early += Long.parseLong(stats.getOrDefault("flushed", "0"));
            totalMs += released * Double.parseDouble(stats.getOrDefault("meanHeldMs", "0"));
            maxMs = Math.max(maxMs, Double.parseDouble(stats.getOrDefault("maxHeldMs", "0")));
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("heldPackets", Long.toString(held));
        details.put("releasedEarlyPackets", Long.toString(early));
        if (held > 0) {
            details.put("meanHeldMs", String.format(Locale.ROOT, "%.0f", totalMs / held));
            details.put("maxHeldMs", String.format(Locale.ROOT, "%.0f", maxMs));
        }
        if (!unread.isEmpty()) {
            details.put("delayersUnread", unread.toString());
        }
        return details;
    }
}
