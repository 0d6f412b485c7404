package dev.unshaken.chaos;

import dev.unshaken.fixtures.cluster.Cluster;
import dev.unshaken.fixtures.cluster.ExistingCluster;
import dev.unshaken.fixtures.cluster.K3sCluster;
import org.junit.jupiter.api.Assumptions;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Whether node-level faults may run on the cluster under test. On a {@link K3sCluster}, which the run started and
 * throws away, every fault may. On a cluster Unshaken does not own (a staging cluster reached by kubeconfig):
 * <ul>
 *   <li>faults in the run's namespaces ({@link Fault.Reach#NAMESPACES}) may;</li>
 *   <li>faults on nodes ({@link Fault.Reach#NODES}: drain, uncordon) only with {@code -D}{@value #PROPERTY}{@code =<context>}
 *   naming the context in use exactly, so an opt-in given for staging never drains production;</li>
 *   <li>faults on machines ({@link Fault.Reach#MACHINES}: node power-off, freeze) never: Unshaken cannot stop
 *   another cluster's machines.</li>
 * </ul>
 * A refused fault is not a failure: {@link #check} aborts the test, which JUnit reports as skipped with the reason.
 * {@link Faults} checks every fault before it is run or scheduled.
 */
public final class NodeFaultOptIn {

    /** System property or JUnit configuration parameter naming the context whose nodes faults may hit. */
    public static final String PROPERTY = "unshaken.allowNodeFaults";

    private final boolean ownedCluster;
    private final Supplier<String> contextOf;
    private final String allowedContext;

    NodeFaultOptIn(boolean ownedCluster, String context, String allowedContext) {
        this(ownedCluster, () -> context, allowedContext);
    }

    private NodeFaultOptIn(boolean ownedCluster, Supplier<String> contextOf, String allowedContext) {
        this.ownedCluster = ownedCluster;
        this.contextOf = contextOf;
        this.allowedContext = allowedContext == null || allowedContext.isBlank() ? null : allowedContext.trim();
    }

    /**
     * The opt-in for a cluster: one whose machines this run owns ({@link Cluster#machines()}: it started the cluster
     * and throws it away) allows everything; any other is named by its kubeconfig context
     * ({@link ExistingCluster#context()}), or by its API server when it has none.
     *
     * @param allowedContext the value of {@value #PROPERTY}, null or blank when not given
     */
    public static NodeFaultOptIn forCluster(Cluster cluster, String allowedContext) {
        if (cluster.machines().isPresent()) {
            return new NodeFaultOptIn(true, (String) null, allowedContext);
        }
        // Asked only when a node fault comes: a cluster without a context is named by its API server.
        Supplier<String> context = () -> cluster instanceof ExistingCluster existing ? existing.context() : cluster.server();
        return new NodeFaultOptIn(false, context, allowedContext);
    }

    /** The opt-in for an existing cluster known by its context, e.g. to plan a run without connecting. */
    public static NodeFaultOptIn forContext(String context, String allowedContext) {
        return new NodeFaultOptIn(false, context, allowedContext);
    }

    /** Why the fault may not run here, or empty when it may. */
    public Optional<String> refusal(Fault fault) {
        if (ownedCluster || fault.reach() == Fault.Reach.NAMESPACES) {
            return Optional.empty();
        }
        String context = contextOf.get();
        if (fault.reach() == Fault.Reach.MACHINES) {
            return Optional.of(fault.describe() + " skipped: it stops or freezes a node's machine, which Unshaken can only do"
                    + " to a k3s cluster it started itself; context " + context + " is an existing cluster");
        }
        if (allowedContext == null) {
            return Optional.of(fault.describe() + " skipped: it changes nodes of context " + context + ", a cluster Unshaken"
                    + " did not start; allow node faults there with -D" + PROPERTY + "=" + context);
        }
        if (!allowedContext.equals(context)) {
            return Optional.of(fault.describe() + " skipped: -D" + PROPERTY + "=" + allowedContext + " names another context"
                    + " than the one in use (" + context + "); it must name the context exactly");
        }
        return Optional.empty();
    }

    /**
     * Returns if the fault may run here; otherwise prints the reason and aborts the test (JUnit reports it as
     * skipped with the reason).
     */
    public void check(Fault fault) {
        var refusal = refusal(fault);
        if (refusal.isPresent()) {
            System.out.println("[unshaken] fault: " + refusal.get());
            Assumptions.abort(refusal.get());
        }
    }

    /** Whether node faults ({@link Fault.Reach#NODES}) may run, e.g. {@code allowed for context staging}. */
    public String summary() {
        if (ownedCluster) {
            return "all faults allowed: the cluster was started by this run";
        }
        String context = contextOf.get();
        if (context.equals(allowedContext)) {
            return "node faults allowed for context " + context + " (-D" + PROPERTY + "); machine faults skipped";
        }
        return "node and machine faults skipped (allow node faults with -D" + PROPERTY + "=" + context + ")";
    }
}
