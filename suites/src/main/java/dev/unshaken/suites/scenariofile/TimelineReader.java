package dev.unshaken.suites.scenariofile;

import dev.unshaken.chaos.Destination;
import dev.unshaken.chaos.DnsFault;
import dev.unshaken.chaos.NodeFailure;
import dev.unshaken.fixtures.stack.Stack;
import dev.unshaken.journal.FaultKind;
import dev.unshaken.suites.scenariofile.ScenarioFile.TimedFault;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static dev.unshaken.suites.scenariofile.YamlMapping.allPresent;

/** Reads the {@code faults:} list of a scenario file into its timeline, checking each fault's target and time. */
final class TimelineReader {

    /** The fault keys of a timeline entry, one per entry. */
    static final List<String> FAULTS = List.of("drain", "uncordon", "delete", "kill", "nodeStop", "nodePause", "nodeCutOff", "rollout", "rollback", "scale",
            "partition", "packetLoss", "latency", "bandwidth", "dnsFault", "httpFault");
    static final List<String> ENTRY_KEYS = Stream.concat(Stream.of("at"), FAULTS.stream()).toList();
    static final List<String> DRAIN_KEYS = List.of("node", "timeout", "retryEvery", "uncordon");
    /** The longest {@code timeout} a fault may be given. */
    static final Duration LONGEST_FAULT_TIMEOUT = Duration.ofMinutes(30);
    static final List<String> DELETE_KEYS = List.of("target", "count", "whenInFlight");
    static final List<String> KILL_KEYS = List.of("target", "count", "signal");
    static final List<String> NODE_DOWN_KEYS = List.of("node", "for");
    static final List<String> ROLLOUT_KEYS = List.of("deployment", "image", "env", "timeout", "expect");
    static final List<String> ROLLBACK_KEYS = List.of("deployment", "timeout");
    static final List<String> SCALE_KEYS = List.of("deployment", "replicas", "timeout");
    static final List<String> PARTITION_KEYS = List.of("from", "to", "for", "mode", "replicas", "direction");
    static final List<String> PACKET_LOSS_KEYS = List.of("from", "to", "percent", "for");
    static final List<String> LATENCY_KEYS = List.of("from", "to", "delay", "jitter", "for");
    static final List<String> BANDWIDTH_KEYS = List.of("from", "to", "rate", "for");
    /** A bandwidth: a whole number of kbit or mbit per second. */
    private static final Pattern RATE = Pattern.compile("(\\d{1,7})\\s*(kbit|mbit)");
    static final List<String> DNS_FAULT_KEYS = List.of("from", "names", "answer", "for");
    static final List<String> HTTP_FAULT_KEYS = List.of("target", "port", "status", "delay", "reset", "percent", "exclude", "probe", "for");
    /** What an HTTP fault does to the requests it disrupts: exactly one of these keys. */
    static final List<String> HTTP_EFFECTS = List.of("status", "delay", "reset");
    /** A DNS name as the pods look it up: letters, digits and hyphens in dot-separated labels. */
    private static final Pattern DNS_NAME = Pattern.compile(
            "[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\\.?");
    /** The longest delay a latency fault may add to a packet. */
    static final Duration LONGEST_DELAY = Duration.ofSeconds(60);
    /** The kinds of destination of a network fault's {@code to}, one per fault. */
    static final List<String> DESTINATIONS = List.of("service", "pods", "cidr", "dns");
    static final List<String> DESTINATION_KEYS = Stream.concat(DESTINATIONS.stream(), Stream.of("port")).toList();

    private final Targets targets;
    private final Duration loadDuration;
    private final boolean shop;
    private final List<TimedFault> timeline = new ArrayList<>();
    private final Set<FaultKind> kinds = EnumSet.noneOf(FaultKind.class);
    private boolean deletesWhenInFlight;

    /**
     * @param loadDuration how long the load runs, or null when the load section is invalid (already reported)
     * @param shop         whether the stack is the reference shop (whose image versions are known)
     */
    TimelineReader(Targets targets, Duration loadDuration, boolean shop) {
        this.targets = targets;
        this.loadDuration = loadDuration;
        this.shop = shop;
    }

    List<TimedFault> timeline() {
        return timeline;
    }

