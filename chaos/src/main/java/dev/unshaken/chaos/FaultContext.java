package dev.unshaken.chaos;

import dev.unshaken.fixtures.cluster.Cluster;
import dev.unshaken.journal.FaultEvent;
import dev.unshaken.journal.FaultKind;
import dev.unshaken.journal.Journal;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a {@link Fault} works with: the cluster, the journal, the run's seeded random source, and the
 * namespaces the run created (the only ones a fault may touch).
 */
public final class FaultContext {

    private final Cluster cluster;
    private final Journal journal;
    private final long seed;
    private final Random random;
    private final Set<String> namespaces;
    private final Set<String> cordonedNodes = ConcurrentHashMap.newKeySet();
    /** Set when the scenario's abort condition tripped: a fault stopped from then on ends with {@code outcome=aborted}. */
    private volatile boolean aborted;

    FaultContext(Cluster cluster, Journal journal, long seed, Set<String> namespaces) {
        this.cluster = cluster;
        this.journal = journal;
        this.seed = seed;
        this.random = new Random(seed);
        this.namespaces = namespaces;
    }

    /** The cluster under test. */
    public Cluster cluster() {
        return cluster;
    }

    /** Its client. */
    public KubernetesClient client() {
        return cluster.client();
    }

    /** The run's journal. */
    public Journal journal() {
        return journal;
    }

    /** The seed of {@link #random()}, recorded with every random pick. */
    public long seed() {
        return seed;
    }

    /** The run's random source: the same seed picks the same victims from the same candidates. */
    public Random random() {
        return random;
    }

    /** The namespaces faults may touch: those the run created. */
    public Set<String> namespaces() {
        return Set.copyOf(namespaces);
    }

    /**
     * Returns the namespace if the run created it.
     *
     * @throws IllegalArgumentException otherwise, saying how to allow it
     */
    public String requireInScope(String namespace) {
        if (!namespaces.contains(namespace)) {
            throw new IllegalArgumentException("namespace " + namespace + " was not created by this run, so no fault may touch it; "
                    + "faults are confined to " + (namespaces.isEmpty() ? "no namespace yet" : namespaces)
                    + ". Call faults.confineTo(\"" + namespace + "\") if the test created it.");
        }
        return namespace;
    }

    /** Whether the namespace is one the run created. */
    public boolean inScope(String namespace) {
        return namespaces.contains(namespace);
    }

    /** Journals a fault that starts now; end it with {@link RunningFault#end}. */
    public RunningFault start(FaultKind kind, String target, Map<String, String> details) {
        var event = FaultEvent.started(journal.nextFaultId(), kind, target, journal.now(), details);
        journal.record(event);
        return new RunningFault(event);
    }

    /** Journals a fault that happened at one instant (an eviction, a refusal). */
    public void instant(FaultKind kind, String target, Map<String, String> details) {
        journal.record(FaultEvent.instant(journal.nextFaultId(), kind, target, journal.now(), details));
    }

    /** A fault that has started and not yet been journaled as ended. */
    public final class RunningFault {
        private final FaultEvent started;
        private boolean ended;

        private RunningFault(FaultEvent started) {
            this.started = started;
        }

        /** Journals the end, now, with more details (e.g. {@code outcome}). */
        public void end(Map<String, String> details) {
            end(journal.now(), details);
        }

        /** Journals the end, as of {@code endMs} (epoch ms, on the journal's clock), with more details. */
        synchronized void end(long endMs, Map<String, String> details) {
            if (!ended) {
                ended = true;
                journal.record(started.endedAt(endMs, details));
            }
        }

        /** Journals the end with {@code outcome=failed} and the error, unless it was already ended. */
        public void failed(Throwable error) {
            end(Map.of("outcome", "failed", "error", String.valueOf(error.getMessage())));
        }

        /** The fault's id in the journal. */
        public String id() {
            return started.id();
        }

        /**
         * Runs what the fault does, then always {@code undo}, then journals the end with {@code details}: what the
         * action and the undo put there, {@code outcome=failed} (or {@code aborted}, stopped by the abort condition) and the error if the action threw, else
         * {@code outcome=ended} unless either set another. An interrupted fault (a cancelled run, a test that gave up)
         * must still undo what it changed: {@code undo} runs with the interrupt cleared, and it is set again afterwards.
         */
        void runThenUndo(Map<String, String> details, Runnable action, Runnable undo) {
            try {
                action.run();
            } catch (RuntimeException e) {
                details.putIfAbsent("outcome", aborted ? "aborted" : "failed");
                details.put("error", String.valueOf(e.getMessage()));
                throw e;
            } finally {
                boolean interrupted = Thread.interrupted();
                try {
                    undo.run();
                } finally {
                    details.putIfAbsent("outcome", "ended");
                    end(details);
                    if (interrupted) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        }
    }

    /** The scenario's abort condition tripped ({@link Faults#abortWhen}): faults stopped now were aborted, not failed. */
    void abort() {
        aborted = true;
    }

    void cordoned(String node) {
        cordonedNodes.add(node);
    }

    void uncordoned(String node) {
        cordonedNodes.remove(node);
    }

    /** Nodes a drain cordoned and nothing uncordoned yet. */
    Set<String> cordonedNodes() {
        return Set.copyOf(cordonedNodes);
    }

    /** Details as an ordered map, for {@code start(..)} and {@code end(..)}; a {@code null} value leaves its key out. */
    static Map<String, String> details(String... keysAndValues) {
        var map = new LinkedHashMap<String, String>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) { // a value not known (e.g. a pod IP not assigned yet) is left out
                map.put(keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return map;
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FaultFailedException("interrupted while waiting " + duration, e);
        }
    }
}
