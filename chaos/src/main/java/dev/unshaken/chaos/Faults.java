package dev.unshaken.chaos;

import dev.unshaken.fixtures.cluster.Cluster;
import dev.unshaken.journal.FaultKind;
import dev.unshaken.journal.Journal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs {@link Fault}s against the cluster, now ({@link #run}) or in the background after a delay
 * ({@link #after}), recording each in the journal; and, for the namespaces it {@linkplain #watch watches} (those it
 * is {@linkplain #confineTo confined to} included), records what the cluster does ({@link ClusterWatch}).
 *
 * <pre>{@code
 * faults.confineTo(namespace.name());
 * var run = load.start(url, Journeys.simpleGet("/"), constantRate(15).during(Duration.ofSeconds(60)));
 * faults.after(Duration.ofSeconds(20), PodDelete.graceful(PodTarget.labelled(namespace.name(), "app", "web")));
 * run.awaitEnd();
 * faults.awaitAll();
 * }</pre>
 *
 * <p>Faults only touch namespaces the run created (those passed to {@link #confineTo}); victims are picked with a
 * random source seeded with {@link #seed()}. {@link #close()} stops the watchers, waits for faults still running
 * (they bring nodes back) and uncordons nodes a drain left cordoned. On a cluster the run did not start, node faults
 * need an explicit opt-in ({@link NodeFaultOptIn}); without it the test is skipped with the reason. Tests get one from
 * {@link ChaosExtension}.
 *
 * <p>A scenario without faults only records: {@code faults.watch(namespace)}.
 */
public final class Faults implements AutoCloseable {

    /** System property or JUnit configuration parameter with the seed of victim picks. */
    public static final String SEED_PROPERTY = "unshaken.seed";
    /** The seed when none is configured: runs pick the same victims unless told otherwise. */
    public static final long DEFAULT_SEED = 1;
    private static final Set<String> SYSTEM_NAMESPACES = Set.of("kube-system", "kube-public", "kube-node-lease", "default");
    private static final Duration CLOSE_WAIT = Duration.ofMinutes(8);

    private final Cluster cluster;
    private final Journal journal;
    private final Set<String> namespaces = ConcurrentHashMap.newKeySet();
    private final FaultContext context;
    private final NodeFaultOptIn nodeFaults;
    private final List<ScheduledFault> scheduled = new ArrayList<>();
    private ClusterWatch watch;

    /**
     * Faults against the cluster, journaled in the journal, victims picked with the seed; node faults on a cluster
     * the run did not start only as system property {@value NodeFaultOptIn#PROPERTY} allows.
     */
    public Faults(Cluster cluster, Journal journal, long seed) {
        this(cluster, journal, seed, NodeFaultOptIn.forCluster(cluster, System.getProperty(NodeFaultOptIn.PROPERTY)));
    }

    /** As {@link #Faults(Cluster, Journal, long)}, node faults allowed as {@code nodeFaults} says. */
    public Faults(Cluster cluster, Journal journal, long seed, NodeFaultOptIn nodeFaults) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.journal = Objects.requireNonNull(journal, "journal");
        this.nodeFaults = Objects.requireNonNull(nodeFaults, "nodeFaults");
        this.context = new FaultContext(cluster, journal, seed, namespaces);
    }

    /**
     * Allows faults in these namespaces, which the run created, and starts recording what the cluster does in
     * them (and on its nodes), as {@link #watch} does. Returns once the watchers have listed what exists.
     *
     * @throws IllegalArgumentException for a system namespace ({@code kube-system}, {@code default}, ...)
     */
    public synchronized Faults confineTo(String... namespaces) {
        for (String namespace : namespaces) {
            if (SYSTEM_NAMESPACES.contains(namespace)) {
                throw new IllegalArgumentException("faults never touch " + namespace + ": it is not created by the run; "
                        + "deploy the workload under test into a namespace of its own (TestNamespace, or the stack's)");
            }
        }
        watch(namespaces);
        this.namespaces.addAll(List.of(namespaces));
        return this;
    }

    /**
     * Starts recording what the cluster does in these namespaces (pods, EndpointSlices, Deployments, HPAs, PDBs,
     * Events) and on its nodes, and the watchers' own health, without allowing any fault there: what a scenario
     * without faults calls before its load. Verdicts on the cluster's state read these records, and are inconclusive
     * over any time the watchers were not connected. Returns once the watchers have listed what exists; watching a
     * namespace twice is watching it once.
     */
    public synchronized Faults watch(String... namespaces) {
        if (watch == null) {
            watch = ClusterWatch.start(cluster.client(), journal);
        }
        for (String namespace : namespaces) {
            watch.watchNamespace(Objects.requireNonNull(namespace, "namespace"));
        }
        return this;
    }

    /**
     * Runs the fault now and returns when it is over.
     *
     * @throws org.opentest4j.TestAbortedException if this cluster does not allow it ({@link NodeFaultOptIn}): the test is skipped
     */
    public void run(Fault fault) {
        nodeFaults.check(fault);
        System.out.printf("[unshaken] fault: %s%n", fault.describe());
        fault.inject(context);
    }

    /**
     * Starts the fault in the background {@code delay} from now; {@link #awaitAll()} waits for it.
     *
     * @throws org.opentest4j.TestAbortedException if this cluster does not allow it ({@link NodeFaultOptIn}): the test is skipped
     */
    public synchronized ScheduledFault after(Duration delay, Fault fault) {
        nodeFaults.check(fault);
        var scheduledFault = new ScheduledFault(fault, delay);
        scheduled.add(scheduledFault);
        scheduledFault.thread = Thread.ofVirtual().name("unshaken-fault-" + scheduled.size()).start(() -> {
            try {
                Thread.sleep(delay);
                scheduledFault.started = true;
                run(fault);
                scheduledFault.done.complete(null);
            } catch (InterruptedException e) {
                scheduledFault.done.cancel(false);
            } catch (Throwable t) {
                scheduledFault.done.completeExceptionally(t);
            }
        });
        return scheduledFault;
    }

    /**
     * Waits until every fault started with {@link #after} is over.
     *
     * @throws FaultFailedException (or what the fault threw) for the first that failed
     */
    public void awaitAll() {
        List<ScheduledFault> all;
        synchronized (this) {
            all = List.copyOf(scheduled);
        }
        for (ScheduledFault fault : all) {
            fault.await(CLOSE_WAIT);
        }
    }

    /** Why this cluster does not allow the fault ({@link NodeFaultOptIn}), or empty when it may run. */
    public Optional<String> refusal(Fault fault) {
        return nodeFaults.refusal(fault);
    }

    /** The seed of victim picks. */
    public long seed() {
        return context.seed();
    }

    /** The journal faults and observations go to. */
    public Journal journal() {
        return journal;
    }

    /**
     * Cancels faults not started yet, waits for running ones, uncordons nodes left cordoned (journaled as
     * {@link FaultKind#NODE_UNCORDON} with {@code reason=cleanup}) and stops the watchers.
     */
    @Override
    public void close() {
        List<ScheduledFault> all;
        synchronized (this) {
            all = List.copyOf(scheduled);
        }
        for (ScheduledFault fault : all) {
            if (!fault.started && fault.thread != null) {
                fault.thread.interrupt();
            }
        }
        for (ScheduledFault fault : all) {
            try {
                fault.done.get(CLOSE_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (Exception ignored) {
                // its failure was reported by awaitAll, or the test failed before; cleaning up matters now
            }
        }
        for (String node : context.cordonedNodes()) {
            try {
                var running = context.start(FaultKind.NODE_UNCORDON, "node/" + node, FaultContext.details("reason", "cleanup"));
                NodeUncordon.uncordon(context, node);
                running.end(FaultContext.details("outcome", "schedulable"));
            } catch (RuntimeException e) {
                System.err.println("[unshaken] could not uncordon node " + node + " after the test: " + e.getMessage()
                        + "; run: kubectl uncordon " + node);
            }
        }
        synchronized (this) {
            if (watch != null) {
                watch.close();
            }
        }
    }
}
