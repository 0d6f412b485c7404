package dev.unshaken.chaos;

import dev.unshaken.fixtures.cluster.Cluster;
import dev.unshaken.fixtures.cluster.ObjectLabels;
import dev.unshaken.fixtures.cluster.RunExit;
import dev.unshaken.journal.FaultKind;
import dev.unshaken.journal.Journal;
import dev.unshaken.journal.Progress;
import io.fabric8.kubernetes.api.model.Namespace;
import org.slf4j.MDC;

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
    private static final Duration CLOSE_WAIT = Duration.ofMinutes(8);
    /** How long a fault may take to undo itself at JVM exit. */
    private static final Duration EXIT_WAIT = Duration.ofSeconds(25);

    private final Cluster cluster;
    private final Journal journal;
    private final Set<String> namespaces = ConcurrentHashMap.newKeySet();
    private final FaultContext context;
    private final NodeFaultOptIn nodeFaults;
    private final List<ScheduledFault> scheduled = new ArrayList<>();
    private ClusterWatch watch;
    private AbortGuard abortGuard;
    /** Stops the running faults before the run's cleanup at JVM exit; closed with this. */
    private final RunExit.Registration exit;

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
        this.exit = RunExit.beforeCleanup("stop the faults of " + journal.scenario(), this::stopForExit);
    }

    /**
     * Allows faults in these namespaces, which the run created, and starts recording what the cluster does in
     * them (and on its nodes), as {@link #watch} does. Returns once the watchers have listed what exists. Each
     * namespace must carry this run's labels ({@link ObjectLabels#ofThisRun()}), as {@code TestNamespace}s and the
     * stack's namespace do: on a cluster people care about, a namespace that was there before the run is theirs,
     * whatever its name.
     *
     * @throws IllegalArgumentException for a system namespace ({@code default}, {@code kube-*}), one that does not
     *                                  exist, or one this run did not create; nothing is confined or watched then
     */
    public synchronized Faults confineTo(String... namespaces) {
        for (String namespace : namespaces) {
            Optional<String> refusal = isSystemNamespace(namespace) ? Optional.of("faults never touch " + namespace
                    + ": it is not created by the run; deploy the workload under test into a namespace of its own (TestNamespace,"
                    + " or the stack's)") : confinementRefusal(namespace, cluster.client().namespaces().withName(namespace).get());
            if (refusal.isPresent()) {
                throw new IllegalArgumentException(refusal.get());
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
     * Stops the faults early, and undoes them, when {@code condition} trips while they run (see {@link AbortCondition}):
     * checked every second from now until {@link #awaitAll} returns, which then throws {@link ScenarioAbortedException}.
     * Covers the faults started with {@link #after}; one scheduled after the abort never starts. One condition per
     * scenario.
     *
     * @throws IllegalStateException if this scenario already has one
     */
    public synchronized Faults abortWhen(AbortCondition condition) {
        Objects.requireNonNull(condition, "condition");
        if (abortGuard != null) {
            throw new IllegalStateException("this scenario already aborts on " + abortGuard.condition().describe()
                    + "; a scenario has one abort condition");
        }
        abortGuard = new AbortGuard(condition, journal, this::abort);
        abortGuard.start();
        Progress.untimed().step("abort", "when the %s no longer holds, every fault stops and is undone", condition.describe());
        return this;
    }

    /** For the abort condition: stops every fault, started or not; a running one undoes what it did. */
    private void abort() {
        context.abort();
        List<ScheduledFault> all;
        synchronized (this) {
            all = List.copyOf(scheduled);
        }
        all.stream().filter(f -> f.thread != null).forEach(f -> f.thread.interrupt());
    }

    /**
     * Checks, without changing anything, that the fault may and can run on this cluster: the node-fault opt-in, then
     * the fault's own {@link Fault#preflight} (e.g. a network mechanism the nodes' kernel has). {@link #after} calls
     * it when it schedules a fault; a scenario calls it for each fault before its load starts, so nothing half-runs.
     *
     * @throws org.opentest4j.TestAbortedException if this cluster does not allow it ({@link NodeFaultOptIn}): the test is skipped
     * @throws FaultFailedException                 if it could never run here
     */
    public void preflight(Fault fault) {
        nodeFaults.check(fault);
        fault.preflight(context);
    }

    /**
     * Runs the fault now and returns when it is over.
     *
     * @throws org.opentest4j.TestAbortedException if this cluster does not allow it ({@link NodeFaultOptIn}): the test is skipped
     */
    public void run(Fault fault) {
        nodeFaults.check(fault); // the fault's own preflight is part of its inject
        Progress.untimed().step("fault", "%s", fault.describe());
        fault.inject(context);
    }

    /**
     * Starts the fault in the background {@code delay} from now; {@link #awaitAll()} waits for it.
     *
     * @throws org.opentest4j.TestAbortedException if this cluster does not allow it ({@link NodeFaultOptIn}): the test is skipped
     */
    public synchronized ScheduledFault after(Duration delay, Fault fault) {
        // The delay counts from this call, not from the end of the preflight (which may ask the nodes).
        long due = System.nanoTime() + delay.toNanos();
        preflight(fault);
        var scheduledFault = new ScheduledFault(fault, delay);
        scheduled.add(scheduledFault);
        if (abortGuard != null && abortGuard.tripped()) {
            scheduledFault.done.cancel(false); // the scenario was aborted: no new fault starts
            return scheduledFault;
        }
        var logContext = MDC.getCopyOfContextMap(); // the scenario's name for its progress lines
        scheduledFault.thread = Thread.ofVirtual().name("unshaken-fault-" + scheduled.size()).start(() -> {
            if (logContext != null) {
                MDC.setContextMap(logContext);
            }
            try {
                Thread.sleep(Duration.ofNanos(Math.max(0, due - System.nanoTime())));
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
     * Waits until every fault started with {@link #after} is over, also when one of them failed: a scenario that
     * throws while another fault still runs (a node still down, a partition still in place) would judge, and tear
     * down, in the middle of it.
     *
     * With an {@link #abortWhen abort condition}, it then stops checking it and journals how it held.
     *
     * @throws ScenarioAbortedException if the abort condition tripped (the faults' failures suppressed)
     * @throws FaultFailedException     (or what the fault threw) for the first that failed, the others' failures suppressed
     */
    public void awaitAll() {
        List<ScheduledFault> all;
        AbortGuard guard;
        synchronized (this) {
            all = List.copyOf(scheduled);
            guard = abortGuard;
        }
        RuntimeException first = null;
        for (ScheduledFault fault : all) {
            try {
                fault.await(CLOSE_WAIT);
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        Optional<String> aborted = guard == null ? Optional.empty() : guard.finish();
        if (aborted.isPresent()) {
            var abort = new ScenarioAbortedException(aborted.get());
            if (first != null) {
                abort.addSuppressed(first);
            }
            throw abort;
        }
        if (first != null) {
            throw first;
        }
    }

    /** Whether the namespace is the cluster's own ({@code default}, {@code kube-*}), which no run creates and no fault touches. */
    public static boolean isSystemNamespace(String namespace) {
        return namespace.equals("default") || namespace.startsWith("kube-");
    }

    /**
     * Why faults may not be confined to the namespace as found in the cluster (null when it does not exist), or empty
     * when this run created it.
     */
    static Optional<String> confinementRefusal(String name, Namespace found) {
        String how = ". Faults touch only namespaces this run created: deploy the workload under test into one (a TestNamespace,"
                + " the shop's, or a scenario file's stack.namespace that does not exist yet, which the run then creates)";
        if (found == null) {
            return Optional.of("namespace " + name + " does not exist, so the run did not create it" + how);
        }
        if (ObjectLabels.isThisRuns(found)) {
            return Optional.empty();
        }
        String run = ObjectLabels.runOf(found);
        String owner = ObjectLabels.isManaged(found) && run != null
                ? "was created by another Unshaken run (" + ObjectLabels.RUN + "=" + run + "), not by this one (" + ObjectLabels.runId() + ")"
                : "was not created by this run (it lacks the labels " + ObjectLabels.MANAGED + "=true and " + ObjectLabels.RUN + "="
                + ObjectLabels.runId() + "), so it existed before the run and is someone else's";
        return Optional.of("no fault may touch namespace " + name + ": it " + owner + how);
    }

    /** Why this cluster does not allow the fault ({@link NodeFaultOptIn}), or empty when it may run. */
    public Optional<String> refusal(Fault fault) {
        return nodeFaults.refusal(fault);
    }

    /** Which faults may run on this cluster, as these faults check them. */
    public NodeFaultOptIn nodeFaults() {
        return nodeFaults;
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
     * At JVM exit, before the cluster cleanup ({@link RunExit}): interrupts every fault, started or not, and waits until
     * each has ended (a running fault undoes what it did when interrupted), so none goes on after the cleanup.
     */
    void stopForExit() {
        List<ScheduledFault> all;
        synchronized (this) {
            all = List.copyOf(scheduled);
            if (abortGuard != null) {
                abortGuard.cancel();
            }
        }
        all.stream().filter(f -> f.thread != null).forEach(f -> f.thread.interrupt());
        for (ScheduledFault fault : all) {
            try {
                fault.done.get(EXIT_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (Exception ignored) {
                // ended by the interrupt, failed, or still undoing: the cleanup goes on either way
            }
        }
    }

    /**
     * Cancels faults not started yet, waits for running ones, uncordons nodes left cordoned (journaled as
     * {@link FaultKind#NODE_UNCORDON} with {@code reason=cleanup}) and stops the watchers.
     */
    @Override
    public void close() {
        exit.close();
        List<ScheduledFault> all;
        synchronized (this) {
            all = List.copyOf(scheduled);
            if (abortGuard != null) {
                abortGuard.cancel();
            }
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
                Progress.untimed().problem("fault", "could not uncordon node %s after the test: %s; run: kubectl uncordon %s", node,
                        e.getMessage(), node);
            }
        }
        synchronized (this) {
            if (watch != null) {
                watch.close();
            }
        }
    }
}
