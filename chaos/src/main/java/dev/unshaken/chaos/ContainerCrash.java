package dev.unshaken.chaos;

import dev.unshaken.fixtures.cluster.Machines;
import dev.unshaken.fixtures.cluster.K3sCluster;
import dev.unshaken.journal.FaultKind;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Crashes the main container of one pod of a {@link PodTarget}: its process is killed with SIGKILL on the node,
 * as the kernel's OOM killer or a segfault would. Unlike {@link PodDelete} the pod stays: nothing tells the
 * endpoints controller in advance, no preStop runs, and the kubelet restarts the container in place (its restart
 * count goes up). The fault ends when the container runs again.
 *
 * <p>Needs a {@link K3sCluster}, whose nodes it can reach; an existing cluster's nodes are out of Unshaken's reach.
 */
public final class ContainerCrash implements Fault {

    private final PodTarget target;
    private final Duration timeout;

    private ContainerCrash(PodTarget target, Duration timeout) {
        this.target = Objects.requireNonNull(target, "target");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** Crashes the first container of a pod of the target. */
    public static ContainerCrash of(PodTarget target) {
        return new ContainerCrash(target, Duration.ofMinutes(3));
    }

    @Override
    public void inject(FaultContext context) {
        Machines machines = context.cluster().machines().orElseThrow(() -> new FaultFailedException("a container crash kills a"
                + " process on its node, which Unshaken can reach only on a cluster it started; this run uses "
                + context.cluster().getClass().getSimpleName() + " at " + context.cluster().server()));
        Pod victim = target.pick(context);
        String namespace = victim.getMetadata().getNamespace();
        String name = victim.getMetadata().getName();
        String containerName = victim.getSpec().getContainers().getFirst().getName();
        ContainerStatus status = statusOf(victim, containerName)
                .filter(s -> s.getContainerID() != null)
                .orElseThrow(() -> new FaultFailedException("pod " + namespace + "/" + name + " has no running container " + containerName));
        int restartsBefore = Objects.requireNonNullElse(status.getRestartCount(), 0);
        String node = victim.getSpec().getNodeName();
        var running = context.start(FaultKind.CONTAINER_CRASH, namespace + "/pod/" + name,
                FaultContext.details(
                        "selector", target.selector(),
                        "container", containerName,
                        "node", node,
                        "restartsBefore", Integer.toString(restartsBefore),
                        "seed", Long.toString(context.seed())));
        try {
            machines.killContainer(node, status.getContainerID());
            Pod restarted = context.client().pods().inNamespace(namespace).withName(name).waitUntilCondition(
                    pod -> pod != null && statusOf(pod, containerName)
                            .filter(s -> Objects.requireNonNullElse(s.getRestartCount(), 0) > restartsBefore)
                            .filter(s -> s.getState() != null && s.getState().getRunning() != null)
                            .isPresent(),
                    timeout.toMillis(), TimeUnit.MILLISECONDS);
            running.end(FaultContext.details("outcome", "restarted",
                    "restartsAfter", Integer.toString(statusOf(restarted, containerName).map(ContainerStatus::getRestartCount).orElse(-1))));
        } catch (KubernetesClientTimeoutException e) {
            running.end(FaultContext.details("outcome", "not-restarted"));
            throw new FaultFailedException("container " + containerName + " of pod " + namespace + "/" + name + " was not running again "
                    + timeout.toSeconds() + " s after it was killed; look at the pod's events (CrashLoopBackOff?)", e);
        } catch (RuntimeException e) {
            running.failed(e);
            throw e;
        }
    }

    private static Optional<ContainerStatus> statusOf(Pod pod, String container) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getContainerStatuses().stream().filter(s -> container.equals(s.getName())).findFirst();
    }

    @Override
    public String describe() {
        return "crash (SIGKILL on its node) of the main container of " + target;
    }
}
