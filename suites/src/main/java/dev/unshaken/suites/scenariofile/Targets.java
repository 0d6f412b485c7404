package dev.unshaken.suites.scenariofile;

import dev.unshaken.fixtures.cluster.K3sCluster;
import dev.unshaken.suites.scenariofile.StackFacts.ServicePorts;
import dev.unshaken.suites.scenariofile.StackFacts.Workload;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Checks that what a fault or verdict names exists: nodes in the cluster the file describes, Deployments, Services
 * and pod labels in the stack's manifests. Without facts (manifests that could not be read: already reported) names pass.
 *
 * @param cluster the file's cluster, or null when its section is invalid (node names then pass unchecked)
 * @param facts   what the stack declares, or null when unknown
 * @param stack   how to name the stack in messages, e.g. {@code the no-pdb shop}
 */
record Targets(ClusterSpec cluster, StackFacts facts, String stack) {

    private static final Pattern LABEL = Pattern.compile("([A-Za-z0-9][A-Za-z0-9._/-]*)=([A-Za-z0-9._-]*)");

    /**
     * A node name the cluster has. {@code agentOnly}: the fault stops the node's machine, which only an agent of a
     * cluster Unshaken starts can have done to it.
     */
    Optional<String> node(YamlValue value, boolean agentOnly, String fault) {
        Optional<String> name = value.text();
        if (name.isEmpty()) {
            return name;
        }
        if (agentOnly && !reachesMachines(value, fault + (fault.equals("nodeCutOff") ? " changes a node's own network" : " stops a node's machine"), "use drain instead, or cluster.agents")) {
            return Optional.empty();
        }
        return cluster instanceof ClusterSpec.K3s k3s ? k3sNode(value, name.get(), k3s.agents(), agentOnly, fault) : name;
    }

    /**
     * Whether a fault that acts on the nodes' machines can run: only on a cluster Unshaken starts, whose machines it
     * reaches. {@code does} says what the fault does there, {@code instead} what to do about it.
     */
    boolean reachesMachines(YamlValue value, String does, String instead) {
        if (cluster instanceof ClusterSpec.Kubeconfig existing) {
            value.problem(value.where() + ": " + does + ", which only a cluster Unshaken starts can do; this file connects to kubeconfig "
                    + existing.kubeconfig() + " (" + instead + ")");
            return false;
        }
        return true;
    }

    private static Optional<String> k3sNode(YamlValue value, String name, int agentCount, boolean agentOnly, String fault) {
        List<String> agents = IntStream.rangeClosed(1, agentCount).mapToObj(K3sCluster::agentNodeName).toList();
        var nodes = new ArrayList<String>(agents);
        if (!agentOnly) {
            nodes.addFirst(K3sCluster.SERVER_NODE_NAME);
        }
        if (nodes.contains(name)) {
            return Optional.of(name);
        }
        String why;
        if (agentOnly && name.equals(K3sCluster.SERVER_NODE_NAME)) {
            why = "the server runs the control plane and is never " + (fault.equals("nodePause") ? "frozen" : "stopped");
        } else {
            why = "the cluster has " + (agents.isEmpty() ? "no agents" : agentCount + (agentCount == 1 ? " agent (" : " agents (")
                    + String.join(", ", agents) + ")") + (agentOnly ? "" : " and the server (" + K3sCluster.SERVER_NODE_NAME + ")")
                    + NearestName.hint(name, nodes);
        }
        value.problem(value.where() + ": no node '" + name + "' to " + fault + ": " + why);
        return Optional.empty();
    }

    /** A Deployment of the stack. */
    Optional<String> deployment(YamlValue value) {
        return declared(value, "Deployment", facts == null ? null : facts.deploymentNames());
    }

    /** A Service of the stack. */
    Optional<String> service(YamlValue value) {
        return declared(value, "Service", facts == null ? null : facts.serviceNames());
    }

    /** A port the stack's Service declares ({@code port}, as clients call it). */
    Optional<Integer> servicePort(YamlValue value, String service) {
        return value.wholeNumber(1, 65535, "a port of Service " + service).filter(port -> {
            Optional<List<Integer>> ports = facts == null ? Optional.empty() : facts.service(service).map(ServicePorts::ports);
            if (ports.isEmpty() || ports.get().contains(port)) {
                return true;
            }
            value.problem(value.where() + ": Service " + service + " of " + stack + " has no port " + port + " (its ports: "
                    + (ports.get().isEmpty() ? "none" : ports.get().stream().map(String::valueOf).collect(Collectors.joining(", "))) + ")");
            return false;
        });
    }

    /** A name of an object of {@code kind} the stack declares ({@code known}: their names, null when unknown). */
    private Optional<String> declared(YamlValue value, String kind, List<String> known) {
        return value.text().filter(name -> {
            if (known == null || known.contains(name)) {
                return true;
            }
            value.problem(value.where() + ": " + stack + " has no " + kind + " '" + name + "'" + NearestName.hint(name, known)
                    + " (it has: " + String.join(", ", known) + ")");
            return false;
        });
    }

    /** The Deployment's declared facts, when known. */
    Optional<Workload> workload(String deployment) {
        return facts == null ? Optional.empty() : facts.deployment(deployment);
    }

    /** Pod labels {@code app=order-service[,key=value...]} that some pod of the stack carries. */
    Optional<Map<String, String>> podLabels(YamlValue value) {
        Optional<String> text = value.text();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        var labels = new LinkedHashMap<String, String>();
        for (String part : text.get().split(",")) {
            var match = LABEL.matcher(part.strip());
            if (!match.matches()) {
                value.problem(value.where() + ": expected pod labels like app=order-service (key=value, comma-separated), got '"
                        + text.get() + "'");
                return Optional.empty();
            }
            labels.put(match.group(1), match.group(2));
        }
        if (facts != null && facts.carrying(labels).isEmpty()) {
            value.problem(value.where() + ": no pod of " + stack + " is labelled " + text.get()
                    + NearestName.hint(text.get(), facts.podLabelPairs()) + " (pods are labelled: "
                    + String.join(", ", facts.podLabelPairs()) + ")");
            return Optional.empty();
        }
        return Optional.of(labels);
    }

    /** How many pods the workloads whose pods carry the labels declare, when known. */
    Optional<Integer> podsCarrying(Map<String, String> labels) {
        return facts == null ? Optional.empty()
                : Optional.of(facts.carrying(labels).stream().mapToInt(Workload::replicas).sum());
    }
}
