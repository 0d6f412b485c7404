package dev.unshaken.chaos;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.readiness.Readiness;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Which pods a fault may hit: those with all of the labels, in a namespace the run created. The victim is
 * picked with the run's seeded random source among the candidates sorted by name, so the same seed and the
 * same candidates give the same victim.
 *
 * @param namespace where to look
 * @param labels    the labels a candidate must carry
 */
public record PodTarget(String namespace, Map<String, String> labels) {

    public PodTarget {
        labels = new TreeMap<>(labels);
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("a pod target needs at least one label, or every pod of " + namespace + " is fair game");
        }
    }

    /** Pods labelled {@code key=value} in {@code namespace}. */
    public static PodTarget labelled(String namespace, String key, String value) {
        return new PodTarget(namespace, Map.of(key, value));
    }

    /**
     * Pods that can be victims now: running, not already being deleted, ready ones preferred, sorted by name.
     *
     * @throws IllegalArgumentException if the namespace is not the run's
     */
    List<Pod> candidates(FaultContext context) {
        context.requireInScope(namespace);
        return candidatesAmong(context.client().pods().inNamespace(namespace).withLabels(labels).list().getItems());
    }

    /** Of these pods, those that can be victims: running and not being deleted, the ready ones if any, sorted by name. */
    static List<Pod> candidatesAmong(List<Pod> pods) {
        List<Pod> alive = pods.stream()
                .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null)
                .filter(pod -> pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase()))
                .sorted(Comparator.comparing(pod -> pod.getMetadata().getName()))
                .toList();
        List<Pod> ready = alive.stream().filter(Readiness::isPodReady).toList();
        return ready.isEmpty() ? alive : ready;
    }

    /**
     * Picks one victim.
     *
     * @throws FaultFailedException if no pod matches
     */
    Pod pick(FaultContext context) {
        List<Pod> candidates = candidates(context);
        if (candidates.isEmpty()) {
            throw new FaultFailedException("no running pod labelled " + selector() + " in namespace " + namespace + " to hit");
        }
        return candidates.get(context.random().nextInt(candidates.size()));
    }

    /** {@code app=web,tier=front}. */
    public String selector() {
        return labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }

    @Override
    public String toString() {
        return "a pod labelled " + selector() + " in " + namespace;
    }
}
