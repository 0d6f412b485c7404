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
 * The HTTP requests the pods of a {@link PodTarget} serve on a port are disrupted for a while, a share of them at
 * random: answered with an error status ({@link #abort}), held before they are served ({@link #delay}), or their
 * connection reset ({@link #reset}); requests to excluded paths ({@link #excluding}, e.g. the probes') always pass.
 * What a faulty release, an overloaded instance or a broken sidecar looks like to the pods' callers.
 *
 * <p>In each pod's network namespace (entered from its node), iptables' nat table redirects new connections to the port
 * to the node binary's {@code httpfault}, a proxy that disrupts its share and passes the rest to the pod's own server on
 * loopback. Connections opened before the fault are not redirected: they keep reaching the server directly.
 *
 * <p>It proves it took effect, or fails as a fault, and leaves nothing behind:
 * <ul>
 *   <li>before: a GET from the first pod's node to the pod's address must get a status (disrupting a server that does
 *       not answer proves nothing);</li>
 *   <li>during: the same GET, marked as the fault's probe (which the proxy always disrupts), must get the fault's
 *       status, take the delay, or be reset;</li>
 *   <li>at the end: the proxies' counters say how many of the callers' requests were disrupted, passed, or excluded;</li>
 *   <li>after: the redirect and the proxies are removed (also on failure or interruption) and the GET gets a status
 *       from the server again.</li>
 * </ul>
 *
 * <pre>{@code
 * var products = PodTarget.labelled("shop", "app", "product-service");
 * faults.after(ofSeconds(20), HttpFault.abort(products, 8081, 503, 30, ofSeconds(20)).excluding("/healthz", "/readyz"));
 * }</pre>
 */
public final class HttpFault extends PodNetworkFault {

    /** How requests are disrupted. */
    public enum Mode {
        /** Answered with an error status by the proxy; the server never sees them. */
        ABORT,
        /** Held, then served. */
        DELAY,
        /** Their connection closed with a TCP reset, no status. */
        RESET
    }

    private final PodTarget target;
    private final int port;
    private final Mode mode;
    private final int status;
    private final Duration delay;
    private final int percent;
    private final Duration duration;
    private final List<String> excluded;
    private final String probePath;

    private HttpFault(PodTarget target, int port, Mode mode, int status, Duration delay, int percent, Duration duration,
                      List<String> excluded, String probePath) {
        super("an HTTP fault", "it puts a proxy in front of the pods' port from their nodes (in their network namespace)");
        this.target = Objects.requireNonNull(target, "target");
        this.port = port;
        this.mode = mode;
        this.status = status;
        this.delay = delay;
        this.percent = percent;
        this.duration = Objects.requireNonNull(duration, "duration");
        this.excluded = List.copyOf(excluded);
        this.probePath = probePath;
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + ": expected 1..65535");
        }
        if (percent < 1 || percent > 100) {
            throw new IllegalArgumentException(percent + " % of the requests: expected 1..100");
        }
        if (mode == Mode.ABORT && (status < 400 || status > 599)) {
            throw new IllegalArgumentException("status " + status + ": expected an error status, 400..599");
        }
        if (mode == Mode.DELAY && (delay.toMillis() < 1 || delay.compareTo(Duration.ofMinutes(1)) > 0)) {
            throw new IllegalArgumentException("a delay of " + delay.toMillis() + " ms: expected 1 ms up to 1 min");
        }
        if (duration.isNegative() || duration.isZero() || duration.compareTo(Duration.ofMinutes(30)) > 0) {
            throw new IllegalArgumentException("an HTTP fault lasts more than 0 and at most 30 min, got " + duration);
        }
        if (excluded.stream().anyMatch(p -> !p.startsWith("/") || p.contains(",") || p.contains(" "))) {
            throw new IllegalArgumentException("excluded paths " + excluded + ": expected path prefixes like /healthz");
        }
        if (!probePath.startsWith("/") || probePath.contains(" ")) {
            throw new IllegalArgumentException("probe path " + probePath + ": expected a path like /");
        }
    }

    /** {@code percent} % of the requests to the target's pods on {@code port} are answered {@code status} for {@code duration}. */
    public static HttpFault abort(PodTarget target, int port, int status, int percent, Duration duration) {
        return new HttpFault(target, port, Mode.ABORT, status, Duration.ZERO, percent, duration, List.of(), "/");
    }

    /** {@code percent} % of the requests to the target's pods on {@code port} are held {@code delay}, then served. */
    public static HttpFault delay(PodTarget target, int port, Duration delay, int percent, Duration duration) {
        return new HttpFault(target, port, Mode.DELAY, 0, delay, percent, duration, List.of(), "/");
    }

    /** {@code percent} % of the requests to the target's pods on {@code port} get their connection reset. */
    public static HttpFault reset(PodTarget target, int port, int percent, Duration duration) {
        return new HttpFault(target, port, Mode.RESET, 0, Duration.ZERO, percent, duration, List.of(), "/");
    }

    /** This fault, never disrupting requests whose path starts with one of {@code pathPrefixes} (the probes', say). */
    public HttpFault excluding(String... pathPrefixes) {
        List<String> all = new ArrayList<>(excluded);
        all.addAll(List.of(pathPrefixes));
        return new HttpFault(target, port, mode, status, delay, percent, duration, all, probePath);
    }

    /** This fault, proving itself with GETs of {@code path} (default {@code /}) rather than of the root. */
    public HttpFault probing(String path) {
        return new HttpFault(target, port, mode, status, delay, percent, duration, excluded, path);
    }

    @Override
    public String describe() {
        String what = switch (mode) {
            case ABORT -> "answered " + status;
            case DELAY -> "held " + delay.toMillis() + " ms";
            case RESET -> "reset";
        };
        return percent + " % of the HTTP requests to the pods labelled " + target.selector() + " in " + target.namespace() + " on port "
                + port + " " + what + " for " + duration.toSeconds() + " s" + (excluded.isEmpty() ? "" : " (except " + String.join(", ", excluded) + ")");
    }

    @Override
    NetworkMechanisms.Mechanism mechanism(NetworkMechanisms offered) {
        return offered.http();
    }

    @Override
    public void inject(FaultContext context) {
        var mechanism = checkedMechanism(context);
        Machines machines = machines(context);
        List<Victim> victims = FaultedPods.running(context, target, false);
        Victim prober = victims.getFirst();
        Get before = Get.run(machines, prober, port, probePath, false, probeTimeout());
        if (!before.answered()) {
            throw new FaultFailedException("before the fault, a GET of " + probePath + " on pod " + prober.name() + " (" + prober.ip() + ":" + port
                    + ") got " + before.describe() + ": disrupting a server that does not answer proves nothing");
        }
        var start = FaultContext.details(
                "selector", target.selector(),
                "pods", victims.stream().map(v -> v.name() + "@" + v.node()).collect(Collectors.joining(",")),
                "port", Integer.toString(port),
                "mode", mode.name().toLowerCase(Locale.ROOT),
                "percent", Integer.toString(percent),
                "mechanism", mechanism.description(),
                "duration", duration.toSeconds() + "s",
                "probeBefore", before.describe());
        if (mode == Mode.ABORT) {
            start.put("status", Integer.toString(status));
        }
        if (mode == Mode.DELAY) {
            start.put("delayMs", Long.toString(delay.toMillis()));
        }
        if (!excluded.isEmpty()) {
            start.put("excluded", String.join(",", excluded));
        }
        var running = context.start(FaultKind.HTTP_FAULT, target.namespace() + "/" + target.selector(), start);
        var rules = NatRedirect.arrivingConnections(new FaultChain(ObjectLabels.runId(), running.id()), port);
        List<PodAgent> installed = new ArrayList<>();
        Map<String, String> endDetails = new LinkedHashMap<>();
        running.runThenUndo(endDetails, () -> {
            long deadline = System.nanoTime() + duration.toNanos();
            for (Victim victim : victims) {
                var proxy = new PodAgent(machines, victim, "httpfault", rules.chain().name());
                installed.add(proxy);
                proxy.start(arguments(rules), "the HTTP fault proxy");
                var result = machines.inNetworkOf(victim.node(), victim.containerId(), FaultedPods.shell(rules.install(), " && "));
                if (!result.succeeded()) {
                    throw new FaultFailedException("redirecting port " + port + " in pod " + victim.name() + "'s network namespace on "
                            + victim.node() + " failed: " + result.describe());
                }
            }
            Get during = Get.run(machines, prober, port, probePath, true, probeTimeout());
            endDetails.put("probeDuring", during.describe());
            boolean tookEffect = switch (mode) {
                case ABORT -> during.status() == status;
                case DELAY -> during.answered() && during.millis() >= delay.toMillis() * 9 / 10;
                case RESET -> during.outcome().equals("reset");
            };
            if (!tookEffect) {
                endDetails.put("outcome", "no-effect");
                throw new FaultFailedException("the fault did not take effect: with the redirect in place, the probe's GET of " + probePath
                        + " on pod " + prober.name() + " got " + during.describe() + " instead of " + switch (mode) {
                            case ABORT -> "status " + status;
                            case DELAY -> "a status after at least " + delay.toMillis() * 9 / 10 + " ms";
                            case RESET -> "a reset";
                        });
            }
            FaultContext.sleep(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }, () -> {
            endDetails.put("chain", rules.chain().name());
            endDetails.putAll(PodAgent.undoNat(installed, rules.remove(), List.of(), FaultContext.details("faulted", "faultedRequests", "passed",
                    "passedRequests", "excluded", "excludedRequests", "probes", "probeRequests")));
            if (!endDetails.containsKey("rulesLeft") && !installed.isEmpty()) {
                try {
                    endDetails.put("probeAfter", Get.run(machines, prober, port, probePath, true, probeTimeout()).describe());
                } catch (RuntimeException e) {
                    endDetails.put("probeAfter", "not run: " + e.getMessage());
                }
            }
            if (endDetails.containsKey("faultedRequests")) {
                long faulted = Long.parseLong(endDetails.get("faultedRequests"));
                long passed = Long.parseLong(endDetails.get("passedRequests"));
                endDetails.put(FaultEvent.MEASURED_EFFECT, faulted + " of " + (faulted + passed) + " requests " + switch (mode) {
                    case ABORT -> "answered " + status;
                    case DELAY -> "held " + delay.toMillis() + " ms";
                    case RESET -> "reset";
                } + (faulted + passed == 0 ? "" : String.format(Locale.ROOT, " (%.1f %%, asked %d %%)", 100.0 * faulted / (faulted + passed), percent))
                        + ", " + endDetails.get("excludedRequests") + " to excluded paths passed; the probe during the fault got "
                        + endDetails.getOrDefault("probeDuring", "nothing"));
            }
        });
    }

    private int probeTimeout() {
        return (int) delay.toSeconds() + 5;
    }

    /** The proxy's arguments. */
    private String arguments(NatRedirect rules) {
        return "--listen :" + rules.toPort() + " --target 127.0.0.1:" + port + " --mode " + mode.name().toLowerCase(Locale.ROOT)
                + " --status " + (mode == Mode.ABORT ? status : 503) + " --delay " + delay.toMillis() + "ms --percent " + percent
                + " --exclude '" + String.join(",", excluded) + "' --for " + duration.plus(Delayer.OUTLIVES_FAULT_BY).toSeconds() + "s";
    }

    /** A GET of a pod's port from its node, with the node binary's {@code httpprobe}, and how it ended. */
    record Get(String outcome, int status, long millis) {

        static Get run(Machines machines, Victim pod, int port, String path, boolean probe, int timeoutSeconds) {
            var result = machines.onNode(pod.node(), List.of("/bin/k3s", "httpprobe", "--url", "http://" + pod.ip() + ":" + port + path,
                    "--probe=" + probe, "--timeout", timeoutSeconds + "s"));
            return parse(result.stdout(), result.stderr());
        }

        /** {@code status=503 ms=3}, {@code reset ms=1}, {@code timeout ms=5001} or {@code error ms=2}. */
        static Get parse(String stdout, String stderr) {
            String[] fields = stdout.strip().split("\\s+");
            if (fields.length < 2 || !fields[fields.length - 1].startsWith("ms=")) {
                throw new FaultFailedException("the HTTP probe did not run: " + (stdout + " " + stderr).strip());
            }
            long ms = Long.parseLong(fields[fields.length - 1].substring(3));
            if (fields[0].startsWith("status=")) {
                return new Get("status", Integer.parseInt(fields[0].substring(7)), ms);
            }
            return new Get(fields[0], 0, ms);
        }

        boolean answered() {
            return outcome.equals("status");
        }

        String describe() {
            return (answered() ? "status " + status : outcome.equals("reset") ? "a reset" : outcome.equals("timeout") ? "no answer" : "an error")
                    + " in " + millis + " ms";
        }
    }
}
