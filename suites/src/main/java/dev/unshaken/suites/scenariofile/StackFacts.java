package dev.unshaken.suites.scenariofile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What a stack's manifests declare, as far as a scenario file can refer to it: workloads with their replicas and pod
 * labels, autoscalers, disruption budgets, Services with their ports, NodePorts and namespaces. Validation checks a
 * file's targets against it.
 */
record StackFacts(List<Workload> workloads, List<Autoscaler> autoscalers, List<Map<String, String>> budgetSelectors,
                  List<ServicePorts> services, List<Integer> nodePorts, List<String> namespaces) {

    /**
     * A Deployment or StatefulSet.
     *
     * @param kind      {@code Deployment} or {@code StatefulSet}
     * @param podLabels the labels of its pod template
     */
    record Workload(String kind, String name, int replicas, Map<String, String> podLabels) {
        boolean isDeployment() {
            return kind.equals("Deployment");
        }

        /** Whether its pods carry every one of the labels. */
        boolean podsCarry(Map<String, String> labels) {
            return podLabels.entrySet().containsAll(labels.entrySet());
        }
    }

    /** A HorizontalPodAutoscaler and the Deployment it scales. */
    record Autoscaler(String name, String deployment, int minReplicas, int maxReplicas) {
    }

    /** A Service and the ports it declares ({@code port}, not {@code targetPort}). */
    record ServicePorts(String name, List<Integer> ports) {
    }

    static StackFacts of(List<HasMetadata> objects) {
        var workloads = new ArrayList<Workload>();
        var autoscalers = new ArrayList<Autoscaler>();
        var budgets = new ArrayList<Map<String, String>>();
        var services = new ArrayList<ServicePorts>();
        var nodePorts = new TreeSet<Integer>();
        var namespaces = new TreeSet<String>();
        for (HasMetadata object : objects) {
            if (object instanceof Namespace) {
                namespaces.add(object.getMetadata().getName());
            } else if (object.getMetadata().getNamespace() != null) {
                namespaces.add(object.getMetadata().getNamespace());
            }
            switch (object) {
                case Deployment d -> workloads.add(workload("Deployment", d.getMetadata().getName(), d.getSpec().getReplicas(),
                        d.getSpec().getTemplate()));
                case StatefulSet s -> workloads.add(workload("StatefulSet", s.getMetadata().getName(), s.getSpec().getReplicas(),
                        s.getSpec().getTemplate()));
                case io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler h when isDeployment(h.getSpec().getScaleTargetRef().getKind()) ->
                        autoscalers.add(new Autoscaler(h.getMetadata().getName(), h.getSpec().getScaleTargetRef().getName(),
                                Objects.requireNonNullElse(h.getSpec().getMinReplicas(), 1), h.getSpec().getMaxReplicas()));
                case io.fabric8.kubernetes.api.model.autoscaling.v1.HorizontalPodAutoscaler h when isDeployment(h.getSpec().getScaleTargetRef().getKind()) ->
                        autoscalers.add(new Autoscaler(h.getMetadata().getName(), h.getSpec().getScaleTargetRef().getName(),
                                Objects.requireNonNullElse(h.getSpec().getMinReplicas(), 1), h.getSpec().getMaxReplicas()));
                case PodDisruptionBudget pdb -> budgets.add(matchLabels(pdb.getSpec().getSelector()));
                case Service service -> {
                    List<ServicePort> ports = service.getSpec() == null || service.getSpec().getPorts() == null
                            ? List.of() : service.getSpec().getPorts();
                    services.add(new ServicePorts(service.getMetadata().getName(),
                            ports.stream().map(ServicePort::getPort).filter(Objects::nonNull).toList()));
                    ports.stream().map(ServicePort::getNodePort).filter(Objects::nonNull).forEach(nodePorts::add);
                }
                default -> { }
            }
        }
        return new StackFacts(workloads, autoscalers, budgets, services, List.copyOf(nodePorts), List.copyOf(namespaces));
    }

    private static boolean isDeployment(String kind) {
        return "Deployment".equals(kind);
    }

    private static Workload workload(String kind, String name, Integer replicas, PodTemplateSpec template) {
        Map<String, String> labels = template == null || template.getMetadata() == null || template.getMetadata().getLabels() == null
                ? Map.of() : Map.copyOf(template.getMetadata().getLabels());
        return new Workload(kind, name, Objects.requireNonNullElse(replicas, 1), labels);
    }

    private static Map<String, String> matchLabels(LabelSelector selector) {
        return selector == null || selector.getMatchLabels() == null ? Map.of() : Map.copyOf(selector.getMatchLabels());
    }

    /** The Deployment called name. */
    Optional<Workload> deployment(String name) {
        return workloads.stream().filter(w -> w.isDeployment() && w.name().equals(name)).findFirst();
    }

    List<String> deploymentNames() {
        return workloads.stream().filter(Workload::isDeployment).map(Workload::name).toList();
    }

    /** The Service called name. */
    Optional<ServicePorts> service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    List<String> serviceNames() {
        return services.stream().map(ServicePorts::name).toList();
    }

    /** The workloads whose pods carry every one of the labels. */
    List<Workload> carrying(Map<String, String> labels) {
        return workloads.stream().filter(w -> w.podsCarry(labels)).toList();
    }

    /** Every {@code key=value} label of some workload's pods, for hints. */
    List<String> podLabelPairs() {
        var pairs = new TreeSet<String>();
        workloads.forEach(w -> w.podLabels().forEach((k, v) -> pairs.add(k + "=" + v)));
        return List.copyOf(pairs);
    }

    /** The autoscaler of a Deployment. */
    Optional<Autoscaler> autoscalerOf(String deployment) {
        return autoscalers.stream().filter(a -> a.deployment().equals(deployment)).findFirst();
    }

    /** Whether some PodDisruptionBudget selects the workload's pods. */
    boolean hasBudgetFor(Workload workload) {
        return budgetSelectors.stream().anyMatch(selector -> !selector.isEmpty() && workload.podsCarry(selector));
    }
}
