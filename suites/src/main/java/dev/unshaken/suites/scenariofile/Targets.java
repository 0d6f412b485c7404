package dev.unshaken.suites.scenariofile;

import dev.unshaken.fixtures.cluster.K3sCluster;
import dev.unshaken.suites.scenariofile.StackFacts.Workload;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * Checks that what a fault or verdict names exists: nodes in the cluster the file describes, Deployments and pod
 * labels in the stack's manifests. Without facts (manifests that could not be read: already reported) names pass.
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
        switch (cluster) {
            case ClusterSpec.Kubeconfig existing when agentOnly -> {
                value.problem(value.where() + ": " + fault + " stops a node's machine, which only a cluster Unshaken starts can do;"
                        + " this file connects to kubeconfig " + existing.kubeconfig() + " (use drain instead, or cluster.agents)");
                return Optional.empty();
            }
            case ClusterSpec.K3s k3s -> {
                return k3sNode(value, name.get(), k3s.agents(), agentOnly, fault);
            }
            case null, default -> {
                return name;
            }
        }
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
        return value.text().filter(name -> {
            if (facts == null || facts.deployment(name).isPresent()) {
                return true;
            }
            value.problem(value.where() + ": " + stack + " has no Deployment '" + name + "'" + NearestName.hint(name, facts.deploymentNames())
                    + " (it has: " + String.join(", ", facts.deploymentNames()) + ")");
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