    /** Whether a {@code delete} of the timeline waits for requests in flight ({@code whenInFlight}). */
    boolean deletesWhenInFlight() {
        return deletesWhenInFlight;
    }

    /** The kinds of fault events the timeline journals, valid or not: verdicts are checked against what was meant. */
    Set<FaultKind> kinds() {
        return kinds;
    }

    void read(YamlValue faults) {
        faults.list().ifPresent(items -> items.forEach(this::readEntry));
    }

    private void readEntry(YamlValue item) {
        Optional<YamlMapping> read = item.mapping(ENTRY_KEYS);
        if (read.isEmpty()) {
            return;
        }
        YamlMapping entry = read.get();
        Optional<Duration> at = entry.require("at", "when the fault starts, counted from the first journey, e.g. at: 30s")
                .flatMap(YamlValue::duration);
        at.filter(t -> loadDuration != null && t.compareTo(loadDuration) >= 0).ifPresent(t -> entry.get("at").orElseThrow().problem(
                item.where() + ".at: the fault starts at " + DurationText.format(t) + ", but the load ends at "
                        + DurationText.format(loadDuration) + " (the sum of load.rates): start it earlier or lengthen the load"));
        List<String> given = entry.keys().stream().filter(FAULTS::contains).toList();
        if (given.isEmpty()) {
            entry.self().problem(item.where() + ": expected one fault (" + String.join(", ", FAULTS) + ") besides 'at'");
            return;
        }
        if (given.size() > 1) {
            item.problems().add(entry.keyNode(given.get(1)), item.where() + ": one fault per entry, found " + String.join(" and ", given)
                    + "; write each as its own entry with its own 'at'");
            return;
        }
        String fault = given.getFirst();
        YamlValue value = entry.get(fault).orElseThrow();
        Optional<FaultStep> step = switch (fault) {
            case "drain" -> drain(value);
            case "uncordon" -> targets.node(value, false, "uncordon").map(FaultStep.Uncordon::new);
            case "delete" -> deletePods(value, false);
            case "kill" -> deletePods(value, true);
            case "nodeStop", "nodePause", "nodeCutOff" -> nodeDown(value, fault, at);
            case "rollout" -> rollout(value);
            case "rollback" -> rollback(value);
            case "scale" -> scale(value);
            case "partition" -> network(value, fault, at);
            case "packetLoss" -> network(value, fault, at);
            case "latency" -> network(value, fault, at);
            case "bandwidth" -> network(value, fault, at);
            case "dnsFault" -> dnsFault(value, at);
            default -> httpFault(value, at);
        };
        kinds.addAll(step.map(FaultStep::kinds).orElseGet(() -> meantKinds(fault)));
        if (step.isPresent() && at.isPresent()) {
            timeline.add(new TimedFault(at.get(), step.get(), item.node().getStartMark().getLine() + 1));
        }
    }

    /** The kinds a fault entry journals, from its key alone: an invalid fault must not also fail every verdict on it. */
    private static Set<FaultKind> meantKinds(String fault) {
        return switch (fault) {
            case "drain" -> EnumSet.of(FaultKind.NODE_DRAIN, FaultKind.NODE_UNCORDON);
            case "uncordon" -> EnumSet.of(FaultKind.NODE_UNCORDON);
            case "delete" -> EnumSet.of(FaultKind.POD_DELETE);
            case "kill" -> EnumSet.of(FaultKind.POD_KILL);
            case "nodeStop" -> EnumSet.of(FaultKind.NODE_STOP);
            case "nodePause" -> EnumSet.of(FaultKind.NODE_PAUSE);
            case "nodeCutOff" -> EnumSet.of(FaultKind.NODE_CUT_OFF);
            case "rollout" -> EnumSet.of(FaultKind.ROLLOUT);
            case "rollback" -> EnumSet.of(FaultKind.ROLLBACK);
            case "scale" -> EnumSet.of(FaultKind.SCALE);
            case "partition" -> EnumSet.of(FaultKind.NETWORK_PARTITION);
            case "packetLoss" -> EnumSet.of(FaultKind.PACKET_LOSS);
            case "latency" -> EnumSet.of(FaultKind.NETWORK_LATENCY);
            case "bandwidth" -> EnumSet.of(FaultKind.BANDWIDTH_LIMIT);
            case "dnsFault" -> EnumSet.of(FaultKind.DNS_FAULT);
            default -> EnumSet.of(FaultKind.HTTP_FAULT);
        };
    }

