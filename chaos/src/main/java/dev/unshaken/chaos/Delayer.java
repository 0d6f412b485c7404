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

    private final String pod;
    private final PodAgent agent;
    private final PodNetworkRules rules;

    Delayer(Machines machines, String pod, String node, String containerId, PodNetworkRules rules) {
        this.pod = pod;
        this.rules = rules;
        this.agent = new PodAgent(machines, new FaultedPods.Victim(pod, node, containerId, null), "netdelay", rules.chain());
    }

    /** Its counters file on the node. */
    String statsFile() {
        return agent.statsFile();
    }

    /** The shell script that starts it in the background and waits (5 s at most) until it holds the queue. */
    String startScript(Duration delay, Duration jitter, Duration runFor) {
        return agent.startScript(arguments(delay, jitter, runFor));
    }

    private String arguments(Duration delay, Duration jitter, Duration runFor) {
        return "--queue " + rules.queue() + " --delay " + delay.toMillis() + "ms --jitter " + jitter.toMillis() + "ms --for " + runFor.toSeconds() + "s";
    }

    /** The shell script that stops it: it lets every packet it holds through, then writes its last counters. */
    String stopScript() {
        return agent.stopScript();
    }

    /** Starts it; a delayer that does not come up fails the fault before any rule sends it a packet. */
    void start(Duration delay, Duration jitter, Duration runFor) {
        agent.start(arguments(delay, jitter, runFor), "the packet delayer");
    }

    /** Stops it and returns its last counters; those of one that did not end cleanly lack {@code state=done}. */
    Map<String, String> stop() {
        return agent.stop();
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
