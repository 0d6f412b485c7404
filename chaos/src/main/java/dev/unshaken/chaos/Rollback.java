package dev.unshaken.chaos;

import dev.unshaken.journal.FaultKind;
import io.fabric8.kubernetes.api.model.apps.Deployment;

import java.time.Duration;
import java.util.Objects;

/**
 * Rolls a Deployment back to its previous revision, as {@code kubectl rollout undo} does, and waits until
 * that rollout is complete. A rollback that stalls ({@code ProgressDeadlineExceeded}) or does not complete within
 * its timeout fails the fault ({@link FaultFailedException}), naming the Deployment's {@code Progressing} condition.
 */
public final class Rollback implements Fault {

    private final String namespace;
    private final String deployment;
    private final Duration timeout;

    private Rollback(String namespace, String deployment, Duration timeout) {
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.deployment = Objects.requireNonNull(deployment, "deployment");
        this.timeout = timeout;
    }

    /** Rolls the Deployment back to its previous revision. */
    public static Rollback of(String namespace, String deployment) {
        return new Rollback(namespace, deployment, Duration.ofMinutes(5));
    }

    /** The same rollback, waiting at most {@code timeout} for it to complete. */
    public Rollback withTimeout(Duration timeout) {
        return new Rollback(namespace, deployment, timeout);
    }

    @Override
    public void inject(FaultContext context) {
        Deployment before = Rollouts.require(context, namespace, deployment);
        var running = context.start(FaultKind.ROLLBACK, namespace + "/deployment/" + deployment,
                FaultContext.details("imagesBefore", Rollouts.images(before)));
        try {
            Deployment after = context.client().apps().deployments().inNamespace(namespace).withName(deployment).rolling().undo();
            if (Rollouts.unchanged(before, after)) {
                throw Rollouts.noEffect(running, describe() + " changed nothing (generation " + before.getMetadata().getGeneration()
                        + " unchanged): the previous revision has the template the Deployment already runs, so no pod was replaced");
            }
            Deployment last = Rollouts.await(context, namespace, deployment, before, timeout);
            Rollouts.end(running, FaultContext.details("imagesAfter", Rollouts.images(after)),
                    Rollouts.outcome(describe(), last, before, timeout, false, ""));
        } catch (RuntimeException e) {
            running.failed(e);
            throw e;
        }
    }

    @Override
    public String describe() {
        return "rollback of " + namespace + "/" + deployment;
    }
}
