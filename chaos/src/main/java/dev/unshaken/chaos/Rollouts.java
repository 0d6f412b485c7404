package dev.unshaken.chaos;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** What rollout, rollback and scale faults share: waiting for a Deployment to settle, and describing it. */
final class Rollouts {

    private Rollouts() {
    }

    /**
     * Waits (by watch) until the Deployment's controller has seen its latest spec and every replica is updated,
     * ready and available, as {@code kubectl rollout status} does.
     *
     * @return whether it settled within the timeout
     */
    static boolean awaitSettled(FaultContext context, String namespace, String name, Duration timeout) {
        try {
            context.client().apps().deployments().inNamespace(namespace).withName(name)
                    .waitUntilCondition(Rollouts::settled, timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (KubernetesClientTimeoutException e) {
            return false;
        }
    }

    static boolean settled(Deployment d) {
        if (d == null || d.getStatus() == null) {
            return false;
        }
        var status = d.getStatus();
        int desired = Objects.requireNonNullElse(d.getSpec().getReplicas(), 1);
        return status.getObservedGeneration() != null && status.getObservedGeneration() >= d.getMetadata().getGeneration()
                && Objects.requireNonNullElse(status.getUpdatedReplicas(), 0) == desired
                && Objects.requireNonNullElse(status.getReplicas(), 0) == desired
                && Objects.requireNonNullElse(status.getReadyReplicas(), 0) == desired
                && Objects.requireNonNullElse(status.getAvailableReplicas(), 0) == desired;
    }

    static Deployment require(FaultContext context, String namespace, String name) {
        context.requireInScope(namespace);
        Deployment d = context.client().apps().deployments().inNamespace(namespace).withName(name).get();
        if (d == null) {
            throw new FaultFailedException("no deployment " + name + " in namespace " + namespace);
        }
        return d;
    }

    static String images(Deployment d) {
        return d.getSpec().getTemplate().getSpec().getContainers().stream().map(c -> c.getImage()).collect(Collectors.joining(","));
    }

    /** {@code 2/3 ready, 3 updated} of the Deployment now. */
    static String state(FaultContext context, String namespace, String name) {
        Deployment d = context.client().apps().deployments().inNamespace(namespace).withName(name).get();
        if (d == null || d.getStatus() == null) {
            return "no status";
        }
        return Objects.requireNonNullElse(d.getStatus().getReadyReplicas(), 0) + "/" + d.getSpec().getReplicas() + " ready, "
                + Objects.requireNonNullElse(d.getStatus().getUpdatedReplicas(), 0) + " updated";
    }
}