    /**
     * A fault's {@code timeout}: positive, and at most {@link #LONGEST_FAULT_TIMEOUT}, so a typo (5h for 5m) cannot
     * hold a staging cluster's node cordoned or a rollout open for hours.
     */
    private static Optional<Duration> timeout(YamlValue value, String whyPositive) {
        return value.positiveDurationAtMost(LONGEST_FAULT_TIMEOUT, whyPositive,
                "a fault that has not finished by then is stuck, and the run fails it rather than wait on");
    }

    private Optional<FaultStep> drain(YamlValue value) {
        if (value.isScalar()) {
            return targets.node(value, false, "drain").map(node -> new FaultStep.Drain(node, Duration.ofMinutes(3), Duration.ofSeconds(5), true));
        }
        return value.mapping(DRAIN_KEYS).flatMap(drain -> {
            Optional<String> node = drain.require("node", "the node to drain, e.g. agent-1").flatMap(v -> targets.node(v, false, "drain"));
            Optional<Duration> timeout = drain.getOr("timeout", Duration.ofMinutes(3), v -> timeout(v, "the drain would give up at once"));
            Optional<Duration> retry = drain.getOr("retryEvery", Duration.ofSeconds(5), v -> v.positiveDurationAtMost(Duration.ofMinutes(1),
                    "refused evictions are retried after it", "kubectl retries every 5 s; a longer pause only hides how soon a budget lets go"));
            Optional<Boolean> uncordon = drain.getOr("uncordon", true, YamlValue::bool);
            return allPresent(node, timeout, retry, uncordon)
                    ? Optional.of(new FaultStep.Drain(node.get(), timeout.get(), retry.get(), uncordon.get())) : Optional.empty();
        });
    }

    private Optional<FaultStep> deletePods(YamlValue value, boolean kill) {
        if (value.isScalar()) {
            return targets.podLabels(value).map(labels -> new FaultStep.DeletePods(labels, 1, kill));
        }
        String fault = kill ? "kill" : "delete";
        return value.mapping(kill ? KILL_KEYS : DELETE_KEYS).flatMap(delete -> {
            Optional<Map<String, String>> labels = delete.require("target", "the pods' labels, e.g. target: app=order-service")
                    .flatMap(targets::podLabels);
            Optional<Integer> count = delete.getOr("count", 1, v -> v.wholeNumber(1, Integer.MAX_VALUE, "pods to " + fault + ", one after another"));
            if (labels.isPresent() && count.isPresent()) {
                targets.podsCarrying(labels.get()).filter(pods -> count.get() > pods).ifPresent(pods -> delete.get("count").orElseThrow()
                        .problem(value.where() + ".count: " + count.get() + " pods to " + fault + ", but " + targets.stack() + " runs only "
                                + pods + (pods == 1 ? " pod" : " pods") + " labelled " + new FaultStep.DeletePods(labels.get(), 1, kill).selector()));
            }
            Optional<Boolean> sigkill = delete.getOr("signal", true, TimelineReader::sigkill);
            Optional<Integer> whenInFlight = delete.getOr("whenInFlight", 0, v -> v.wholeNumber(1, 1000,
                    "requests in flight on a pod before it is deleted, read from its http_requests_in_flight gauge"));
            whenInFlight.filter(n -> n > 0).ifPresent(n -> deletesWhenInFlight = true);
            return allPresent(labels, count, sigkill, whenInFlight)
                    ? Optional.of(new FaultStep.DeletePods(labels.get(), count.get(), kill && sigkill.get(), whenInFlight.get())) : Optional.empty();
        });
    }

    /** {@code signal: SIGKILL} (grace period 0) is true, {@code SIGTERM} (a graceful delete) false. */
    private static Optional<Boolean> sigkill(YamlValue signal) {
        return signal.either("SIGKILL", "SIGTERM", "SIGKILL (grace period 0) or SIGTERM (a graceful delete: preStop,"
                + " SIGTERM, SIGKILL at the grace deadline)");
    }

