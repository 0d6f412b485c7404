package dev.unshaken.reports;

import dev.unshaken.journal.FaultEvent;
import dev.unshaken.journal.Observation;
import dev.unshaken.journal.ObservationKind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pod whose logs belong in the report: a fault deleted, killed or evicted it, it restarted, or it failed.
 * Suites fetch the last log lines of these pods and add them as {@link PodLogTail}s.
 *
 * @param namespace the pod's namespace, may be {@code null} if the journal did not say
 * @param name      the pod's name
 * @param reason    why, e.g. {@code killed by fault f1 (POD_KILL)}, {@code restarted 2 times}, {@code phase Failed}
 */
public record TroubledPod(String namespace, String name, String reason) {

    /** The troubled pods of a scenario, in the order their trouble was first seen. */
    public static List<TroubledPod> in(ScenarioReport scenario) {
        Map<String, List<String>> reasons = new LinkedHashMap<>();
        for (FaultEvent fault : scenario.faults()) {
            String pod = podOf(fault);
            if (pod != null) {
                String verb = switch (fault.kind()) {
                    case POD_KILL -> "killed";
                    case POD_DELETE -> "deleted";
                    case EVICTION -> "evicted";
                    default -> "hit";
                };
                addReason(reasons, pod, verb + " by fault " + fault.id() + " (" + fault.kind() + ")");
            }
        }
        Map<String, Integer> restarts = new LinkedHashMap<>();
        for (Observation observation : scenario.observations()) {
            if (observation.kind() != ObservationKind.POD) {
                continue;
            }
            String pod = observation.qualifiedName();
            Integer count = observation.intField("restarts");
            if (count != null && count > 0) {
                restarts.merge(pod, count, Math::max);
                reasons.computeIfAbsent(pod, key -> new ArrayList<>());
            }
            if ("Failed".equals(observation.field("phase"))) {
                String reason = observation.field("reason");
                addReason(reasons, pod, "phase Failed" + (reason == null ? "" : " (" + reason + ")"));
            }
        }
        restarts.forEach((pod, count) -> addReason(reasons, pod, "restarted " + count + (count == 1 ? " time" : " times")));
        List<TroubledPod> pods = new ArrayList<>();
        reasons.forEach((pod, why) -> {
            int slash = pod.indexOf('/');
            pods.add(new TroubledPod(slash < 0 ? null : pod.substring(0, slash), pod.substring(slash + 1), String.join(", ", why)));
        });
        return pods;
    }

    /** The pod a fault hit ({@code namespace/pod/name} targets), as {@code namespace/name}, or {@code null}. */
    static String podOf(FaultEvent fault) {
        String[] parts = fault.target() == null ? new String[0] : fault.target().split("/");
        return parts.length == 3 && parts[1].equals("pod") ? parts[0] + "/" + parts[2] : null;
    }

    private static void addReason(Map<String, List<String>> reasons, String pod, String reason) {
        List<String> list = reasons.computeIfAbsent(pod, key -> new ArrayList<>());
        if (!list.contains(reason)) {
            list.add(reason);
        }
    }
}
