package dev.unshaken.chaos;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricStatus;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.readiness.Readiness;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The fields of each watched kind that go into the journal (documented on
 * {@link dev.unshaken.journal.ObservationKind}). Only what a verdict or a reader of the incident needs: a change
 * of anything else (heartbeats, resource versions) is not an observation.
 */
final class ObservedFields {

    private ObservedFields() {
    }

    static Map<String, String> pod(Pod pod) {
        var fields = new LinkedHashMap<String, String>();
        var status = pod.getStatus();
        put(fields, "phase", status == null ? null : status.getPhase());
        fields.put("ready", Boolean.toString(Readiness.isPodReady(pod)));
        fields.put("deleting", Boolean.toString(pod.getMetadata().getDeletionTimestamp() != null));
        put(fields, "node", pod.getSpec() == null ? null : pod.getSpec().getNodeName());
        put(fields, "ip", status == null ? null : status.getPodIP());
        List<ContainerStatus> containers = status == null || status.getContainerStatuses() == null ? List.of() : status.getContainerStatuses();
        fields.put("restarts", Integer.toString(containers.stream().mapToInt(c -> Objects.requireNonNullElse(c.getRestartCount(), 0)).sum()));
        if (pod.getMetadata().getOwnerReferences() != null && !pod.getMetadata().getOwnerReferences().isEmpty()) {
            var owner = pod.getMetadata().getOwnerReferences().getFirst();
            fields.put("owner", owner.getKind() + "/" + owner.getName());
        }
        put(fields, "reason", reason(pod, containers));
        return fields;
    }

    private static String reason(Pod pod, List<ContainerStatus> containers) {
        if (pod.getStatus() != null && pod.getStatus().getReason() != null) {
            return pod.getStatus().getReason();
        }
        for (ContainerStatus c : containers) {
            if (c.getState() != null && c.getState().getWaiting() != null && c.getState().getWaiting().getReason() != null) {
                return c.getState().getWaiting().getReason();
            }
            if (c.getState() != null && c.getState().getTerminated() != null && c.getState().getTerminated().getReason() != null) {
                return c.getState().getTerminated().getReason();
            }
        }
        return null;
    }

    static Map<String, String> endpointSlice(EndpointSlice slice) {
        var fields = new LinkedHashMap<String, String>();
        Map<String, String> labels = slice.getMetadata().getLabels();
        put(fields, "service", labels == null ? null : labels.get("kubernetes.io/service-name"));
        List<Endpoint> endpoints = slice.getEndpoints() == null ? List.of() : slice.getEndpoints();
        fields.put("ready", names(endpoints, e -> isTrue(e.getConditions() == null ? null : e.getConditions().getReady())));
        fields.put("terminating", names(endpoints, e -> e.getConditions() != null && isTrue(e.getConditions().getTerminating())));
        fields.put("notReady", names(endpoints, e -> !isTrue(e.getConditions() == null ? null : e.getConditions().getReady())
                && !(e.getConditions() != null && isTrue(e.getConditions().getTerminating()))));
        return fields;
    }

    private static String names(List<Endpoint> endpoints, Predicate<Endpoint> which) {
        return endpoints.stream().filter(which)
                .map(e -> e.getTargetRef() != null && e.getTargetRef().getName() != null ? e.getTargetRef().getName()
                        : String.join("/", e.getAddresses()))
                .collect(Collectors.toCollection(TreeSet::new)).stream().collect(Collectors.joining(","));
    }

    private static boolean isTrue(Boolean value) {
        return Boolean.TRUE.equals(value);
    }

    static Map<String, String> deployment(Deployment d) {
        var fields = new LinkedHashMap<String, String>();
        var status = d.getStatus();
        fields.put("replicas", String.valueOf(d.getSpec().getReplicas()));
        fields.put("ready", number(status == null ? null : status.getReadyReplicas()));
        fields.put("available", number(status == null ? null : status.getAvailableReplicas()));
        fields.put("updated", number(status == null ? null : status.getUpdatedReplicas()));
        fields.put("unavailable", number(status == null ? null : status.getUnavailableReplicas()));
        fields.put("generation", String.valueOf(d.getMetadata().getGeneration()));
        fields.put("observedGeneration", String.valueOf(status == null ? null : status.getObservedGeneration()));
        fields.put("images", Rollouts.images(d));
        return fields;
    }

