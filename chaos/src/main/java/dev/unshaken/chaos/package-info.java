/**
 * Faults, and the watchers that record what the cluster did, all into the run's {@link dev.unshaken.journal.Journal}.
 *
 * <ul>
 *   <li>{@link dev.unshaken.chaos.Fault}: one small action that journals its start and end; faults compose with
 *   {@code then} and {@link dev.unshaken.chaos.Fault#pause}. Shipped: {@link dev.unshaken.chaos.PodDelete} (graceful,
 *   or SIGKILL via grace period 0), {@link dev.unshaken.chaos.ContainerCrash} (the main process killed on its node),
 *   {@link dev.unshaken.chaos.NodeDrain} / {@link dev.unshaken.chaos.NodeUncordon},
 *   {@link dev.unshaken.chaos.NodeFailure} (stop or freeze an agent, then bring it back),
 *   {@link dev.unshaken.chaos.Rollout} / {@link dev.unshaken.chaos.Rollback}, {@link dev.unshaken.chaos.Scale}.</li>
 *   <li>{@link dev.unshaken.chaos.PodTarget}: victims by label, picked with the run's seeded random source.</li>
 *   <li>{@link dev.unshaken.chaos.Faults}: runs faults now or after a delay, confined to the namespaces the run
 *   created, and starts the watchers ({@link dev.unshaken.chaos.Faults#watch}, or with
 *   {@link dev.unshaken.chaos.Faults#confineTo}); {@link dev.unshaken.chaos.ChaosExtension} injects it per test.</li>
 *   <li>{@link dev.unshaken.chaos.ClusterWatch}: fabric8 informers turning pod, EndpointSlice, Deployment, HPA, PDB,
 *   node and Event changes into journal observations, and journaling their own health (connected, gaps, closed).</li>
 * </ul>
 */
package dev.unshaken.chaos;
