package dev.unshaken.chaos;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.HashSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The requests a pod has in flight right before it is evicted, read with {@link InFlightTrigger#read}. A pod whose
 * gauge cannot be read (no {@code http_requests_in_flight}, no HTTP port, not answering) is remembered and not read
 * again, so a drain retrying refused evictions does not wait on it each round.
 */
final class InFlightAtEviction {

    /** What was read: the requests in flight besides the sample's own, and when. */
    record Sample(long inFlight, long atMs) {
    }

    private final KubernetesClient client;
    private final Set<String> unreadable = new HashSet<>();

    InFlightAtEviction(KubernetesClient client) {
        this.client = client;
    }

    /** The pod's requests in flight now; empty when it has no readable gauge. */
    Optional<Sample> sample(Pod pod) {
        String key = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
        if (unreadable.contains(key)) {
            return Optional.empty();
        }
        try {
            OptionalLong gauge = InFlightTrigger.read(client, pod);
            if (gauge.isEmpty()) {
                unreadable.add(key);
                return Optional.empty();
            }
            return Optional.of(new Sample(InFlightTrigger.besidesTheSample(gauge.getAsLong()), System.currentTimeMillis()));
        } catch (FaultFailedException unreadableNow) {
            unreadable.add(key);
            return Optional.empty();
        }
    }
}
