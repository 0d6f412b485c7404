package dev.unshaken.chaos;

import dev.unshaken.fixtures.cluster.Machines;

/**
 * A fault carried out in chosen pods' network namespaces, entered from their nodes: a network fault, a DNS or HTTP
 * fault, a bandwidth limit. It reaches the machines, so only a cluster Unshaken started takes it, and a mechanism of
 * the nodes' kernel must carry it; the preflight checks both before anything changes.
 */
abstract class PodNetworkFault implements Fault {

    private final String name;
    private final String machineWork;

    /**
     * @param name        how refusals name the fault, e.g. {@code "a DNS fault"}
     * @param machineWork what it does on the nodes, for the refusal on a cluster whose machines are not Unshaken's
     */
    PodNetworkFault(String name, String machineWork) {
        this.name = name;
        this.machineWork = machineWork;
    }

    /** The mechanism this fault needs among those the nodes' kernel offers (it may refuse, saying why). */
    abstract NetworkMechanisms.Mechanism mechanism(NetworkMechanisms offered);

    @Override
    public final Reach reach() {
        return Reach.MACHINES;
    }

    @Override
    public final String machineWork() {
        return machineWork;
    }

    /** Refuses, before anything changes, a cluster whose nodes Unshaken cannot reach or whose kernel cannot carry it. */
    @Override
    public final void preflight(FaultContext context) {
        checkedMechanism(context);
    }

    /** The mechanism that carries this fault on the cluster's nodes, or a refusal saying why none can. */
    final NetworkMechanisms.Mechanism checkedMechanism(FaultContext context) {
        return FaultedPods.mechanism(context, name, describe(), this::mechanism);
    }

    /** The cluster's machines, or a refusal naming this fault. */
    final Machines machines(FaultContext context) {
        return FaultedPods.machinesOf(context, name);
    }
}