    private Optional<FaultStep> nodeDown(YamlValue value, String fault, Optional<Duration> at) {
        String what = switch (fault) {
            case "nodePause" -> "the agent whose machine freezes";
            case "nodeCutOff" -> "the agent cut off from the control plane";
            default -> "the agent whose machine powers off";
        };
        return value.mapping(NODE_DOWN_KEYS).flatMap(down -> {
            Optional<String> node = down.require("node", what + ", e.g. agent-1")
                    .flatMap(v -> targets.node(v, true, fault));
            Optional<Duration> downFor = down.require("for", "how long the node stays down, e.g. for: 30s")
                    .flatMap(v -> v.positiveDuration("the node would not go down").filter(d -> {
                        if (d.compareTo(NodeFailure.SHORTEST) >= 0) {
                            return true;
                        }
                        v.problem(v.where() + ": expected at least " + DurationText.format(NodeFailure.SHORTEST) + ", got " + DurationText.format(d)
                                + " (a node failure proves it took effect by a missed Lease renewal, and kubelets renew every 10 s)");
                        return false;
                    }));
            requireLoadAfter(down, at, downFor, "the node is down");
            return allPresent(node, downFor) ? Optional.of(new FaultStep.NodeDown(node.get(), downFor.get(), fault)) : Optional.empty();
        });
    }

    /**
     * A fault that lasts {@code lasts} from {@code at} ({@code what}: how its message says so) must end before the load
     * does: the verdicts judge how the stack came through by the requests after it.
     */
    private void requireLoadAfter(YamlMapping fault, Optional<Duration> at, Optional<Duration> lasts, String what) {
        if (at.isPresent() && lasts.isPresent() && loadDuration != null && at.get().compareTo(loadDuration) < 0
                && at.get().plus(lasts.get()).compareTo(loadDuration) > 0) {
            fault.get("for").orElseThrow().problem(fault.self().where() + ".for: " + what + " from " + DurationText.format(at.get())
                    + " to " + DurationText.format(at.get().plus(lasts.get())) + ", but the load ends at "
                    + DurationText.format(loadDuration) + ": nothing would show how the stack came through; lengthen the load");
        }
    }

