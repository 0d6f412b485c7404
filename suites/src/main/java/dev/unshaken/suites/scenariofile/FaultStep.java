package dev.unshaken.suites.scenariofile;

import dev.unshaken.chaos.BandwidthLimit;
import dev.unshaken.chaos.DnsFault;
import dev.unshaken.chaos.Fault;
import dev.unshaken.chaos.HttpFault;
import dev.unshaken.chaos.NetworkFault;
import dev.unshaken.chaos.NodeDrain;
import dev.unshaken.chaos.NodeFailure;
import dev.unshaken.chaos.NodeUncordon;
import dev.unshaken.chaos.PodDelete;
import dev.unshaken.chaos.PodTarget;
import dev.unshaken.chaos.Rollback;
import dev.unshaken.chaos.Rollout;
import dev.unshaken.chaos.Scale;
import dev.unshaken.journal.FaultKind;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** One fault of a scenario file's timeline, as the chaos module's {@link Fault} it becomes. */
public sealed interface FaultStep {

    /** The chaos fault, for a stack in {@code namespace}. */
    Fault toFault(String namespace);

    /** The kinds of fault events it journals, which verdicts can refer to. */
    Set<FaultKind> kinds();

    /** {@code drain: {node: agent-1, timeout: 3m, retryEvery: 5s, uncordon: true}}: {@link NodeDrain}, then uncordon. */
    record Drain(String node, Duration timeout, Duration retryEvery, boolean uncordon) implements FaultStep {
        @Override
        public Fault toFault(String namespace) {
            Fault drain = NodeDrain.of(node).withTimeout(timeout).withRetryEvery(retryEvery);
            return uncordon ? drain.then(NodeUncordon.of(node)) : drain;
        }

        @Override
        public Set<FaultKind> kinds() {
            return uncordon ? EnumSet.of(FaultKind.NODE_DRAIN, FaultKind.NODE_UNCORDON) : EnumSet.of(FaultKind.NODE_DRAIN);
        }
    }

    /** {@code uncordon: agent-1}: {@link NodeUncordon}. */
    record Uncordon(String node) implements FaultStep {
        @Override
        public Fault toFault(String namespace) {
            return NodeUncordon.of(node);
        }

        @Override
        public Set<FaultKind> kinds() {
            return EnumSet.of(FaultKind.NODE_UNCORDON);
        }
    }

    /**
     * {@code delete} (graceful: preStop, SIGTERM, SIGKILL at the grace deadline) or {@code kill} (SIGKILL, grace 0)
     * of {@code count} pods carrying all the labels, one after another: {@link PodDelete}. With {@code whenInFlight} above
     * 0, each delete waits for a pod with at least that many requests in flight and hits it ({@link PodDelete#whenInFlight}).
     */
    record DeletePods(Map<String, String> labels, int count, boolean kill, int whenInFlight) implements FaultStep {
        public DeletePods {
            labels = Collections.unmodifiableMap(new TreeMap<>(labels));
        }

        /** Deletes on time alone. */
        public DeletePods(Map<String, String> labels, int count, boolean kill) {
            this(labels, count, kill, 0);
        }

        @Override
        public Fault toFault(String namespace) {
            var target = new PodTarget(namespace, labels);
            List<Fault> deletes = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                PodDelete delete = kill ? PodDelete.kill(target) : PodDelete.graceful(target);
                deletes.add(whenInFlight > 0 ? delete.whenInFlight(whenInFlight) : delete);
            }
            return Fault.sequence(deletes);
        }

        @Override
        public Set<FaultKind> kinds() {
            return EnumSet.of(kill ? FaultKind.POD_KILL : FaultKind.POD_DELETE);
        }

