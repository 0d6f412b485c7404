package dev.unshaken.suites.scenariofile;

import java.nio.file.Path;

/** Where a scenario runs: a k3s cluster Unshaken starts, or a cluster already running. */
public sealed interface ClusterSpec {

    /**
     * A throwaway k3s cluster in Docker: one server and {@code agents} agent nodes ({@code agent-1}, ...).
     *
     * @param agents     agent nodes, 0 to 16
     * @param k3sVersion the k3s release, e.g. {@code v1.34.4+k3s1}
     */
    record K3s(int agents, String k3sVersion) implements ClusterSpec {
    }

    /**
     * A running cluster reached through a kubeconfig file.
     *
     * @param kubeconfig the file
     * @param context    the context to use, always named: the file's current-context is never used in its place
     */
    record Kubeconfig(Path kubeconfig, String context) implements ClusterSpec {
    }
}
