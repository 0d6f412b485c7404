package dev.unshaken.chaos;

import dev.unshaken.fixtures.cluster.Machines;
import dev.unshaken.chaos.FaultedPods.Victim;
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
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Cuts the pods of a {@link PodTarget} off from a {@link Destination} for a while, drops a share of their packets to it,
 * or delays them: what a dependency that hangs, refuses, loses packets or is slow looks like to its callers. Every pod of the target
 * running when the fault starts is hit (a service cut off from its database), or one of them ({@link #onePod()}: a
 * replica cut off while the others serve), each in its own network namespace, entered from its node: nothing else on
 * the node or in the cluster sees a change.
 *
 * <p>It proves it took effect, or fails as a fault ({@link FaultFailedException}) and leaves nothing behind:
 * <ul>
 *   <li>before: the kernel's configuration says which mechanism carries it ({@link NetworkMechanisms}), and a fault no
 *       mechanism can carry is refused before anything changes; a TCP connect from the first pod to the destination
 *       must succeed (cutting off what was already unreachable proves nothing);</li>
 *   <li>during: the same connect must now time out (drop), be refused (reject), or take at least the delay (latency);
 *       for a partition {@link #bothWays() both ways}, a second connect whose own packets are let out must time out too,
 *       and the incoming rules' counter must show the destination's answers stopped at the pod;</li>
 *   <li>at the end: the rules' packet counters say how many packets were dropped and, for packet loss, let through (the
 *       measured loss); a fault that acted on no packet at all had no effect and fails;</li>
 *   <li>after: the rules are removed (also when anything above fails, or the thread is interrupted) and the connect
 *       must succeed again.</li>
 * </ul>
 * Each of these is journaled with the fault. Pods that start during the fault (a restart elsewhere, a scale-out) are
 * not hit. Needs a cluster whose machines Unshaken reaches ({@link Machines}); an existing cluster would need an agent
 * with {@code NET_ADMIN} in the pods, which Unshaken does not deploy.
 *
 * <pre>{@code
 * var orders = PodTarget.labelled("shop", "app", "order-service");
 * faults.after(ofSeconds(20), NetworkFault.partition(orders, Destination.service("shop", "payment-service"), ofSeconds(20)));
 * }</pre>
 */
public final class NetworkFault extends PodNetworkFault {

    private static final int PROBE_TIMEOUT_SECONDS = 2;

    private final PodTarget from;
    private final Destination to;
    private final PodNetworkRules.Effect effect;
    private final int lossPercent;
    private final Duration delay;
    private final Duration jitter;
    private final Duration duration;
    private final boolean onePod;
    private final boolean bothWays;

    private NetworkFault(PodTarget from, Destination to, PodNetworkRules.Effect effect, int lossPercent, Duration delay, Duration jitter,
                         Duration duration, boolean onePod, boolean bothWays) {
        super("a network fault", "it changes the pods' network from their nodes (iptables rules in their network namespace)");
        this.onePod = onePod;
        this.bothWays = bothWays;
        this.delay = Objects.requireNonNull(delay, "delay");
        this.jitter = Objects.requireNonNull(jitter, "jitter");
        this.from = Objects.requireNonNull(from, "from");
        this.to = Objects.requireNonNull(to, "to");
        this.effect = effect;
        this.lossPercent = lossPercent;
        this.duration = Objects.requireNonNull(duration, "duration");
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("a network fault needs a positive duration, got " + duration);
        }
        if (effect == PodNetworkRules.Effect.LOSS && (lossPercent < 1 || lossPercent > 100)) {
            throw new IllegalArgumentException("packet loss of " + lossPercent + " %: expected 1..100");
        }
        if (effect == PodNetworkRules.Effect.DELAY && (delay.toMillis() < 1 || delay.compareTo(Delayer.LONGEST_DELAY) > 0)) {
            throw new IllegalArgumentException("a delay of " + delay.toMillis() + " ms: expected 1 ms up to " + Delayer.LONGEST_DELAY.toSeconds() + " s");
        }
        if (jitter.isNegative() || jitter.compareTo(delay) > 0) {
            throw new IllegalArgumentException("a jitter of " + jitter.toMillis() + " ms: expected 0 up to the delay (" + delay.toMillis() + " ms)");
        }
    }

    /** The target's pods cannot reach the destination for {@code duration}: their packets are dropped, so callers wait for their own timeouts. */
    public static NetworkFault partition(PodTarget from, Destination to, Duration duration) {
        return new NetworkFault(from, to, PodNetworkRules.Effect.DROP, 100, Duration.ZERO, Duration.ZERO, duration, false, false);
    }

    /** {@code percent} % of the target's packets to the destination are dropped for {@code duration}, at random. */
    public static NetworkFault packetLoss(PodTarget from, Destination to, int percent, Duration duration) {
        return new NetworkFault(from, to, PodNetworkRules.Effect.LOSS, percent, Duration.ZERO, Duration.ZERO, duration, false, false);
    }

    /**
     * Every packet from the target's pods to the destination is held {@code delay} before it leaves, for
     * {@code duration}: a slow dependency (or a slow network to it). The delay is one way, on the pods' outgoing
     * packets, so a request on an open connection takes at least {@code delay} longer, and a new connection's handshake
     * as well. Carried by iptables' NFQUEUE and the node binary's {@code netdelay}, not {@code sch_netem}.
     */
    public static NetworkFault latency(PodTarget from, Destination to, Duration delay, Duration duration) {
        return new NetworkFault(from, to, PodNetworkRules.Effect.DELAY, 100, delay, Duration.ZERO, duration, false, false);
    }

    /** This latency, each packet's delay varied at random (uniformly) by up to {@code jitter} either way. */
    public NetworkFault withJitter(Duration jitter) {
        if (effect != PodNetworkRules.Effect.DELAY) {
            throw new IllegalStateException("only added latency has a jitter");
        }
        return new NetworkFault(from, to, effect, lossPercent, delay, jitter, duration, onePod, bothWays);
    }

    /** This partition, with packets refused (TCP reset, ICMP port unreachable) instead of dropped: callers fail at once. */
    public NetworkFault rejecting() {
        if (effect != PodNetworkRules.Effect.DROP) {
            throw new IllegalStateException("only a partition can reject packets; this fault " + (effect == PodNetworkRules.Effect.LOSS
                    ? "drops a share of them" : "delays them"));
        }
        return new NetworkFault(from, to, PodNetworkRules.Effect.REJECT, 100, delay, jitter, duration, onePod, bothWays);
    }

    /**
     * This fault, on one pod of the target only, picked with the run's seeded random source among the running ones
     * (ready ones preferred): one replica that lost its database, while the others serve.
     */
    public NetworkFault onePod() {
        return new NetworkFault(from, to, effect, lossPercent, delay, jitter, duration, true, bothWays);
    }

    /**
     * This partition, both ways: besides the pods' packets to the destination, what the destination's addresses send
     * to the pods (on any port) is dropped, or refused, at the pods. A partition of the pods' outgoing packets alone
     * already breaks every TCP connection in either direction, since each needs both sides' packets; both ways also
     * stops datagrams and anything else the destination sends, and its proof shows the destination's own packets being
     * stopped: a connect whose packets are let out must time out because the answer never arrives.
     */
    public NetworkFault bothWays() {
        if (effect != PodNetworkRules.Effect.DROP && effect != PodNetworkRules.Effect.REJECT) {
            throw new IllegalStateException("only a partition acts both ways; " + (effect == PodNetworkRules.Effect.LOSS
                    ? "packet loss" : "added latency") + " acts on the pods' outgoing packets");
        }
        return new NetworkFault(from, to, effect, lossPercent, delay, jitter, duration, onePod, true);
    }

    @Override
    public String describe() {
        String pods = (onePod ? "one pod" : "the pods") + " labelled " + from.selector() + " in " + from.namespace();
        return switch (effect) {
            case DROP -> "partition (packets dropped" + ways() + ") of " + pods + " from " + to.describe() + " for " + duration.toSeconds() + " s";
            case REJECT -> "partition (packets rejected" + ways() + ") of " + pods + " from " + to.describe() + " for " + duration.toSeconds() + " s";
            case LOSS -> lossPercent + " % packet loss from " + pods + " to " + to.describe() + " for " + duration.toSeconds() + " s";
            case DELAY -> describeDelay() + " latency from " + pods + " to " + to.describe() + " for " + duration.toSeconds() + " s";
        };
    }

    private String ways() {
        return bothWays ? ", both ways" : "";
    }

    private String describeDelay() {
        return delay.toMillis() + " ms" + (jitter.isZero() ? "" : " ± " + jitter.toMillis() + " ms");
    }

    private FaultKind kind() {
        return switch (effect) {
            case LOSS -> FaultKind.PACKET_LOSS;
            case DELAY -> FaultKind.NETWORK_LATENCY;
            default -> FaultKind.NETWORK_PARTITION;
        };
    }

    @Override
    NetworkMechanisms.Mechanism mechanism(NetworkMechanisms offered) {
        return switch (effect) {
            case LOSS -> offered.packetLoss();
            case DELAY -> offered.latency();
            default -> offered.partition(effect == PodNetworkRules.Effect.REJECT);
        };
    }

    @Override
    public void inject(FaultContext context) {
        var mechanism = checkedMechanism(context);
        Machines machines = machines(context);
        List<Victim> victims = FaultedPods.running(context, from, onePod);
        List<Destination.Match> matches = to.resolve(context);
        Optional<Destination.Match> probe = to.probe(matches, context);
        Victim prober = victims.getFirst();
        Optional<Probe> before = probe.map(target -> Probe.run(machines, prober, target, 0, PROBE_TIMEOUT_SECONDS));
        before.filter(p -> !p.connected()).ifPresent(p -> {
            throw new FaultFailedException("before the fault, pod " + prober.name() + " could not connect to " + probe.get() + " ("
                    + p.describe() + "): cutting off what is already unreachable proves nothing");
        });

        Map<String, String> startDetails = FaultContext.details(
                "selector", from.selector(),
                "pods", victims.stream().map(v -> v.name() + "@" + v.node()).collect(Collectors.joining(",")),
                "destination", to.describe(),
                "addresses", matches.stream().map(Destination.Match::toString).collect(Collectors.joining(",")),
                "effect", effect.name().toLowerCase(Locale.ROOT),
                "mechanism", mechanism.description(),
                "duration", duration.toSeconds() + "s");
        if (effect == PodNetworkRules.Effect.LOSS) {
            startDetails.put("lossPercent", Integer.toString(lossPercent));
        }
        if (kind() == FaultKind.NETWORK_PARTITION) {
            startDetails.put("direction", bothWays ? "both" : "outgoing");
        }
        if (effect == PodNetworkRules.Effect.DELAY) {
            startDetails.put("delayMs", Long.toString(delay.toMillis()));
            startDetails.put("jitterMs", Long.toString(jitter.toMillis()));
        }
        before.ifPresent(p -> startDetails.put("probeBefore", p.describe()));
        if (onePod) {
            startDetails.put("seed", Long.toString(context.seed()));
        }
        String target = onePod ? from.namespace() + "/pod/" + prober.name() : from.namespace() + "/" + from.selector();
        var running = context.start(kind(), target, startDetails);
        var rules = new PodNetworkRules(ObjectLabels.runId(), running.id(), effect, lossPercent, matches, bothWays);
        List<Victim> installed = new ArrayList<>();
        List<Delayer> delayers = new ArrayList<>();
        Map<String, String> endDetails = new LinkedHashMap<>();
        running.runThenUndo(endDetails, () -> {
            long deadline = System.nanoTime() + duration.toNanos();
            for (Victim victim : victims) {
                if (effect == PodNetworkRules.Effect.DELAY) {
                    // The delayer first: until it holds the queue, --queue-bypass lets the packets through undelayed.
                    var delayer = new Delayer(machines, victim.name(), victim.node(), victim.containerId(), rules);
                    delayers.add(delayer);
                    delayer.start(delay, jitter, duration.plus(Delayer.OUTLIVES_FAULT_BY));
                }
                installed.add(victim);
                var result = machines.inNetworkOf(victim.node(), victim.containerId(), FaultedPods.shell(rules.install(), " && "));
                if (!result.succeeded()) {
                    throw new FaultFailedException("installing the rules in pod " + victim.name() + "'s network namespace on "
                            + victim.node() + " failed: " + result.describe());
                }
            }
            endDetails.put("chain", rules.chain());
            if (probe.isPresent()) {
                Probe during = Probe.run(machines, prober, probe.get(), 1, probeTimeoutDuringSeconds());
                endDetails.put("probeDuring", during.describe());
                boolean tookEffect = switch (effect) {
                    case DROP -> during.timedOut();
                    case DELAY -> during.connected() && during.millis() >= shortestDelayProven().toMillis();
                    default -> during.refused();
                };
                if (!tookEffect) {
                    endDetails.put("outcome", "no-effect");
                    throw new FaultFailedException("the fault did not take effect: with the rules in place, a connect from pod " + prober.name()
                            + " to " + probe.get() + " " + during.describe() + " instead of " + switch (effect) {
                                case DROP -> "timing out";
                                case DELAY -> "connecting after at least " + shortestDelayProven().toMillis() + " ms";
                                default -> "being refused";
                            });
                }
                if (bothWays) {
                    // Its own packets are let out; only the incoming chain can stop the destination's answer.
                    Probe incoming = Probe.run(machines, prober, probe.get(), PodNetworkRules.PROBE_SOURCE_PORTS, PROBE_TIMEOUT_SECONDS);
                    endDetails.put("probeIncoming", incoming.describe());
                    var listing = machines.inNetworkOf(prober.node(), prober.containerId(), rules.listIncomingCounters());
                    long answersStopped = listing.succeeded() ? PodNetworkRules.parseCounters(listing.stdout()).probe() : 0;
                    endDetails.put("probeIncomingStopped", Long.toString(answersStopped));
                    if (!incoming.timedOut() || answersStopped == 0) {
                        endDetails.put("outcome", "no-effect");
                        throw new FaultFailedException("the fault did not take effect on the destination's packets: a connect from pod "
                                + prober.name() + " to " + probe.get() + " whose own packets were let out " + incoming.describe()
                                + " and the incoming rules stopped " + answersStopped + " of its answers, instead of timing out because"
                                + " they stopped the destination's answer" + (listing.succeeded() ? "" : " (" + listing.describe() + ")"));
                    }
                }
            }
            FaultContext.sleep(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            PodNetworkRules.Counters counters = new PodNetworkRules.Counters(0, 0, 0);
            for (Victim victim : victims) {
                var listing = machines.inNetworkOf(victim.node(), victim.containerId(), rules.listCounters());
                if (!listing.succeeded()) {
                    throw new FaultFailedException("reading the rules' counters in pod " + victim.name() + " failed: " + listing.describe()
                            + "; were they removed by someone else?");
                }
                counters = counters.plus(PodNetworkRules.parseCounters(listing.stdout()));
            }
            endDetails.put(effect == PodNetworkRules.Effect.DELAY ? "delayedPackets" : "droppedPackets", Long.toString(counters.dropped()));
            long incomingStopped = 0;
            if (bothWays) {
                for (Victim victim : victims) {
                    var listing = machines.inNetworkOf(victim.node(), victim.containerId(), rules.listIncomingCounters());
                    if (!listing.succeeded()) {
                        throw new FaultFailedException("reading the incoming rules' counters in pod " + victim.name() + " failed: "
                                + listing.describe() + "; were they removed by someone else?");
                    }
                    incomingStopped += PodNetworkRules.parseCounters(listing.stdout()).dropped();
                }
                endDetails.put("droppedIncomingPackets", Long.toString(incomingStopped));
            }
            if (probe.isPresent()) {
                endDetails.put("probePackets", Long.toString(counters.probe()));
            }
            if (effect == PodNetworkRules.Effect.LOSS) {
                endDetails.put("passedPackets", Long.toString(counters.passed()));
                counters.lossPercent().ifPresent(percent -> endDetails.put("measuredLossPercent", percent));
            }
            endDetails.put(FaultEvent.MEASURED_EFFECT, measuredEffect(counters, endDetails.get("probeDuring"))
                    + (bothWays ? "; " + incomingStopped + " of the destination's packets to them " + actedOn() : ""));
            if (counters.dropped() == 0 && incomingStopped == 0 && probe.isEmpty()) {
                // Without a probe the workload's packets are the only proof; with one, the probe proved the cut, and a
                // workload that sent nothing is for the verdicts to call inconclusive (droppedPackets=0).
                endDetails.put("outcome", "no-effect");
                throw new FaultFailedException("the fault had no effect: no packet from the pods labelled " + from.selector() + " to " + to.describe() + " ("
                        + startDetails.get("addresses") + ") was " + actedOn()
                        + " in " + duration.toSeconds() + " s" + (effect == PodNetworkRules.Effect.LOSS ? " (" + counters.passed()
                        + " passed): too little traffic, or too low a loss, to lose any" : ": did they send anything to it?"));
            }
        }, () -> {
            String left = remove(machines, rules, installed);
            if (!left.isEmpty()) {
                endDetails.put("rulesLeft", left);
            }
            if (!delayers.isEmpty()) {
                endDetails.putAll(Delayer.stopAll(delayers));
                String meanHeld = endDetails.get("meanHeldMs");
                if (meanHeld != null) {
                    endDetails.computeIfPresent(FaultEvent.MEASURED_EFFECT, (key, line) -> line + "; packets held " + meanHeld + " ms on average");
                }
            }
            if (probe.isPresent() && left.isEmpty() && !installed.isEmpty()) {
                try {
                    endDetails.put("probeAfter", Probe.run(machines, prober, probe.get(), 2, PROBE_TIMEOUT_SECONDS).describe());
                } catch (RuntimeException e) {
                    endDetails.put("probeAfter", "not run: " + e.getMessage());
                }
            }
        });
    }

    /** One line for the report: what the fault was seen to do. */
    private String measuredEffect(PodNetworkRules.Counters counters, String probeDuring) {
        String verb = actedOn();
        String packets = effect == PodNetworkRules.Effect.LOSS
                ? counters.dropped() + " of " + counters.seen() + " packets dropped"
                + counters.lossPercent().map(percent -> " (" + percent + " %, asked " + lossPercent + " %)").orElse("")
                : counters.dropped() + " of the pods' packets " + verb;
        return packets + (probeDuring == null ? "" : "; a connect during the fault " + probeDuring.replaceFirst(" \\(.*", ""));
    }

    /** What the rules did to a packet, for messages. */
    private String actedOn() {
        return switch (effect) {
            case REJECT -> "rejected";
            case DELAY -> "delayed (" + describeDelay() + ")";
            default -> "dropped";
        };
    }

    /**
     * The least a connect during the fault must take to prove the delay: its SYN waits at least the delay less the
     * jitter; a tenth less again for the clocks' granularity.
     */
    private Duration shortestDelayProven() {
        return delay.minus(jitter).multipliedBy(9).dividedBy(10);
    }

    /** How long the probe during the fault waits: for a delay, past the longest one a SYN can get. */
    private int probeTimeoutDuringSeconds() {
        return effect == PodNetworkRules.Effect.DELAY
                ? (int) delay.plus(jitter).toSeconds() + PROBE_TIMEOUT_SECONDS + 1 : PROBE_TIMEOUT_SECONDS;
    }

    /** Removes the rules from every pod they were installed in; returns the pods where they could not be, with why. */
    private static String remove(Machines machines, PodNetworkRules rules, List<Victim> installed) {
        List<String> left = new ArrayList<>();
        for (Victim victim : installed) {
            try {
                machines.inNetworkOf(victim.node(), victim.containerId(), FaultedPods.shell(rules.remove(), "; "));
                var check = machines.inNetworkOf(victim.node(), victim.containerId(), List.of("iptables", "-w", "5", "-S"));
                if (!check.succeeded() || check.stdout().contains(rules.chain())) {
                    left.add(victim.name() + " (" + (check.succeeded() ? "chain " + rules.chain() + " still there" : check.describe()) + ")");
                }
            } catch (RuntimeException e) {
                // The pod (or its container) is gone, and its network namespace with it, unless this is another error.
                left.add(victim.name() + " (" + e.getMessage() + ")");
            }
        }
        return String.join("; ", left);
    }

    /** A TCP connect from a pod's network namespace, and how it ended. */
    record Probe(int exitCode, long millis, String message, int timeoutSeconds) {

        static Probe run(Machines machines, Victim from, Destination.Match target, int attempt, int timeoutSeconds) {
            String script = "s=$(date +%s%N); out=$(socat -u /dev/null TCP4:" + target.host() + ":" + target.port() + ",connect-timeout="
                    + timeoutSeconds + ",sourceport=" + (PodNetworkRules.PROBE_SOURCE_PORT + attempt) + " 2>&1); rc=$?; e=$(date +%s%N); echo \"$rc $(( (e - s) / 1000000 ))\"; echo \"$out\" >&2";
            var result = machines.inNetworkOf(from.node(), from.containerId(), List.of("sh", "-c", script));
            String[] fields = result.stdout().strip().split("\\s+");
            if (fields.length < 2) {
                throw new FaultFailedException("the connect probe from pod " + from.name() + " did not run: " + result.describe());
            }
            return new Probe(Integer.parseInt(fields[0]), Long.parseLong(fields[1]), result.stderr().strip(), timeoutSeconds);
        }

        boolean connected() {
            return exitCode == 0;
        }

        boolean timedOut() {
            return !connected() && (message.toLowerCase(Locale.ROOT).contains("timed out") || millis >= timeoutSeconds * 1000L);
        }

        boolean refused() {
            String lower = message.toLowerCase(Locale.ROOT);
            return !connected() && (lower.contains("refused") || lower.contains("reset")) && !timedOut();
        }

        String describe() {
            if (connected()) {
                return "connected in " + millis + " ms";
            }
            String reason = timedOut() ? "timed out" : refused() ? "was refused" : "failed";
            String detail = message.isBlank() ? "" : " (" + message.lines().reduce((a, b) -> b).orElse("").replaceFirst("^.*E ", "") + ")";
            return reason + " after " + millis + " ms" + detail;
        }
    }
}
