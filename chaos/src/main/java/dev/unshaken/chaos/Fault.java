package dev.unshaken.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One thing that goes wrong, as a small action: {@link #inject} does it, waits until it is over, and records
 * its start and end (and what it hit) in the journal. Faults compose: {@code a.then(Fault.pause(d)).then(b)}.
 *
 * <p>Shipped faults: {@link PodDelete}, {@link NodeDrain}, {@link NodeUncordon}, {@link NodeFailure},
 * {@link Rollout}, {@link Rollback}, {@link Scale}. Run them with {@link Faults}.
 */
public interface Fault {

    /**
     * Injects the fault and returns when it is over. Journals a {@link dev.unshaken.journal.FaultEvent} when it
     * starts and again when it ends.
     *
     * @throws FaultFailedException if the fault could not be carried out, or did not reach the end it waits for (a
     *                              rollout whose new pods never become ready, a drain that never empties the node):
     *                              a scenario must not go on judging as if it had. How the system behaved meanwhile
     *                              is for the verdicts.
     */
    void inject(FaultContext context);

    /** What it does, for logs and failure messages, e.g. {@code graceful delete of a pod labelled app=web in shop}. */
    String describe();

    /**
     * Checks, when the fault is scheduled and before anything runs, what can be known already: that this cluster
     * can carry the fault at all (a network fault needs a mechanism its nodes' kernel has). Changes nothing.
     *
     * @throws FaultFailedException if the fault could never run here, saying why
     */
    default void preflight(FaultContext context) {
    }

    /** What a fault acts on, which decides on which clusters it may run ({@link NodeFaultOptIn}). */
    enum Reach {
        /** Objects in the run's own namespaces (pods, deployments): allowed on any cluster. */
        NAMESPACES,
        /** Nodes, through the API (cordon, drain): on a cluster Unshaken did not start, only when opted in. */
        NODES,
        /** The machines under the nodes (power-off, freeze): only on a {@code K3sCluster}, whose nodes are containers. */
        MACHINES
    }

    /** What this fault acts on; {@link Reach#NAMESPACES} unless it touches nodes. */
    default Reach reach() {
        return Reach.NAMESPACES;
    }

    /**
     * For a {@link Reach#MACHINES} fault, what it does on the nodes' machines, as the refusal on a cluster whose
     * machines Unshaken cannot reach says it, e.g. "it stops or freezes a node's machine".
     */
    default String machineWork() {
        return "it stops or freezes a node's machine";
    }

    /** This fault, then {@code next}. */
    default Fault then(Fault next) {
        var steps = new ArrayList<Fault>();
        steps.add(this);
        steps.add(next);
        return sequence(steps);
    }

    /** The faults one after another. */
    static Fault sequence(List<Fault> faults) {
        var steps = List.copyOf(faults);
        return new Fault() {
            @Override
            public void inject(FaultContext context) {
                steps.forEach(step -> step.inject(context));
            }

            @Override
            public void preflight(FaultContext context) {
                steps.forEach(step -> step.preflight(context));
            }

            @Override
            public String describe() {
                return String.join(", then ", steps.stream().map(Fault::describe).toList());
            }

            @Override
            public Reach reach() {
                return steps.stream().map(Fault::reach).max(Enum::compareTo).orElse(Reach.NAMESPACES);
            }

            @Override
            public String machineWork() {
                return steps.stream().filter(step -> step.reach() == Reach.MACHINES).findFirst().map(Fault::machineWork)
                        .orElseGet(Fault.super::machineWork);
            }
        };
    }

    /** Waiting between faults; records nothing. */
    static Fault pause(Duration duration) {
        return new Fault() {
            @Override
            public void inject(FaultContext context) {
                FaultContext.sleep(duration);
            }

            @Override
            public String describe() {
                return "wait " + duration.toMillis() / 1000.0 + " s";
            }
        };
    }
}
