package dev.unshaken.chaos;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpResponse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Holds a fault back until one of its target's pods has work in flight: it reads each candidate's
 * {@code http_requests_in_flight} gauge (Prometheus text on {@code GET /metrics} of the pod's {@code http} port, else its
 * first declared port) through the API server's pod proxy, every {@value #POLL_MS} ms, and picks the first pod with at
 * least {@code atLeast} requests in flight besides the sample's own. A service whose gauge does not count the scrape
 * is read one low, so the trigger errs towards waiting, never towards a victim with nothing in flight.
 *
 * <p>Written here rather than taken from a library: what is needed is one gauge of one pod, through the API server
 * (the harness may not reach pod IPs), many times a second; fabric8 has no pod-proxy call, and a Prometheus client
 * would parse far more than this reads.
 *
 * @param atLeast requests in flight on the victim, besides the sample itself
 * @param within  how long to wait for such a pod before the fault fails
 */
record InFlightTrigger(int atLeast, Duration within) {

    static final String METRIC = "http_requests_in_flight";
    static final long POLL_MS = 100;

    InFlightTrigger {
        if (atLeast < 1) {
            throw new IllegalArgumentException("a pod delete triggered by requests in flight needs at least 1, got " + atLeast);
        }
        if (within.isNegative() || within.isZero()) {
            throw new IllegalArgumentException("the wait for requests in flight must be positive, got " + within);
        }
    }

    /** The pod picked, how many requests it had in flight, when that was read, and how long the wait took. */
    record Pick(Pod pod, long inFlight, long sampledAtMs, long waitedMs) {
    }

    /**
     * Waits until a candidate of {@code target} has enough in flight.
     *
     * @throws FaultFailedException naming the most seen on any pod, if none had enough within the wait
     */
    Pick await(FaultContext context, PodTarget target) {
        long start = System.currentTimeMillis();
        long deadline = start + within.toMillis();
        long most = -1;
        String mostOn = null;
        int samples = 0;
        List<String> unreadable = new ArrayList<>();
        while (true) {
            List<Pod> candidates = new ArrayList<>(target.candidates(context));
            // Start at a seeded position, so which of several busy pods is hit is the run's seed's choice.
            if (!candidates.isEmpty()) {
                Collections.rotate(candidates, context.random().nextInt(candidates.size()));
            }
            for (Pod pod : candidates) {
                String name = pod.getMetadata().getName();
                OptionalLong gauge;
                try {
                    gauge = read(context.client(), pod);
                } catch (FaultFailedException unreadableNow) {
                    if (!unreadable.contains(name)) {
                        unreadable.add(name);
                    }
                    continue;
                }
                samples++;
                if (gauge.isEmpty()) {
                    throw new FaultFailedException("pod " + pod.getMetadata().getNamespace() + "/" + name + " has no " + METRIC
                            + " gauge on GET /metrics of port " + port(pod) + ", so requests in flight on it cannot be told;"
                            + " trigger this fault by time instead, or expose the gauge");
                }
                long inFlight = besidesTheSample(gauge.getAsLong());
                if (inFlight > most) {
                    most = inFlight;
                    mostOn = name;
                }
                if (inFlight >= atLeast) {
                    long now = System.currentTimeMillis();
                    return new Pick(pod, inFlight, now, now - start);
                }
            }
            if (System.currentTimeMillis() >= deadline) {
                throw new FaultFailedException("no pod of " + target + " had " + atLeast + " or more requests in flight within "
                        + within.toSeconds() + " s (" + samples + " samples; most seen: " + (most < 0 ? "none readable" : most + " on " + mostOn)
                        + (unreadable.isEmpty() ? "" : "; unreadable: " + String.join(", ", unreadable))
                        + "): the load put no work in flight on it, so a delete now would test nothing; slow the requests down or raise the rate");
            }
            FaultContext.sleep(Duration.ofMillis(POLL_MS));
        }
    }

    /** The gauge of {@code pod}, empty when its metrics lack it. */
    static OptionalLong read(KubernetesClient client, Pod pod) {
        String name = pod.getMetadata().getName();
        HttpResponse<String> response = RawApiCall.send(client, "/api/v1/namespaces/" + pod.getMetadata().getNamespace() + "/pods/"
                + name + ":" + port(pod) + "/proxy/metrics", request -> request.timeout(2, TimeUnit.SECONDS), Duration.ofSeconds(3),
                "GET /metrics of pod " + name);
        if (response.code() != 200) {
            throw new FaultFailedException("GET /metrics of pod " + name + " answered " + response.code());
        }
        return gauge(response.body(), METRIC);
    }

    /** The requests in flight a gauge reading shows besides the scrape that read it (a gauge not counting it reads one low). */
    static long besidesTheSample(long gauge) {
        return Math.max(0, gauge - 1);
    }

    /**
     * The sum of a gauge's samples in Prometheus text (one line per label set; comments and other metrics skipped),
     * empty if it has none.
     */
    static OptionalLong gauge(String text, String metric) {
        if (text == null) {
            return OptionalLong.empty();
        }
        boolean found = false;
        double sum = 0;
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || !trimmed.startsWith(metric)) {
                continue;
            }
            String rest = trimmed.substring(metric.length());
            if (!rest.startsWith(" ") && !rest.startsWith("{")) {
                continue; // another metric that shares the prefix, e.g. http_requests_in_flight_max
            }
            if (rest.startsWith("{")) {
                int close = rest.lastIndexOf('}');
                if (close < 0) {
                    continue;
                }
                rest = rest.substring(close + 1);
            }
            String[] fields = rest.strip().split("\\s+");
            try {
                sum += Double.parseDouble(fields[0]);
                found = true;
            } catch (NumberFormatException notANumber) {
                // a malformed sample is not a reading
            }
        }
        return found ? OptionalLong.of(Math.round(sum)) : OptionalLong.empty();
    }

    /** The pod's port named {@code http}, else the first port any container declares, else 80. */
    static String port(Pod pod) {
        List<ContainerPort> ports = pod.getSpec().getContainers().stream()
                .map(Container::getPorts).filter(p -> p != null).flatMap(List::stream).toList();
        return ports.stream().filter(p -> "http".equals(p.getName())).findFirst()
                .or(() -> ports.stream().findFirst())
                .map(p -> String.valueOf(p.getContainerPort()))
                .orElse("80");
    }
}
