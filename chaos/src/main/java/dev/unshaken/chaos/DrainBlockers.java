package dev.unshaken.chaos;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Why a drain that gave up did not finish: for each pod still on the node, whether the Eviction API kept refusing
 * it and under which PodDisruptionBudget, or whether it is still terminating. The budgets are matched to the pods by
 * their selectors, because the API's refusal message does not name the budget.
 */
final class DrainBlockers {

    private DrainBlockers() {
    }

    /** The evictions of one pod that were refused: how many, and the last answer. */
    record Refusals(int count, Eviction last) {
        Refusals plus(Eviction answer) {
            return new Refusals(count + 1, answer);
        }
    }

    /**
     * {@code shop/web-a (eviction refused 12 times, last with 429, under PodDisruptionBudget shop/web: minAvailable 3,
     * 3 of 3 healthy, 0 disruptions allowed); shop/web-b (being deleted, not gone yet)}.
     *
     * @param remaining the pods still on the node
     * @param refusals  the refused evictions, by {@code namespace/name}
     * @param budgets   the budgets of the pods' namespaces
     */
    static String describe(List<Pod> remaining, Map<String, Refusals> refusals, List<PodDisruptionBudget> budgets) {
        return remaining.stream().map(pod -> qualified(pod) + " (" + why(pod, refusals.get(qualified(pod)), budgets) + ")")
                .collect(Collectors.joining("; "));
    }

    private static String why(Pod pod, Refusals refused, List<PodDisruptionBudget> budgets) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            return "being deleted, not gone yet: look at its grace period and finalizers";
        }
        if (refused == null) {
            return "not evicted yet";
        }
        var covering = budgets.stream().filter(budget -> selects(budget, pod)).toList();
        var last = refused.last();
        String refusals = "eviction refused " + refused.count() + (refused.count() == 1 ? " time" : " times") + ", last with " + last.code()
                + (last.refusedByBudget() || last.message().isEmpty() ? "" : " (" + last.message() + ")");
        if (covering.isEmpty()) {
            return refusals + (last.refusedByBudget() ? ", yet no PodDisruptionBudget selects it now" : "");
        }
        return refusals + ", under " + (covering.size() == 1 ? "PodDisruptionBudget " : "PodDisruptionBudgets ")
                + covering.stream().map(DrainBlockers::describe).collect(Collectors.joining(", "));
    }

    /** {@code shop/web: minAvailable 3, 3 of 3 healthy, 0 disruptions allowed}. */
    static String describe(PodDisruptionBudget budget) {
        var spec = budget.getSpec();
        String limit = spec.getMinAvailable() != null ? "minAvailable " + text(spec.getMinAvailable())
                : spec.getMaxUnavailable() != null ? "maxUnavailable " + text(spec.getMaxUnavailable()) : "no limit";
        var status = budget.getStatus();
        String health = status == null ? "no status yet"
                : status.getCurrentHealthy() + " of " + status.getExpectedPods() + " healthy (" + status.getDesiredHealthy() + " needed), "
                + status.getDisruptionsAllowed() + " disruptions allowed";
        return budget.getMetadata().getNamespace() + "/" + budget.getMetadata().getName() + ": " + limit + ", " + health;
    }

    private static String text(IntOrString value) {
        return value.getIntVal() != null ? value.getIntVal().toString() : value.getStrVal();
    }

    /**
     * Whether the budget covers the pod: same namespace, and its selector matches the pod's labels. A budget without a
     * selector covers nothing; an empty selector covers every pod of its namespace (policy/v1).
     */
    static boolean selects(PodDisruptionBudget budget, Pod pod) {
        if (!Objects.equals(budget.getMetadata().getNamespace(), pod.getMetadata().getNamespace())) {
            return false;
        }
        LabelSelector selector = budget.getSpec() == null ? null : budget.getSpec().getSelector();
        if (selector == null) {
            return false;
        }
        Map<String, String> labels = Objects.requireNonNullElse(pod.getMetadata().getLabels(), Map.of());
        if (selector.getMatchLabels() != null
                && !selector.getMatchLabels().entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())))) {
            return false;
        }
        return selector.getMatchExpressions() == null || selector.getMatchExpressions().stream().allMatch(r -> matches(r, labels));
    }

    private static boolean matches(LabelSelectorRequirement requirement, Map<String, String> labels) {
        String value = labels.get(requirement.getKey());
        List<String> values = Objects.requireNonNullElse(requirement.getValues(), List.of());
        return switch (requirement.getOperator()) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            // The API server rejects other operators; a budget it accepted never gets here.
            default -> false;
        };
    }

    private static String qualified(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }
}