    /**
     * {@code partition}, {@code packetLoss} or {@code latency} (the {@code fault}): pods of the stack cut off from a
     * destination, losing packets to it, or slowed on the way to it, for a while.
     */
    private Optional<FaultStep> network(YamlValue value, String fault, Optional<Duration> at) {
        boolean loss = fault.equals("packetLoss");
        List<String> keys = switch (fault) {
            case "packetLoss" -> PACKET_LOSS_KEYS;
            case "latency" -> LATENCY_KEYS;
            case "bandwidth" -> BANDWIDTH_KEYS;
            default -> PARTITION_KEYS;
        };
        return value.mapping(keys).flatMap(network -> {
            boolean reachable = targets.reachesMachines(value, fault + " changes the pods' network from their nodes", "use cluster.agents");
            Optional<Map<String, String>> from = network
                    .require("from", "the labels of the pods whose traffic is cut, e.g. from: app=order-service")
                    .flatMap(targets::podLabels);
            Optional<DestinationSpec> to = network.require("to", "where that traffic goes, e.g. to: {service: payment-service}")
                    .flatMap(this::destination);
            Optional<Duration> lasts = network.require("for", "how long the fault lasts, e.g. for: 20s")
                    .flatMap(v -> v.positiveDuration("the fault would not happen"));
            requireLoadAfter(network, at, lasts, "the " + switch (fault) {
                case "packetLoss" -> "packet loss";
                case "latency" -> "latency";
                case "bandwidth" -> "bandwidth limit";
                default -> "partition";
            } + " lasts");
            if (fault.equals("bandwidth")) {
                Optional<Long> rate = network.require("rate", "the bandwidth allowed, e.g. rate: 256kbit or rate: 2mbit")
                        .flatMap(TimelineReader::rateKbit);
                return reachable && allPresent(from, to, rate, lasts)
                        ? Optional.of(new FaultStep.Bandwidth(from.get(), to.get(), rate.get(), lasts.get())) : Optional.empty();
            }
            if (fault.equals("latency")) {
                Optional<Duration> delay = network.require("delay", "how long each packet is held, e.g. delay: 500ms")
                        .flatMap(v -> v.positiveDurationAtMost(LONGEST_DELAY, "no latency would be added", "the longest delay Unshaken adds"));
                Optional<Duration> jitter = network.getOr("jitter", Duration.ZERO, v -> v.duration().filter(j -> {
                    if (delay.isPresent() && j.compareTo(delay.get()) > 0) {
                        v.problem(v.where() + ": expected at most the delay (" + DurationText.format(delay.get()) + "), got " + DurationText.format(j)
                                + " (each packet's delay varies by up to the jitter either way, and cannot go below 0)");
                        return false;
                    }
                    return true;
                }));
                return reachable && allPresent(from, to, delay, jitter, lasts)
                        ? Optional.of(new FaultStep.Latency(from.get(), to.get(), delay.get(), jitter.get(), lasts.get())) : Optional.empty();
            }
            if (loss) {
                Optional<Integer> percent = network.require("percent", "the share of the packets dropped, e.g. percent: 30")
                        .flatMap(v -> v.wholeNumber(1, 100, "the share of the packets dropped, in %"));
                return reachable && allPresent(from, to, percent, lasts)
                        ? Optional.of(new FaultStep.PacketLoss(from.get(), to.get(), percent.get(), lasts.get())) : Optional.empty();
            }
            Optional<Boolean> reject = network.getOr("mode", false, mode -> mode.either("reject", "drop", "drop (packets vanish:"
                    + " callers wait for their own timeouts; the default) or reject (packets are refused: callers fail at once)"));
            Optional<Boolean> onePod = network.getOr("replicas", false, replicas -> replicas.either("one", "all", "all (every pod"
                    + " carrying the labels: the default) or one (one of them, picked with the run's seed, while the others serve)"));
            Optional<Boolean> bothWays = network.getOr("direction", false, direction -> direction.either("both", "outgoing",
                    "outgoing (the pods' packets to the destination: the default; TCP breaks either way) or both (what the destination"
                    + " sends them is stopped too)"));
            return reachable && allPresent(from, to, lasts, reject, onePod, bothWays)
                    ? Optional.of(new FaultStep.Partition(from.get(), to.get(), lasts.get(), reject.get(), onePod.get(), bothWays.get()))
                    : Optional.empty();
        });
    }

    /** A rate ({@code 256kbit}, {@code 2mbit}) in kbit/s, 8 kbit/s up to 1 Gbit/s. */
    private static Optional<Long> rateKbit(YamlValue value) {
        return value.text().flatMap(text -> {
            var matcher = RATE.matcher(text.strip().toLowerCase(Locale.ROOT));
            long kbit = matcher.matches() ? Long.parseLong(matcher.group(1)) * (matcher.group(2).equals("mbit") ? 1000 : 1) : -1;
            if (kbit < 8 || kbit > 1_000_000) {
                value.problem(value.where() + ": expected a rate from 8kbit to 1000mbit (a whole number, then kbit or mbit: bits per"
                        + " second), got " + text);
                return Optional.empty();
            }
            return Optional.of(kbit);
        });
    }