    static Map<String, String> hpa(HorizontalPodAutoscaler hpa) {
        var fields = new LinkedHashMap<String, String>();
        var spec = hpa.getSpec();
        var status = hpa.getStatus();
        fields.put("target", spec.getScaleTargetRef().getKind() + "/" + spec.getScaleTargetRef().getName());
        fields.put("min", String.valueOf(spec.getMinReplicas()));
        fields.put("max", String.valueOf(spec.getMaxReplicas()));
        fields.put("current", number(status == null ? null : status.getCurrentReplicas()));
        fields.put("desired", number(status == null ? null : status.getDesiredReplicas()));
        fields.put("metrics", metrics(spec.getMetrics(), status == null ? null : status.getCurrentMetrics()));
        if (status != null && status.getConditions() != null) {
            status.getConditions().forEach(c -> {
                if ("AbleToScale".equals(c.getType())) {
                    fields.put("ableToScale", c.getStatus());
                } else if ("ScalingActive".equals(c.getType())) {
                    fields.put("scalingActive", c.getStatus());
                }
            });
        }
        return fields;
    }

    /** {@code cpu=85%/70%} per resource metric; {@code <unknown>} where no current value is known yet. */
    private static String metrics(List<MetricSpec> specs, List<MetricStatus> current) {
        if (specs == null) {
            return "";
        }
        return specs.stream().filter(s -> s.getResource() != null).map(s -> {
            String name = s.getResource().getName();
            var target = s.getResource().getTarget();
            String wanted = target.getAverageUtilization() != null ? target.getAverageUtilization() + "%"
                    : String.valueOf(target.getAverageValue());
            String now = current == null ? null : current.stream()
                    .filter(m -> m.getResource() != null && name.equals(m.getResource().getName()) && m.getResource().getCurrent() != null)
                    .map(m -> m.getResource().getCurrent().getAverageUtilization() != null
                            ? m.getResource().getCurrent().getAverageUtilization() + "%"
                            : String.valueOf(m.getResource().getCurrent().getAverageValue()))
                    .findFirst().orElse(null);
            return name + "=" + (now == null ? "<unknown>" : now) + "/" + wanted;
        }).collect(Collectors.joining(","));
    }

    static Map<String, String> pdb(PodDisruptionBudget pdb) {
        var fields = new LinkedHashMap<String, String>();
        var status = pdb.getStatus();
        fields.put("currentHealthy", number(status == null ? null : status.getCurrentHealthy()));
        fields.put("desiredHealthy", number(status == null ? null : status.getDesiredHealthy()));
        fields.put("disruptionsAllowed", number(status == null ? null : status.getDisruptionsAllowed()));
        fields.put("expectedPods", number(status == null ? null : status.getExpectedPods()));
        return fields;
    }

    static Map<String, String> node(Node node) {
        var fields = new LinkedHashMap<String, String>();
        List<NodeCondition> conditions = node.getStatus() == null || node.getStatus().getConditions() == null
                ? List.of() : node.getStatus().getConditions();
        fields.put("ready", conditions.stream().filter(c -> "Ready".equals(c.getType())).map(c -> "True".equals(c.getStatus()) ? "true"
                : "Unknown".equals(c.getStatus()) ? "unknown" : "false").findFirst().orElse("unknown"));
        fields.put("unschedulable", Boolean.toString(node.getSpec() != null && isTrue(node.getSpec().getUnschedulable())));
        fields.put("conditions", conditions.stream()
                .filter(c -> !"Ready".equals(c.getType()) && !"False".equals(c.getStatus()))
                .map(c -> c.getType() + "=" + c.getStatus()).sorted().collect(Collectors.joining(",")));
        return fields;
    }

    static Map<String, String> event(Event event) {
        var fields = new LinkedHashMap<String, String>();
        put(fields, "type", event.getType());
        put(fields, "reason", event.getReason());
        var object = event.getInvolvedObject();
        put(fields, "object", object == null ? null : object.getKind() + "/" + object.getName());
        put(fields, "message", event.getMessage());
        fields.put("count", String.valueOf(Objects.requireNonNullElse(event.getCount(), 1)));
        return fields;
    }

    private static String number(Integer value) {
        return Integer.toString(Objects.requireNonNullElse(value, 0));
    }

    private static void put(Map<String, String> fields, String key, String value) {
        if (value != null) {
            fields.put(key, value);
        }
    }
}
