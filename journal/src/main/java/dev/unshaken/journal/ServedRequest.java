package dev.unshaken.journal;

import java.util.Arrays;
import java.util.List;

/**
 * A request of the load as far as attributing it to a pod goes: when it ran, whether it failed, and which upstreams
 * its response named. {@link RequestOutcome} is one.
 */
public interface ServedRequest {

    /** The response header the reference gateway adds: every upstream address it tried for the request, in order. */
    String GATEWAY_HEADER = "X-Unshaken-Upstream";
    /** The response header a service may add to name the pod that answered (its name or IP address). */
    String POD_HEADER = "X-Unshaken-Pod";

    /** When it was sent, epoch ms. */
    long startMs();

    /** When it ended, epoch ms. */
    long endMs();

    /** Whether it failed. */
    boolean failed();

    /** The upstream its response named (see {@link RequestOutcome#upstream()}), or {@code null}. */
    String upstream();

    /**
     * The upstreams the request went to, in order (the last one answered): addresses ({@code ip:port}) or pod names;
     * empty when its response named none.
     */
    default List<String> upstreams() {
        String upstream = upstream();
        if (upstream == null || upstream.isBlank()) {
            return List.of();
        }
        // nginx separates the servers it tried with ", " and internal redirects with " : ".
        return Arrays.stream(upstream.split(",|\\s:\\s")).map(String::strip).filter(s -> !s.isEmpty() && !"-".equals(s)).toList();
    }

    /** Whether the request went to the pod of this IP address or name at all, answered or only tried. */
    default boolean wentTo(String podIp, String podName) {
        return upstreams().stream().anyMatch(entry -> names(entry, podIp, podName));
    }

    /** Whether the pod of this IP address or name is the upstream that answered the request (the last one tried). */
    default boolean answeredBy(String podIp, String podName) {
        List<String> upstreams = upstreams();
        return !upstreams.isEmpty() && names(upstreams.getLast(), podIp, podName);
    }

    private static boolean names(String entry, String podIp, String podName) {
        if (podName != null && entry.equals(podName)) {
            return true;
        }
        return podIp != null && !podIp.isEmpty()
                && (entry.equals(podIp) || entry.startsWith(podIp + ":") || entry.startsWith("[" + podIp + "]:"));
    }
}
