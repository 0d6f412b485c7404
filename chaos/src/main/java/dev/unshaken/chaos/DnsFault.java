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
 * Chosen DNS names fail for the pods of a {@link PodTarget} for a while: their lookups of those names are answered
 * NXDOMAIN ("no such name") or SERVFAIL, or not at all (the lookup times out), while every other name resolves as
 * before. What a DNS outage, a deleted record or a broken resolver looks like to the service that looks the names up.
 *
 * <p>In each pod's network namespace (entered from its node), iptables' nat table redirects the pod's DNS queries to
 * the cluster's DNS service (UDP port 53) to the node binary's {@code dnsfault}, which answers for the chosen names and
 * relays the rest to the real resolver. Open DNS flows are cleared when the redirect goes in and when it comes out,
 * so a resolver that keeps its socket (nginx's does) meets it as well. A name matches itself and itself followed by
 * any domain ({@code order-service-pods} matches {@code order-service-pods.shop.svc.cluster.local}).
 *
 * <p>It proves it took effect, or fails as a fault, and leaves nothing behind:
 * <ul>
 *   <li>before: a lookup of the first name from the first pod must succeed (breaking what does not resolve proves
 *       nothing; give the name in full, as the pods look it up);</li>
 *   <li>during: the same lookup must get the fault's answer (or none, for {@link Answer#TIMEOUT});</li>
 *   <li>at the end: the resolvers' counters say how many of the pods' lookups of the names got the fault's answer
 *       ({@code faultedQueries}) and how many others were relayed ({@code relayedQueries});</li>
 *   <li>after: the redirect and the resolvers are removed (also on failure or interruption) and the lookup succeeds
 *       again.</li>
 * </ul>
 *
 * <pre>{@code
 * var gateway = PodTarget.labelled("shop", "app", "api-gateway");
 * faults.after(ofSeconds(20), DnsFault.nxdomain(gateway, ofSeconds(15), "order-service-pods.shop.svc.cluster.local"));
 * }</pre>
 */
public final class DnsFault extends PodNetworkFault {

    /** What a lookup of a chosen name gets. */
    public enum Answer {
        /** "No such name" (RCODE 3): the record is gone. */
        NXDOMAIN,
        /** "Server failure" (RCODE 2): the resolver is broken. */
        SERVFAIL,
        /** No answer at all: the lookup times out, as when the resolver is unreachable. */
        TIMEOUT
    }

    private static final int PROBE_TIMEOUT_SECONDS = 2;
    /** The firewall mark of the resolver's relayed queries, which the redirect skips. */
    static final int RELAY_MARK = 0x554e;

    private final PodTarget from;
    private final List<String> names;
    private final Answer answer;
    private final Duration duration;

    private DnsFault(PodTarget from, List<String> names, Answer answer, Duration duration) {
        super("a DNS fault", "it answers the pods' DNS lookups from their nodes (a resolver and a redirect in their network namespace)");
        this.from = Objects.requireNonNull(from, "from");
        this.names = names.stream().map(n -> n.strip().toLowerCase(Locale.ROOT).replaceFirst("\\.$", "")).toList();
        if (this.names.isEmpty() || this.names.stream().anyMatch(n -> !n.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*"))) {
            throw new IllegalArgumentException("DNS names " + names + ": expected one or more names like order-service-pods.shop.svc.cluster.local");
        }
        this.answer = Objects.requireNonNull(answer, "answer");
        this.duration = Objects.requireNonNull(duration, "duration");
        if (duration.isNegative() || duration.isZero() || duration.compareTo(Duration.ofMinutes(30)) > 0) {
            throw new IllegalArgumentException("a DNS fault lasts more than 0 and at most 30 min, got " + duration);
        }
    }

    /** Lookups of the names from the target's pods are answered NXDOMAIN for {@code duration}. */
    public static DnsFault nxdomain(PodTarget from, Duration duration, String... names) {
        return new DnsFault(from, List.of(names), Answer.NXDOMAIN, duration);
    }

    /** Lookups of the names from the target's pods are answered SERVFAIL for {@code duration}. */
    public static DnsFault servfail(PodTarget from, Duration duration, String... names) {
        return new DnsFault(from, List.of(names), Answer.SERVFAIL, duration);
    }

    /** Lookups of the names from the target's pods get no answer for {@code duration}: they time out. */
    public static DnsFault timeout(PodTarget from, Duration duration, String... names) {
        return new DnsFault(from, List.of(names), Answer.TIMEOUT, duration);
    }

    @Override
    public String describe() {
        return "DNS " + (answer == Answer.TIMEOUT ? "timeouts" : answer.name()) + " for " + String.join(", ", names)
                + " from the pods labelled " + from.selector() + " in " + from.namespace() + " for " + duration.toSeconds() + " s";
    }

    @Override
    NetworkMechanisms.Mechanism mechanism(NetworkMechanisms offered) {
        return offered.dns();
    }

    @Override
    public void inject(FaultContext context) {
        var mechanism = checkedMechanism(context);
        Machines machines = machines(context);
        List<Victim> victims = FaultedPods.running(context, from, false);
        String resolver = Destination.clusterDns().resolve(context).getFirst().host();
        Victim prober = victims.getFirst();
        String probeName = names.getFirst();
        Lookup before = Lookup.run(machines, prober, resolver, probeName, 0);
        if (!before.resolved()) {
            throw new FaultFailedException("before the fault, pod " + prober.name() + " could not resolve " + probeName + " (" + before.describe()
                    + "): breaking a name that does not resolve proves nothing; give the name in full, as the pods look it up");
        }
        var running = context.start(FaultKind.DNS_FAULT, from.namespace() + "/" + from.selector(), FaultContext.details(
                "selector", from.selector(),
                "pods", victims.stream().map(v -> v.name() + "@" + v.node()).collect(Collectors.joining(",")),
                "names", String.join(",", names),
                "answer", answer.name().toLowerCase(Locale.ROOT),
                "resolver", resolver + ":53",
                "mechanism", mechanism.description(),
                "duration", duration.toSeconds() + "s",
                "probeBefore", before.describe()));
        var rules = NatRedirect.dnsQueries(new FaultChain(ObjectLabels.runId(), running.id()), resolver, RELAY_MARK);
        List<PodAgent> installed = new ArrayList<>();
        Map<String, String> endDetails = new LinkedHashMap<>();
        running.runThenUndo(endDetails, () -> {
            long deadline = System.nanoTime() + duration.toNanos();
            for (Victim victim : victims) {
                var resolverAgent = new PodAgent(machines, victim, "dnsfault", rules.chain().name());
                installed.add(resolverAgent);
                resolverAgent.start(arguments(rules, resolver), "the failing resolver");
                var result = machines.inNetworkOf(victim.node(), victim.containerId(), FaultedPods.shell(rules.install(), " && "));
                if (!result.succeeded()) {
                    throw new FaultFailedException("redirecting the DNS queries in pod " + victim.name() + "'s network namespace on "
                            + victim.node() + " failed: " + result.describe());
                }
                machines.inNetworkOf(victim.node(), victim.containerId(), NatRedirect.clearDnsFlows());
            }
            Lookup during = Lookup.run(machines, prober, resolver, probeName, 1);
            endDetails.put("probeDuring", during.describe());
            boolean tookEffect = answer == Answer.TIMEOUT ? during.timedOut() : answer.name().equals(during.rcode());
            if (!tookEffect) {
                endDetails.put("outcome", "no-effect");
                throw new FaultFailedException("the fault did not take effect: with the redirect in place, a lookup of " + probeName + " from pod "
                        + prober.name() + " got " + during.describe() + " instead of " + (answer == Answer.TIMEOUT ? "no answer" : answer));
            }
            FaultContext.sleep(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }, () -> {
            endDetails.put("chain", rules.chain().name());
            endDetails.putAll(PodAgent.undoNat(installed, rules.remove(), NatRedirect.clearDnsFlows(),
                    FaultContext.details("faulted", "faultedQueries", "probeFaulted", "probeQueries", "relayed", "relayedQueries")));
            if (!endDetails.containsKey("rulesLeft") && !installed.isEmpty()) {
                try {
                    endDetails.put("probeAfter", Lookup.run(machines, prober, resolver, probeName, 2).describe());
                } catch (RuntimeException e) {
                    endDetails.put("probeAfter", "not run: " + e.getMessage());
                }
            }
            if (endDetails.containsKey("faultedQueries")) {
                endDetails.put(FaultEvent.MEASURED_EFFECT, endDetails.get("faultedQueries") + " of the pods' lookups of " + String.join(", ", names)
                        + (answer == Answer.TIMEOUT ? " left unanswered" : " answered " + answer) + ", " + endDetails.get("relayedQueries")
                        + " other lookups relayed; a lookup during the fault got " + endDetails.getOrDefault("probeDuring", "nothing"));
            }
        });
    }

    /** The failing resolver's arguments. */
    private String arguments(NatRedirect rules, String resolver) {
        return "--listen 127.0.0.1:" + rules.toPort() + " --upstream " + resolver + ":53 --names " + String.join(",", names)
                + " --answer " + (answer == Answer.TIMEOUT ? "drop" : answer.name().toLowerCase(Locale.ROOT))
                + " --for " + duration.plus(Delayer.OUTLIVES_FAULT_BY).toSeconds() + "s --mark " + RELAY_MARK + " --probe-ports "
                + PodNetworkRules.PROBE_SOURCE_PORT + ":" + (PodNetworkRules.PROBE_SOURCE_PORT + PodNetworkRules.PROBE_SOURCE_PORTS - 1);
    }

    /** A DNS lookup (A) from a pod's network namespace, with the node binary's {@code dnsquery}, and how it ended. */
    record Lookup(String rcode, int answers, long millis, String message) {

        static Lookup run(Machines machines, Victim from, String resolver, String name, int attempt) {
            var result = machines.inNetworkOf(from.node(), from.containerId(), List.of("/bin/k3s", "dnsquery", "--server", resolver + ":53",
                    "--name", name, "--sport", Integer.toString(PodNetworkRules.PROBE_SOURCE_PORT + attempt), "--timeout", PROBE_TIMEOUT_SECONDS + "s"));
            return parse(result.stdout(), result.stderr());
        }

        /** {@code rcode=NXDOMAIN answers=0 ms=3} or {@code timeout ms=2001}. */
        static Lookup parse(String stdout, String stderr) {
            Map<String, String> fields = new LinkedHashMap<>();
            for (String field : stdout.strip().split("\\s+")) {
                int eq = field.indexOf('=');
                fields.put(eq < 0 ? field : field.substring(0, eq), eq < 0 ? "" : field.substring(eq + 1));
            }
            if (!fields.containsKey("ms")) {
                throw new FaultFailedException("the DNS lookup probe did not run: " + (stdout + " " + stderr).strip());
            }
            return new Lookup(fields.getOrDefault("rcode", "none"), Integer.parseInt(fields.getOrDefault("answers", "0")),
                    Long.parseLong(fields.get("ms")), stderr == null ? "" : stderr.strip());
        }

        boolean resolved() {
            return rcode.equals("NOERROR") && answers > 0;
        }

        boolean timedOut() {
            return rcode.equals("none");
        }

        String describe() {
            return timedOut() ? "no answer within " + millis + " ms"
                    : rcode + (rcode.equals("NOERROR") ? " with " + answers + " address" + (answers == 1 ? "" : "es") : "") + " in " + millis + " ms";
        }
    }
}
