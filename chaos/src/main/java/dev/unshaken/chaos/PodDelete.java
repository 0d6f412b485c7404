package dev.unshaken.chaos;

import dev.unshaken.journal.FaultKind;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Deletes one pod of a {@link PodTarget} and waits until it is gone:
 * <ul>
 *   <li>{@link #graceful}: with the pod's own grace period, as a rollout, a scale-in or {@code kubectl delete pod} does:
 *   the preStop hook runs, then SIGTERM, then SIGKILL at the deadline;</li>
 *   <li>{@link #kill}: with grace period 0, as {@code kubectl delete --grace-period=0 --force}: the pod object is
 *   removed at once and the kubelet kills the containers without waiting for them (no preStop, the shortest
 *   possible SIGTERM-to-SIGKILL gap).</li>
 * </ul>
 * The replacement pod is the workload controller's business, not this fault's.
 */
public final class PodDelete implements Fault {

    private final PodTarget target;
    private final boolean kill;
    private final Duration timeout;

    private PodDelete(PodTarget target, boolean kill, Duration timeout) {
        this.target = Objects.requireNonNull(target, "target");
        this.kill = kill;
        this.timeout = timeout;
    }

    /** Deletes a pod of the target with its grace period. */
    public static PodDelete graceful(PodTarget target) {
        return new PodDelete(target, false, Duration.ofMinutes(3));
    }

    /** Deletes a pod of the target with grace period 0 (SIGKILL without preStop). */
    public static PodDelete kill(PodTarget target) {
        return new PodDelete(target, true, Duration.ofMinutes(3));
    }

    /** The same fault, waiting at most {@code timeout} for the pod to be gone. */
    public PodDelete withTimeout(Duration timeout) {
        return new PodDelete(target, kill, timeout);
    }

    @Override
    public void inject(FaultContext context) {
        Pod victim = target.pick(context);
        String namespace = victim.getMetadata().getNamespace();
        String name = victim.getMetadata().getName();
        var pod = context.client().pods().inNamespace(namespace).withName(name);
        var running = context.start(kill ? FaultKind.POD_KILL : FaultKind.POD_DELETE, namespace + "/pod/" + name,
                FaultContext.details(
                        "selector", target.selector(),
                        "node", String.valueOf(victim.getSpec().getNodeName()),
                        "gracePeriodSeconds", kill ? "0" : String.valueOf(victim.getSpec().getTerminationGracePeriodSeconds()),
                        "seed", Long.toString(context.seed())));
        try {
            if (kill) {
                pod.withGracePeriod(0).delete();
            } else {
                pod.delete();
            }
            pod.waitUntilCondition(Objects::isNull, timeout.toMillis(), TimeUnit.MILLISECONDS);
            running.end(FaultContext.details("outcome", "gone"));
        } catch (KubernetesClientTimeoutException e) {
            running.end(FaultContext.details("outcome", "still-terminating"));
            throw new FaultFailedException("pod " + namespace + "/" + name + " still exists " + timeout.toSeconds()
                    + " s after it was deleted; look at its finalizers and the kubelet of node " + victim.getSpec().getNodeName(), e);
        } catch (RuntimeException e) {
            running.failed(e);
            throw e;
        }
    }

    @Override
    public String describe() {
        return (kill ? "SIGKILL (grace 0) of " : "graceful delete of ") + target;
    }
}
