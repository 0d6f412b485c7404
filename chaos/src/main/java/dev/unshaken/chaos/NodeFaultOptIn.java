package dev.unshaken.chaos;

import dev.unshaken.fixtures.cluster.Cluster;
import dev.unshaken.fixtures.cluster.ExistingCluster;
import dev.unshaken.fixtures.cluster.K3sCluster;
import dev.unshaken.journal.Progress;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Assumptions;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Whether node-level faults may run on the cluster under test. On a {@link K3sCluster}, which the run started and
 * throws away, every fault may. On a cluster Unshaken does not own (a staging cluster reached by kubeconfig):
 * <ul>
 *   <li>faults in the run's namespaces ({@link Fault.Reach#NAMESPACES}) may;</li>
 *   <li>faults on nodes ({@link Fault.Reach#NODES}: drain, uncordon) only with
 *   {@code -D}{@value #PROPERTY}{@code =<context>@<id>} naming the context in use and its cluster: {@code <id>} is
 *   the first {@value #ID_LENGTH} characters of the UID of the cluster's {@value #ID_NAMESPACE} namespace (or the
 *   whole UID), which is unique per cluster and stable for its life. Context names such as {@code default} recur
 *   across clusters; the id keeps an opt-in written for one cluster from draining another. The id is read (a
 *   {@code GET} of that namespace) when a node fault first comes; if it cannot be read, node faults are refused;</li>
 *   <li>faults on machines ({@link Fault.Reach#MACHINES}: node power-off, freeze, and the network, DNS and HTTP faults
 *   that work in the pods' network namespaces from their nodes) never: Unshaken cannot reach another cluster's
 *   machines; the refusal says what the fault would have done there ({@link Fault#machineWork()}).</li>
 * </ul>
 * A refused fault is not a failure: {@link #check} aborts the test, which JUnit reports as skipped with the reason.
 * {@link Faults} checks every fault before it is run or scheduled. An opt-in made to plan a run without contacting
 * the cluster ({@link #forContext(String, String)}) knows no id: it refuses every node fault, and {@link #plan} says
 * under which condition one would run.
 */
public final class NodeFaultOptIn {

    /** System property or JUnit configuration parameter naming the context and cluster whose nodes faults may hit. */
    public static final String PROPERTY = "unshaken.allowNodeFaults";
    /** How many leading characters of the {@value #ID_NAMESPACE} namespace's UID name a cluster. */
    public static final int ID_LENGTH = 8;
    /** The namespace whose UID names a cluster: every cluster has it, and it lives as long as the cluster. */
    public static final String ID_NAMESPACE = "kube-system";
    /** What stands for the id in a value to pass when the cluster was not contacted. */
    private static final String ID_PLACEHOLDER = "<id>";

    private final boolean ownedCluster;
    private final Supplier<String> contextOf;
    // Both null when the cluster is not contacted (planning): then no id is known.
    private final Supplier<String> serverOf;
    private final Supplier<String> kubeSystemUidOf;
    private final String allowed;
    private Identity identity;

    private NodeFaultOptIn(boolean ownedCluster, Supplier<String> contextOf, Supplier<String> serverOf,
                           Supplier<String> kubeSystemUidOf, String allowed) {
        this.ownedCluster = ownedCluster;
        this.contextOf = contextOf;
        this.serverOf = serverOf;
        this.kubeSystemUidOf = kubeSystemUidOf;
        this.allowed = allowed == null || allowed.isBlank() ? null : allowed.trim();
    }

    /**
     * The opt-in for a cluster: one whose machines this run owns ({@link Cluster#machines()}: it started the cluster
     * and throws it away) allows everything; any other is named by its kubeconfig context
     * ({@link ExistingCluster#context()}), or by its API server when it has none, and by the UID of its
     * {@value #ID_NAMESPACE} namespace, read through {@link Cluster#client()} when a node fault first comes.
     *
     * @param allowed the value of {@value #PROPERTY}, null or blank when not given
     */
    public static NodeFaultOptIn forCluster(Cluster cluster, String allowed) {
        if (cluster.machines().isPresent()) {
            return new NodeFaultOptIn(true, () -> null, null, null, allowed);
        }
        // Asked only when a node fault comes: a cluster without a context is named by its API server.
        Supplier<String> context = () -> cluster instanceof ExistingCluster existing ? existing.context() : cluster.server();
        return new NodeFaultOptIn(false, context, cluster::server, () -> kubeSystemUid(cluster.client()), allowed);
    }

    /**
     * The opt-in for an existing cluster known by its context only, to plan a run without contacting it: with no id
     * to check, it refuses every node fault, and {@link #plan} and {@link #summary} say what would run if the id the
     * value names is the cluster's at run time, or which value to pass.
     */
    public static NodeFaultOptIn forContext(String context, String allowed) {
        return new NodeFaultOptIn(false, () -> context, null, null, allowed);
    }

    /**
     * The opt-in for an existing cluster known by its context and API server, whose {@value #ID_NAMESPACE} namespace's
     * UID the supplier reads (once, when a node fault first comes). It returns null when the namespace does not
     * exist, and throws when it cannot be read; node faults are then refused.
     */
    static NodeFaultOptIn forContext(String context, String server, Supplier<String> kubeSystemUid, String allowed) {
        return new NodeFaultOptIn(false, () -> context, () -> server, kubeSystemUid, allowed);
    }

    /** The opt-in for a cluster this run started: everything is allowed. */
    static NodeFaultOptIn forOwnedCluster() {
        return new NodeFaultOptIn(true, () -> null, null, null, null);
    }

    /** The UID of the cluster's {@value #ID_NAMESPACE} namespace, or null when it has none (a GET, read-only). */
    private static String kubeSystemUid(KubernetesClient client) {
        Namespace namespace = client.namespaces().withName(ID_NAMESPACE).get();
        return namespace == null || namespace.getMetadata() == null ? null : namespace.getMetadata().getUid();
    }

    /** Why the fault may not run here, or empty when it may. */
    public Optional<String> refusal(Fault fault) {
        if (ownedCluster || fault.reach() == Fault.Reach.NAMESPACES) {
            return Optional.empty();
        }
        String context = contextOf.get();
        if (fault.reach() == Fault.Reach.MACHINES) {
            return Optional.of(fault.describe() + " skipped: " + fault.machineWork() + ", which Unshaken can only do"
                    + " to a k3s cluster it started itself; context " + context + " is an existing cluster");
        }
        return nodeFaultRefusal(context).map(reason -> fault.describe() + " skipped: " + reason);
    }

    /**
     * What a plan says of the fault: its description when it may run, with the condition it runs under when the
     * cluster was not contacted and the value names an id; otherwise why it is skipped ({@link #refusal}).
     */
    public String plan(Fault fault) {
        if (!connected() && !ownedCluster && fault.reach() == Fault.Reach.NODES) {
            String context = contextOf.get();
            String id = idNamed(context);
            if (id != null) {
                return fault.describe() + " (runs only if " + id + " is the id of context " + context + "'s cluster at run time)";
            }
        }
        return refusal(fault).orElse(fault.describe());
    }

    /**
     * Returns if the fault may run here; otherwise prints the reason and aborts the test (JUnit reports it as
     * skipped with the reason).
     */
    public void check(Fault fault) {
        var refusal = refusal(fault);
        if (refusal.isPresent()) {
            Progress.untimed().step("fault", "%s", refusal.get());
            Assumptions.abort(refusal.get());
        }
    }

    /**
     * Whether node faults ({@link Fault.Reach#NODES}) may run, e.g. {@code node faults allowed for context staging,
     * cluster 3f9a1c2e at https://staging.example:6443 (...)}; on a cluster the run did not start it reads the id.
     */
    public String summary() {
        if (ownedCluster) {
            return "all faults allowed: the cluster was started by this run";
        }
        String context = contextOf.get();
        if (!connected()) {
            String id = idNamed(context);
            if (id != null) {
                return "node faults allowed for context " + context + " only if " + id + " is the id of its cluster at run time"
                        + " (-D" + PROPERTY + "; the first " + ID_LENGTH + " characters of the UID of namespace " + ID_NAMESPACE
                        + "); machine faults skipped";
            }
        }
        Optional<String> refusal = nodeFaultRefusal(context);
        if (refusal.isEmpty()) {
            Identity known = identity();
            return "node faults allowed for context " + context + ", cluster " + known.id() + " at " + known.server()
                    + " (-D" + PROPERTY + "); machine faults skipped";
        }
        String skipped = allowed == null && (!connected() || identity().readable())
                ? "node and machine faults skipped (allow node faults with " + valueToPass(context) + ")"
                : "node and machine faults skipped: " + refusal.get();
        return connected() ? skipped : skipped + "; " + ID_PLACEHOLDER + " is the first " + ID_LENGTH + " characters of:"
                + " kubectl --context " + context + " get namespace " + ID_NAMESPACE + " -o jsonpath='{.metadata.uid}'";
    }

    /** Why node faults may not run on the context's cluster (the reason only), or empty when they may. */
    private Optional<String> nodeFaultRefusal(String context) {
        if (connected() && !identity().readable()) {
            Identity unreadable = identity();
            return Optional.of("node faults on context " + context + " need the id of its cluster, the UID of namespace "
                    + ID_NAMESPACE + ", which could not be read from API server " + unreadable.server() + ": "
                    + unreadable.error() + "; without it they are refused");
        }
        String pass = valueToPass(context);
        if (allowed == null) {
            return Optional.of("it changes nodes of context " + context + ", a cluster Unshaken did not start; allow node faults"
                    + " there with " + pass);
        }
        String given = "-D" + PROPERTY + "=" + allowed;
        if (allowed.equals(context) || allowed.equals(context + "@")) {
            return Optional.of(given + " names the context only, and a context name like " + context + " recurs across"
                    + " clusters; " + pass + " names the cluster as well as the context");
        }
        String id = idNamed(context);
        if (id == null) {
            return Optional.of(given + " names another context than the one in use (" + context + "); allow node faults"
                    + " there with " + pass);
        }
        if (!connected()) {
            return Optional.of(given + " allows node faults only on the cluster whose id is " + id + ", and the cluster was"
                    + " not contacted to read its id");
        }
        Identity known = identity();
        if (id.equalsIgnoreCase(known.id()) || id.equalsIgnoreCase(known.uid())) {
            return Optional.empty();
        }
        return Optional.of(given + " names cluster " + id + ", but context " + context + " reaches cluster " + known.id()
                + " (API server " + known.server() + "); the opt-in allows node faults only on the cluster it names. If"
                + " this is the cluster meant, pass " + pass);
    }

    /** The id the value gives after {@code <context>@}, or null when it does not name this context with an id. */
    private String idNamed(String context) {
        if (allowed == null || !allowed.startsWith(context + "@")) {
            return null;
        }
        String id = allowed.substring(context.length() + 1).trim();
        return id.isEmpty() ? null : id;
    }

    /** The exact value that allows node faults on this cluster, e.g. {@code -Dunshaken.allowNodeFaults=default@3f9a1c2e}. */
    private String valueToPass(String context) {
        return "-D" + PROPERTY + "=" + context + "@" + (connected() ? identity().id() : ID_PLACEHOLDER);
    }

    private boolean connected() {
        return kubeSystemUidOf != null;
    }

    /** The cluster's identity, read once. */
    private synchronized Identity identity() {
        if (identity == null) {
            String server = serverOf.get();
            try {
                String uid = kubeSystemUidOf.get();
                identity = uid == null || uid.isBlank()
                        ? new Identity(server, null, "it has no namespace " + ID_NAMESPACE + " (HTTP 404)")
                        : new Identity(server, uid.trim(), null);
            } catch (RuntimeException e) {
                identity = new Identity(server, null, "GET namespace " + ID_NAMESPACE + " failed: " + describe(e));
            }
        }
        return identity;
    }

    private static String describe(RuntimeException e) {
        if (e instanceof KubernetesClientException failed && failed.getCode() > 0) {
            String message = failed.getStatus() != null && failed.getStatus().getMessage() != null
                    ? failed.getStatus().getMessage() : failed.getMessage();
            return "HTTP " + failed.getCode() + ", " + message;
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    /**
     * What names the cluster: its API server and its {@value #ID_NAMESPACE} namespace's UID, or why that could not be read.
     */
    private record Identity(String server, String uid, String error) {

        boolean readable() {
            return error == null;
        }

        /** The first {@value #ID_LENGTH} characters of the UID. */
        String id() {
            return uid.substring(0, Math.min(ID_LENGTH, uid.length()));
        }
    }
}