    /** {@code dnsFault}: chosen DNS names fail for the pods of the stack carrying the labels, for a while. */
    private Optional<FaultStep> dnsFault(YamlValue value, Optional<Duration> at) {
        return value.mapping(DNS_FAULT_KEYS).flatMap(dns -> {
            boolean reachable = targets.reachesMachines(value, "dnsFault changes the pods' network from their nodes", "use cluster.agents");
            Optional<Map<String, String>> from = dns
                    .require("from", "the labels of the pods whose lookups fail, e.g. from: app=api-gateway")
                    .flatMap(targets::podLabels);
            Optional<List<String>> names = dns.require("names", "the names that fail, in full, e.g. names: [order-service-pods.shop.svc.cluster.local]")
                    .flatMap(YamlValue::list).flatMap(items -> {
                        List<String> valid = new ArrayList<>();
                        for (YamlValue item : items) {
                            item.text().filter(name -> {
                                if (!DNS_NAME.matcher(name).matches()) {
                                    item.problem(item.where() + ": expected a DNS name like order-service-pods.shop.svc.cluster.local, got " + name);
                                    return false;
                                }
                                return true;
                            }).ifPresent(valid::add);
                        }
                        if (items.isEmpty()) {
                            dns.get("names").orElseThrow().problem(dns.get("names").orElseThrow().where() + ": expected at least one name");
                        }
                        return valid.size() == items.size() && !items.isEmpty() ? Optional.of(valid) : Optional.empty();
                    });
            Optional<DnsFault.Answer> answer = dns.getOr("answer", DnsFault.Answer.NXDOMAIN, v -> v.text().flatMap(text -> {
                try {
                    return Optional.of(DnsFault.Answer.valueOf(text.toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    v.problem(v.where() + ": expected nxdomain (the default: no such name), servfail (the resolver fails) or timeout"
                            + " (no answer), got " + text);
                    return Optional.empty();
                }
            }));
            Optional<Duration> lasts = dns.require("for", "how long the fault lasts, e.g. for: 15s")
                    .flatMap(v -> v.positiveDuration("the fault would not happen"));
            requireLoadAfter(dns, at, lasts, "the DNS fault lasts");
            return reachable && allPresent(from, names, answer, lasts)
                    ? Optional.of(new FaultStep.DnsFailure(from.get(), names.get(), answer.get(), lasts.get())) : Optional.empty();
        });
    }

    /**
     * {@code httpFault}: a share of the HTTP requests the stack's pods carrying the labels serve on a port answered with
     * an error status, held, or reset, for a while.
     */
    private Optional<FaultStep> httpFault(YamlValue value, Optional<Duration> at) {
        return value.mapping(HTTP_FAULT_KEYS).flatMap(http -> {
            boolean reachable = targets.reachesMachines(value, "httpFault changes the pods' network from their nodes", "use cluster.agents");
            Optional<Map<String, String>> target = http
                    .require("target", "the labels of the pods whose requests are disrupted, e.g. target: app=product-service")
                    .flatMap(targets::podLabels);
            Optional<Integer> port = http.require("port", "the port the pods serve HTTP on, e.g. port: 8081")
                    .flatMap(v -> v.wholeNumber(1, 65535, "a TCP port"));
            List<String> effects = http.keys().stream().filter(HTTP_EFFECTS::contains).toList();
            if (effects.size() != 1) {
                http.self().problem(value.where() + ": expected exactly one of status (e.g. status: 503), delay (e.g. delay: 2s) and"
                        + " reset (reset: true), found " + (effects.isEmpty() ? "none" : String.join(" and ", effects)));
            }
            Optional<FaultStep.HttpDisruption.Effect> effect = effects.size() != 1 ? Optional.empty() : switch (effects.getFirst()) {
                case "status" -> http.get("status").orElseThrow().wholeNumber(400, 599, "an error status")
                        .map(status -> new FaultStep.HttpDisruption.Effect(status, Duration.ZERO, false));
                case "delay" -> http.get("delay").orElseThrow()
                        .positiveDurationAtMost(Duration.ofMinutes(1), "no delay would be added", "the longest delay Unshaken adds to a request")
                        .map(delay -> new FaultStep.HttpDisruption.Effect(0, delay, false));
                default -> http.get("reset").orElseThrow().bool().flatMap(reset -> {
                    if (!reset) {
                        http.get("reset").orElseThrow().problem(http.get("reset").orElseThrow().where() + ": expected true (or leave it out)");
                        return Optional.empty();
                    }
                    return Optional.of(new FaultStep.HttpDisruption.Effect(0, Duration.ZERO, true));
                });
            };
            Optional<Integer> percent = http.getOr("percent", 100, v -> v.wholeNumber(1, 100, "the share of the requests disrupted, in %"));
            Optional<List<String>> exclude = http.getOr("exclude", List.of(), v -> v.list().flatMap(items -> {
                List<String> paths = new ArrayList<>();
                for (YamlValue item : items) {
                    item.text().filter(path -> {
                        if (!path.startsWith("/") || path.contains(",") || path.contains(" ")) {
                            item.problem(item.where() + ": expected a path prefix like /healthz, got " + path);
                            return false;
                        }
                        return true;
                    }).ifPresent(paths::add);
                }
                return paths.size() == items.size() ? Optional.of(paths) : Optional.empty();
            }));
            Optional<String> probe = http.getOr("probe", "/", v -> v.text().filter(path -> {
                if (!path.startsWith("/") || path.contains(" ")) {
                    v.problem(v.where() + ": expected the path the fault's probe GETs, like /api/v1/products, got " + path);
                    return false;
                }
                return true;
            }));
            Optional<Duration> lasts = http.require("for", "how long the fault lasts, e.g. for: 20s")
                    .flatMap(v -> v.positiveDuration("the fault would not happen"));
            requireLoadAfter(http, at, lasts, "the HTTP fault lasts");
            return reachable && allPresent(target, port, effect, percent, exclude, probe, lasts)
                    ? Optional.of(new FaultStep.HttpDisruption(target.get(), port.get(), effect.get(), percent.get(), exclude.get(), probe.get(),
                    lasts.get())) : Optional.empty();
        });
    }

    /** A network fault's {@code to}: exactly one of service, pods, cidr and dns, with an optional port. */
    private Optional<DestinationSpec> destination(YamlValue value) {
        return value.mapping(DESTINATION_KEYS).flatMap(to -> {
            List<String> given = to.keys().stream().filter(DESTINATIONS::contains).toList();
            if (given.isEmpty()) {
                to.self().problem(value.where() + ": expected one destination (" + String.join(", ", DESTINATIONS)
                        + "), e.g. {service: payment-service}");
                return Optional.empty();
            }
            if (given.size() > 1) {
                value.problems().add(to.keyNode(given.get(1)), value.where() + ": one destination per fault, found "
                        + String.join(" and ", given) + "; write a fault for each");
                return Optional.empty();
            }
            String kind = given.getFirst();
            YamlValue target = to.get(kind).orElseThrow();
            if (kind.equals("dns")) {
                Optional<DestinationSpec> dns = clusterDns(target);
                to.get("port").ifPresent(port -> port.problem(port.where()
                        + ": the cluster's DNS is UDP and TCP port 53, so dns takes no port"));
                return to.has("port") ? Optional.empty() : dns;
            }
            Optional<String> service = kind.equals("service") ? targets.service(target) : Optional.empty();
            Optional<Integer> port = to.getOr("port", 0, p -> service.isPresent() ? targets.servicePort(p, service.get())
                    : p.wholeNumber(1, 65535, "a TCP port"));
            return switch (kind) {
                case "service" -> allPresent(service, port)
                        ? Optional.of(new DestinationSpec.ToService(service.get(), port.get())) : Optional.empty();
                case "pods" -> {
                    Optional<Map<String, String>> labels = targets.podLabels(target);
                    yield allPresent(labels, port) ? Optional.of(new DestinationSpec.ToPods(labels.get(), port.get())) : Optional.empty();
                }
                default -> cidr(target, port);
            };
        });
    }

    /** {@code cidr: 10.42.0.0/16}, checked as the chaos module checks it. */
    private static Optional<DestinationSpec> cidr(YamlValue value, Optional<Integer> port) {
        return value.text().flatMap(cidr -> {
            try {
                Destination.cidr(cidr, port.orElse(0));
            } catch (IllegalArgumentException e) {
                value.problem(value.where() + ": " + e.getMessage());
                return Optional.empty();
            }
            return port.map(p -> new DestinationSpec.ToCidr(cidr, p));
        });
    }

    /** {@code dns: cluster}: the one DNS a fault may cut off. */
    private static Optional<DestinationSpec> clusterDns(YamlValue value) {
        return value.text().flatMap(dns -> {
            if (dns.equals("cluster")) {
                return Optional.of(new DestinationSpec.ClusterDns());
            }
            value.problem(value.where() + ": expected cluster (the cluster's DNS, kube-system/kube-dns), got '" + dns + "'");
            return Optional.empty();
        });
    }

    private Optional<FaultStep> rollout(YamlValue value) {
        return value.mapping(ROLLOUT_KEYS).flatMap(rollout -> {
            Optional<String> deployment = rollout.require("deployment", "the Deployment to roll").flatMap(targets::deployment);
            Optional<Duration> timeout = rollout.getOr("timeout", Duration.ofMinutes(5), v -> timeout(v, "the rollout would give up at once"));
            Optional<Boolean> expectStall = rollout.getOr("expect", false, TimelineReader::expectStall);
            if (rollout.has("image") == rollout.has("env")) {
                rollout.self().problem(value.where() + ": expected either image (every container to it) or env (one variable to set), "
                        + (rollout.has("image") ? "not both; write two rollouts" : "got neither"));
                return Optional.empty();
            }
            if (rollout.has("image")) {
                Optional<String> image = rollout.get("image").flatMap(this::image);
                return allPresent(deployment, timeout, image, expectStall)
                        ? Optional.of(new FaultStep.RollOut(deployment.get(), image.get(), null, null, timeout.get(), expectStall.get()))
                        : Optional.empty();
            }
            YamlValue envValue = rollout.get("env").orElseThrow();
            return envValue.mapping(envNames(envValue)).flatMap(env -> {
                if (env.keys().size() != 1) {
                    envValue.problem(envValue.where() + ": expected one variable (NAME: value), got " + env.keys().size()
                            + "; each rollout changes one, so write one rollout per variable");
                    return Optional.empty();
                }
                String name = env.keys().getFirst();
                Optional<String> setTo = env.get(name).orElseThrow().text();
                return allPresent(deployment, timeout, setTo, expectStall)
                        ? Optional.of(new FaultStep.RollOut(deployment.get(), null, name, setTo.get(), timeout.get(), expectStall.get()))
                        : Optional.empty();
            });
        });
    }

    /**
     * {@code expect: stall} (the release never completes, and the scenario is about that) is true; {@code complete}, the
     * default, false.
     */
    private static Optional<Boolean> expectStall(YamlValue expect) {
        return expect.either("stall", "complete", "complete (the rollout must complete: the default) or stall (it must not:"
                + " its new pods never become ready)");
    }

    /** An image; for the shop, one that fixtures/stack/build-images.sh builds. */
    private Optional<String> image(YamlValue value) {
        return value.text().filter(image -> {
            if (!shop || !image.startsWith("unshaken/") || shopImages().contains(image)) {
                return true;
            }
            value.problem(value.where() + ": the shop's images are built as " + Stack.VERSION + " and " + Stack.NEXT_VERSION
                    + " by fixtures/stack/build-images.sh; there is no " + image + NearestName.hint(image, shopImages()));
            return false;
        });
    }

    /** Any key of an env mapping is a variable name. */
    private static List<String> envNames(YamlValue env) {
        if (env.node() instanceof MappingNode mapping) {
            return mapping.getValue().stream().map(NodeTuple::getKeyNode)
                    .filter(ScalarNode.class::isInstance).map(key -> ((ScalarNode) key).getValue()).toList();
        }
        return List.of();
    }

    private static List<String> shopImages() {
        var images = new ArrayList<>(Stack.images(Stack.VERSION));
        images.addAll(Stack.images(Stack.NEXT_VERSION));
        return images.stream().distinct().toList();
    }

    private Optional<FaultStep> rollback(YamlValue value) {
        if (value.isScalar()) {
            return targets.deployment(value).map(d -> new FaultStep.RollBack(d, Duration.ofMinutes(5)));
        }
        return value.mapping(ROLLBACK_KEYS).flatMap(rollback -> {
            Optional<String> deployment = rollback.require("deployment", "the Deployment to roll back").flatMap(targets::deployment);
            Optional<Duration> timeout = rollback.getOr("timeout", Duration.ofMinutes(5), v -> timeout(v, "the rollback would give up at once"));
            return allPresent(deployment, timeout) ? Optional.of(new FaultStep.RollBack(deployment.get(), timeout.get())) : Optional.empty();
        });
    }

    private Optional<FaultStep> scale(YamlValue value) {
        return value.mapping(SCALE_KEYS).flatMap(scale -> {
            Optional<String> deployment = scale.require("deployment", "the Deployment to scale").flatMap(targets::deployment);
            Optional<Integer> replicas = scale.require("replicas", "the replica count to set")
                    .flatMap(v -> v.wholeNumber(0, 1000, "the replica count to set"));
            Optional<Duration> timeout = scale.getOr("timeout", Duration.ofMinutes(3), v -> timeout(v, "the scale would give up at once"));
            return allPresent(deployment, replicas, timeout)
                    ? Optional.of(new FaultStep.ScaleTo(deployment.get(), replicas.get(), timeout.get())) : Optional.empty();
        });
    }
}