        /** {@code app=order-service}. */
        public String selector() {
            return labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
        }
    }

    /**
     * {@code nodeStop} (power off), {@code nodePause} (freeze) or {@code nodeCutOff} (cut off from the control plane) of
     * an agent for a while: {@link NodeFailure}.
     *
     * @param key the timeline key: {@code nodeStop}, {@code nodePause} or {@code nodeCutOff}
     */
    record NodeDown(String node, Duration downFor, String key) implements FaultStep {

        public NodeDown {
            if (!List.of("nodeStop", "nodePause", "nodeCutOff").contains(key)) {
                throw new IllegalArgumentException("not a node failure: " + key);
            }
        }

        /** A power-off, or with {@code pause} a freeze. */
        public NodeDown(String node, Duration downFor, boolean pause) {
            this(node, downFor, pause ? "nodePause" : "nodeStop");
        }

        @Override
        public Fault toFault(String namespace) {
            return switch (key) {
                case "nodePause" -> NodeFailure.pause(node, downFor);
                case "nodeCutOff" -> NodeFailure.cutOff(node, downFor);
                default -> NodeFailure.stop(node, downFor);
            };
        }

        @Override
        public Set<FaultKind> kinds() {
            return EnumSet.of(switch (key) {
                case "nodePause" -> FaultKind.NODE_PAUSE;
                case "nodeCutOff" -> FaultKind.NODE_CUT_OFF;
                default -> FaultKind.NODE_STOP;
            });
        }
    }

    /**
     * {@code rollout: {deployment, image | env, timeout, expect}}: {@link Rollout} of every container to an image, or
     * with one environment variable set. With {@code expect: stall} ({@code expectStall}) the rollout must not complete
     * ({@link Rollout#expectingStall()}); otherwise it must.
     */
    record RollOut(String deployment, String image, String envName, String envValue, Duration timeout, boolean expectStall)
            implements FaultStep {
        @Override
        public Fault toFault(String namespace) {
            Rollout rollout = image != null ? Rollout.image(namespace, deployment, image) : Rollout.env(namespace, deployment, envName, envValue);
            rollout = rollout.withTimeout(timeout);
            return expectStall ? rollout.expectingStall() : rollout;
        }

        @Override
        public Set<FaultKind> kinds() {
            return EnumSet.of(FaultKind.ROLLOUT);
        }
    }

    /** {@code rollback: order-service}: {@link Rollback} to the previous revision. */
    record RollBack(String deployment, Duration timeout) implements FaultStep {
        @Override
        public Fault toFault(String namespace) {
            return Rollback.of(namespace, deployment).withTimeout(timeout);
        }

        @Override
        public Set<FaultKind> kinds() {
            return EnumSet.of(FaultKind.ROLLBACK);
        }
    }

    /** {@code scale: {deployment, replicas, timeout}}: {@link Scale}. */
    record ScaleTo(String deployment, int replicas, Duration timeout) implements FaultStep {
        @Override
        public Fault toFault(String namespace) {
            return Scale.to(namespace, deployment, replicas).withTimeout(timeout);
        }

        @Override
        public Set<FaultKind> kinds() {
            return EnumSet.of(FaultKind.SCALE);
        }
    }

    /**
     * {@code partition: {from, to, for, mode: drop, replicas: all, direction: outgoing}}: the pods carrying all the
     * labels cut off from the destination for a while, {@link NetworkFault#partition}; with {@code mode: reject}
     * ({@code reject}) their packets are refused at once ({@link NetworkFault#rejecting()}) instead of dropped; with
     * {@code replicas: one} ({@code onePod}) only one of them, picked with the run's seed ({@link NetworkFault#onePod()});
     * with {@code direction: both} ({@code bothWays}) what the destination sends them is stopped too
     * ({@link NetworkFault#bothWays()}).
     */
    record Partition(Map<String, String> from, DestinationSpec to, Duration duration, boolean reject, boolean onePod, boolean bothWays)
            implements FaultStep {
        public Partition {
            from = Collections.unmodifiableMap(new TreeMap<>(from));
        }

        /** On the pods' outgoing packets. */
        public Partition(Map<String, String> from, DestinationSpec to, Duration duration, boolean reject, boolean onePod) {
            this(from, to, duration, reject, onePod, false);
        }

        /** Every pod carrying the labels, on their outgoing packets. */
        public Partition(Map<String, String> from, DestinationSpec to, Duration duration, boolean reject) {
            this(from, to, duration, reject, false, false);
        }

        @Override
        public Fault toFault(String namespace) {
            NetworkFault partition = NetworkFault.partition(new PodTarget(namespace, from), to.in(namespace), duration);
            partition = reject ? partition.rejecting() : partition;
            partition = bothWays ? partition.bothWays() : partition;
            return onePod ? partition.onePod() : partition;
        }

        @Override
        public Set<FaultKind> kinds() {
            return EnumSet.of(FaultKind.NETWORK_PARTITION);
        }
    }

    /**
     * {@code packetLoss: {from, to, percent, for}}: {@code percent} % of the packets from the pods carrying all the
     * labels to the destination dropped for a while, {@link NetworkFault#packetLoss}.
     */
    record PacketLoss(Map<String, String> from, DestinationSpec to, int percent, Duration duration) implements FaultStep {
        public PacketLoss {
            from = Collections.unmodifiableMap(new TreeMap<>(from));
        }

        @Override
        public Fault toFault(String namespace) {
            return NetworkFault.packetLoss(new PodTarget(namespace, from), to.in(namespace), percent, duration);
        }

        @Override
        public Set<FaultKind> kinds() {
            return EnumSet.of(FaultKind.PACKET_LOSS);
        }
    }

    /**
     * {@code latency: {from, to, delay, jitter, for}}: every packet from the pods carrying all the labels to the
     * destination held {@code delay} (± {@code jitter}) for a while, {@link NetworkFault#latency}.
     */
    record Latency(Map<String, String> from, DestinationSpec to, Duration delay, Duration jitter, Duration duration) implements FaultStep {
        public Latency {
            from = Collections.unmodifiableMap(new TreeMap<>(from));
        }

        @Override
        public Fault toFault(String namespace) {
            return NetworkFault.latency(new PodTarget(namespace, from), to.in(namespace), delay, duration).withJitter(jitter);
        }

        @Override
        public Set<FaultKind> kinds() {
            return EnumSet.of(FaultKind.NETWORK_LATENCY);
        }
    }

    /**
     * {@code bandwidth: {from, to, rate, for}}: the packets from the pods carrying all the labels to the destination
     * limited to {@code rateKbit} kbit/s for a while, {@link BandwidthLimit}.
     */
    record Bandwidth(Map<String, String> from, DestinationSpec to, long rateKbit, Duration duration) implements FaultStep {
        public Bandwidth {
            from = Collections.unmodifiableMap(new TreeMap<>(from));
        }

        @Override
        public Fault toFault(String namespace) {
            return BandwidthLimit.of(new PodTarget(namespace, from), to.in(namespace), rateKbit, duration);
        }

        @Override
        public Set<FaultKind> kinds() {
            return EnumSet.of(FaultKind.BANDWIDTH_LIMIT);
        }
    }

    /**
     * {@code dnsFault: {from, names, answer, for}}: lookups of the names from the pods carrying all the labels answered
     * NXDOMAIN or SERVFAIL, or not at all, for a while, {@link DnsFault}.
     */
    record DnsFailure(Map<String, String> from, List<String> names, DnsFault.Answer answer, Duration duration) implements FaultStep {
        public DnsFailure {
            from = Collections.unmodifiableMap(new TreeMap<>(from));
            names = List.copyOf(names);
        }

        @Override
        public Fault toFault(String namespace) {
            PodTarget target = new PodTarget(namespace, from);
            String[] given = names.toArray(String[]::new);
            return switch (answer) {
                case NXDOMAIN -> DnsFault.nxdomain(target, duration, given);
                case SERVFAIL -> DnsFault.servfail(target, duration, given);
                case TIMEOUT -> DnsFault.timeout(target, duration, given);
            };
        }

        @Override
        public Set<FaultKind> kinds() {
            return EnumSet.of(FaultKind.DNS_FAULT);
        }
    }

    /**
     * {@code httpFault: {target, port, status | delay | reset, percent, exclude, probe, for}}: {@code percent} % of the
     * HTTP requests the pods carrying all the labels serve on {@code port} answered {@code status}, held {@code delay},
     * or reset, for a while; paths starting with an {@code exclude} prefix always pass, {@link HttpFault}.
     */
    record HttpDisruption(Map<String, String> target, int port, Effect effect, int percent, List<String> exclude, String probe,
                          Duration duration) implements FaultStep {
        public HttpDisruption {
            target = Collections.unmodifiableMap(new TreeMap<>(target));
            exclude = List.copyOf(exclude);
        }

        /** Exactly one of: an error status (not 0), a delay (not zero), a reset. */
        public record Effect(int status, Duration delay, boolean reset) {
        }

        @Override
        public Fault toFault(String namespace) {
            PodTarget pods = new PodTarget(namespace, target);
            HttpFault fault = effect.reset() ? HttpFault.reset(pods, port, percent, duration)
                    : effect.status() != 0 ? HttpFault.abort(pods, port, effect.status(), percent, duration)
                    : HttpFault.delay(pods, port, effect.delay(), percent, duration);
            return fault.excluding(exclude.toArray(String[]::new)).probing(probe);
        }

        @Override
        public Set<FaultKind> kinds() {
            return EnumSet.of(FaultKind.HTTP_FAULT);
        }
    }
}
