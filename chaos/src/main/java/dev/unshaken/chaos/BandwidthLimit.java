package dev.unshaken.chaos;

import dev.unshaken.chaos.FaultedPods.Victim;
import dev.unshaken.fixtures.cluster.Machines;
import dev.unshaken.fixtures.cluster.ObjectLabels;
import dev.unshaken.journal.FaultEvent;
import dev.unshaken.journal.FaultKind;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Limits the bandwidth of the pods of a {@link PodTarget} towards a {@link Destination} for a while: a saturated link,
 * a throttled cross-zone path. The limit is on the pods' outgoing packets to the destination (requests, uploads,
 * writes), in each pod's network namespace, entered from its node: an HTB qdisc on the pod's interface whose u32
 * filters send those packets through a class of the given rate ({@link TrafficShaping}); everything else passes
 * unlimited.
 *
 * <p>It proves it took effect, or fails as a fault and leaves nothing behind:
 * <ul>
 *   <li>before: the kernel has HTB and the u32 classifier ({@link NetworkMechanisms#bandwidth()}); the pods' interface is
 *   not shaped by anyone else (its root qdisc is a default one); a probe pushes data from the first pod to a sink on its
 *   node (its gateway) and must go well above the limit (a path already slower than the limit proves nothing);</li>
 *   <li>during: the same probe, through a class of the same rate, must go no faster than 1.5 times the limit;</li>
 *   <li>at the end: the workload's class counters (bytes, packets, and how many packets the limit held back) are
 *   journaled; {@code heldBackPackets=0} says the workload never met the limit, and verdicts around it are inconclusive;</li>
 *   <li>after: the root qdisc is removed (also on failure or interruption) and the probe goes fast again. A watchdog in
 *   each pod's network namespace removes the limit a minute after the fault should have ended, should this JVM die.</li>
 * </ul>
 *
 * <pre>{@code
 * faults.after(ofSeconds(20), BandwidthLimit.of(PodTarget.labelled("shop", "app", "order-service"),
 *         Destination.service("shop", "postgres"), 256, ofSeconds(30)));
 * }</pre>
 */
public final class BandwidthLimit extends PodNetworkFault {

    /** The sink's port on the node: below the NodePort range and Linux's ephemeral ports. */
    private static final int SINK_PORTS_FROM = 29000;
    private static final int PROBE_SECONDS = 2;

    private final PodTarget from;
    private final Destination to;
    private final long rateKbit;
    private final Duration duration;

    private BandwidthLimit(PodTarget from, Destination to, long rateKbit, Duration duration) {
        super("a bandwidth limit", "it shapes the pods' traffic from their nodes (a queue in their network namespace)");
        this.from = Objects.requireNonNull(from, "from");
        this.to = Objects.requireNonNull(to, "to");
        this.duration = Objects.requireNonNull(duration, "duration");
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("a bandwidth limit needs a positive duration, got " + duration);
        }
        if (rateKbit < 8 || rateKbit > 1_000_000) {
            throw new IllegalArgumentException("a bandwidth limit of " + rateKbit + " kbit/s: expected 8 kbit/s up to 1 Gbit/s");
        }
        this.rateKbit = rateKbit;
    }

    /** The pods' packets to the destination go at most {@code kbitPerSecond} kbit/s, for {@code duration}. */
    public static BandwidthLimit of(PodTarget from, Destination to, long kbitPerSecond, Duration duration) {
        return new BandwidthLimit(from, to, kbitPerSecond, duration);
    }

    @Override
    public String describe() {
        return "bandwidth limit of " + TrafficShaping.describeRate(rateKbit) + " from the pods labelled " + from.selector() + " in "
                + from.namespace() + " to " + to.describe() + " for " + duration.toSeconds() + " s";
    }

    @Override
    NetworkMechanisms.Mechanism mechanism(NetworkMechanisms offered) {
        return offered.bandwidth();
    }

    @Override
    public void inject(FaultContext context) {
        var mechanism = checkedMechanism(context);
        Machines machines = machines(context);
        List<Victim> victims = FaultedPods.running(context, from, false);
        List<Destination.Match> matches = to.resolve(context);
        Victim prober = victims.getFirst();
        String[] defaultRoute = defaultRoute(machines, prober);
        String gateway = defaultRoute[0];
        String device = defaultRoute[1];
        for (Victim victim : victims) {
            var root = machines.inNetworkOf(victim.node(), victim.containerId(), List.of("tc", "qdisc", "show", "dev", device, "root"));
            if (!root.succeeded() || !TrafficShaping.unshaped(root.stdout())) {
                throw new FaultFailedException("pod " + victim.name() + "'s interface " + device + " is shaped already (" + root.describe().strip()
                        + "): that qdisc is not Unshaken's, and is never replaced");
            }
        }
        var running = context.start(FaultKind.BANDWIDTH_LIMIT, from.namespace() + "/" + from.selector(), FaultContext.details(
                "selector", from.selector(),
                "pods", victims.stream().map(v -> v.name() + "@" + v.node()).collect(Collectors.joining(",")),
                "destination", to.describe(),
                "addresses", matches.stream().map(Destination.Match::toString).collect(Collectors.joining(",")),
                "rateKbit", Long.toString(rateKbit),
                "device", device,
                "mechanism", mechanism.description(),
                "duration", duration.toSeconds() + "s"));
        var chain = new FaultChain(ObjectLabels.runId(), running.id());
        int sinkPort = chain.number(SINK_PORTS_FROM, 1000);
        var shaping = new TrafficShaping(chain, device, rateKbit, matches, gateway, sinkPort);
        // At least six times the probe socket's buffer (8 KiB), which the time taken does not cover: within 1/6 of the rate.
        long probeBytes = Math.max(48 * 1024, rateKbit * 1000 / 8 * PROBE_SECONDS);
        var sink = new Sink(machines, prober.node(), sinkPort, duration.plus(Delayer.OUTLIVES_FAULT_BY));
        List<Victim> installed = new ArrayList<>();
        Map<String, String> endDetails = new LinkedHashMap<>();
        running.runThenUndo(endDetails, () -> {
            long deadline = System.nanoTime() + duration.toNanos();
            sink.start();
            Push before = Push.run(machines, prober, gateway, sinkPort, probeBytes, 0);
            endDetails.put("probeBefore", before.describe());
            if (!before.sent() || before.kbitPerSecond() < 2.0 * rateKbit) {
                endDetails.put("outcome", "no-effect");
                throw new FaultFailedException("before the limit, the probe from pod " + prober.name() + " to its node " + before.describe()
                        + ": a path no faster than twice the limit (" + TrafficShaping.describeRate(rateKbit) + ") cannot show it");
            }
            for (Victim victim : victims) {
                installed.add(victim);
                var result = machines.inNetworkOf(victim.node(), victim.containerId(), FaultedPods.shell(shaping.install(), " && "));
                if (!result.succeeded()) {
                    throw new FaultFailedException("installing the bandwidth limit in pod " + victim.name() + "'s network namespace on "
                            + victim.node() + " failed: " + result.describe());
                }
                machines.inNetworkOf(victim.node(), victim.containerId(), List.of("sh", "-c",
                        shaping.watchdogScript(duration.plus(Delayer.OUTLIVES_FAULT_BY).toSeconds())));
            }
            endDetails.put("qdisc", "htb " + shaping.handle() + ": on " + device);
            Push during = Push.run(machines, prober, gateway, sinkPort, probeBytes, 1);
            endDetails.put("probeDuring", during.describe());
            if (!during.sent() || during.kbitPerSecond() > 1.5 * rateKbit) {
                endDetails.put("outcome", "no-effect");
                throw new FaultFailedException("the limit did not take effect: with it in place, the probe from pod " + prober.name() + " "
                        + during.describe() + ", more than 1.5 times the limit of " + TrafficShaping.describeRate(rateKbit));
            }
            FaultContext.sleep(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            var workload = new TrafficShaping.ClassCounters(0, 0, 0, 0);
            var probe = new TrafficShaping.ClassCounters(0, 0, 0, 0);
            for (Victim victim : victims) {
                var listing = machines.inNetworkOf(victim.node(), victim.containerId(), shaping.listClasses());
                workload = workload.plus(shaping.counters(listing.stdout(), 2).orElseThrow(() -> new FaultFailedException(
                        "the bandwidth limit's class is gone from pod " + victim.name() + " (" + listing.describe().strip()
                                + "); was the qdisc removed by someone else?")));
                probe = probe.plus(shaping.counters(listing.stdout(), 3).orElse(new TrafficShaping.ClassCounters(0, 0, 0, 0)));
            }
            endDetails.put("probeHeldBackPackets", Long.toString(probe.overlimits()));
            endDetails.put("limitedBytes", Long.toString(workload.bytes()));
            endDetails.put("limitedPackets", Long.toString(workload.packets()));
            endDetails.put("heldBackPackets", Long.toString(workload.overlimits()));
            // Not "droppedPackets": that key is a partition's proof, and 0 here (nothing overflowed the queue) proves nothing.
            endDetails.put("queueDroppedPackets", Long.toString(workload.dropped()));
            endDetails.put(FaultEvent.MEASURED_EFFECT, "the probe went " + during.rate() + " under a limit of " + TrafficShaping.describeRate(rateKbit)
                    + " (" + before.rate() + " before); the pods sent " + workload.bytes() + " bytes through the limit, "
                    + workload.overlimits() + " times held back by it");
        }, () -> {
            List<String> left = new ArrayList<>();
            for (Victim victim : installed) {
                try {
                    machines.inNetworkOf(victim.node(), victim.containerId(), shaping.remove());
                    var root = machines.inNetworkOf(victim.node(), victim.containerId(), shaping.showRoot());
                    if (!root.succeeded() || !TrafficShaping.unshaped(root.stdout())) {
                        left.add(victim.name() + " (" + root.describe().strip() + ")");
                    }
                } catch (RuntimeException e) {
                    left.add(victim.name() + " (" + e.getMessage() + ")");
                }
            }
            if (!left.isEmpty()) {
                endDetails.put("qdiscLeft", String.join("; ", left));
            }
            if (left.isEmpty() && !installed.isEmpty()) {
                try {
                    endDetails.put("probeAfter", Push.run(machines, prober, gateway, sinkPort, probeBytes, 2).describe());
                } catch (RuntimeException e) {
                    endDetails.put("probeAfter", "not run: " + e.getMessage());
                }
            }
            sink.stop();
        });
    }

    /**
     * The pod's default route: its gateway (its node's end of the pod network, where the probe's sink listens) and its
     * interface, which everything but loopback leaves by.
     */
    private static String[] defaultRoute(Machines machines, Victim pod) {
        var route = machines.inNetworkOf(pod.node(), pod.containerId(), List.of("ip", "-4", "route", "show", "default"));
        String[] fields = route.stdout().strip().split("\\s+");
        String via = null;
        String dev = null;
        for (int i = 0; i + 1 < fields.length; i++) {
            if (fields[i].equals("via")) {
                via = fields[i + 1];
            } else if (fields[i].equals("dev")) {
                dev = fields[i + 1];
            }
        }
        if (via == null || dev == null) {
            throw new FaultFailedException("pod " + pod.name() + " has no default route (gateway and interface) to shape and to reach"
                    + " its node's probe sink by: " + route.describe() + " " + route.stdout().strip());
        }
        return new String[] {via, dev};
    }

    /** A TCP sink on a node (socat to /dev/null), which ends by itself after {@code lifetime}. */
    private record Sink(Machines machines, String node, int port, Duration lifetime) {
        void start() {
            var result = machines.onNode(node, List.of("sh", "-c", "setsid timeout " + lifetime.toSeconds() + " socat -u TCP4-LISTEN:" + port
                    + ",reuseaddr,fork OPEN:/dev/null </dev/null >/dev/null 2>&1 & i=0; while [ $i -lt 50 ]; do"
                    + " grep -qi ':" + String.format(Locale.ROOT, "%04X", port) + " 00000000:0000 0A' /proc/net/tcp && exit 0; sleep 0.1; i=$((i+1)); done;"
                    + " echo 'the probe sink did not listen within 5 s' >&2; exit 1"));
            if (!result.succeeded()) {
                throw new FaultFailedException("starting the probe's sink on node " + node + " port " + port + " failed: " + result.describe());
            }
        }

        void stop() {
            machines.onNode(node, List.of("sh", "-c", "pkill -f -- '[s]ocat -u TCP4-LISTEN:" + port + ",' ; true"));
        }
    }

    /** {@code bytes} pushed from a pod to the sink with a small send buffer, so the time taken is the rate the path allows. */
    record Push(int exitCode, long bytes, long millis, String message) {

        static Push run(Machines machines, Victim from, String host, int port, long bytes, int attempt) {
            String script = "s=$(date +%s%N); out=$(head -c " + bytes + " /dev/zero | socat -u - TCP4:" + host + ":" + port
                    + ",sndbuf=4096,connect-timeout=5,sourceport=" + (PodNetworkRules.PROBE_SOURCE_PORT + attempt)
                    + " 2>&1); rc=$?; e=$(date +%s%N); echo \"$rc $(( (e - s) / 1000000 ))\"; echo \"$out\" >&2";
            var result = machines.inNetworkOf(from.node(), from.containerId(), List.of("sh", "-c", script));
            String[] fields = result.stdout().strip().split("\\s+");
            if (fields.length < 2) {
                throw new FaultFailedException("the bandwidth probe from pod " + from.name() + " did not run: " + result.describe());
            }
            return new Push(Integer.parseInt(fields[0]), bytes, Math.max(1, Long.parseLong(fields[1])), result.stderr().strip());
        }

        boolean sent() {
            return exitCode == 0;
        }

        double kbitPerSecond() {
            return bytes * 8.0 / millis;
        }

        String rate() {
            return TrafficShaping.describeRate(kbitPerSecond());
        }

        String describe() {
            return sent() ? "pushed " + bytes / 1024 + " KiB in " + millis + " ms (" + rate() + ")"
                    : "failed after " + millis + " ms (" + message.lines().reduce((a, b) -> b).orElse("") + ")";
        }
    }
}
