package dev.unshaken.chaos;

import dev.unshaken.journal.FaultKind;
import io.fabric8.kubernetes.api.model.apps.Deployment;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Sets a Deployment's replica count and waits until that many replicas are ready (scale-in removes pods gracefully).
 * A scale that stalls ({@code ProgressDeadlineExceeded}) or does not complete within its timeout fails the fault
 * ({@link FaultFailedException}), naming the Deployment's {@code Progressing} condition.
 */
public final class Scale implements Fault {

    private final String namespace;
    private final String deployment;
    private final int replicas;
    private final Duration timeout;

    private Scale(String namespace, String deployment, int replicas, Duration timeout) {
        if (replicas < 0) {
            throw new IllegalArgumentException("replicas must be >= 0, got " + replicas);
        }
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.deployment = Objects.requireNonNull(deployment, "deployment");
        this.replicas = replicas;
        this.timeout = timeout;
    }

    /** Scales the Deployment to {@code replicas}. */
    public static Scale to(String namespace, String deployment, int replicas) {
        return new Scale(namespace, deployment, replicas, Duration.ofMinutes(3));
    }

    /** The same scale, waiting at most {@code timeout}. */
    public Scale withTimeout(Duration timeout) {
        return new Scale(namespace, deployment, replicas, timeout);
    }

    @Override
    public void inject(FaultContext context) {
        Deployment before = Rollouts.require(context, namespace, deployment);
        var running = context.start(FaultKind.SCALE, namespace + "/deployment/" + deployment,
                FaultContext.details("from", String.valueOf(before.getSpec().getReplicas()), "to", Integer.toString(replicas)));
        try {
            if (before.getSpec().getReplicas() != null && before.getSpec().getReplicas() == replicas) {
                throw Rollouts.noEffect(running, describe() + " changed nothing: the Deployment already has " + replicas
                        + " replicas, so no pod was added or removed; scale to another count");
            }
            context.client().apps().deployments().inNamespace(namespace).withName(deployment).scale(replicas);
            Deployment last = Rollouts.await(context, namespace, deployment, before, timeout);
            Rollouts.end(running, Map.of(), Rollouts.outcome(describe(), last, before, timeout, false, ""));
        } catch (RuntimeException e) {
            running.failed(e);
            throw e;
        }
    }

    @Override
    public String describe() {
        return "scale of " + namespace + "/" + deployment + " to " + replicas;
    }
}
