package dev.unshaken.chaos;

import dev.unshaken.journal.FaultKind;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;

import java.time.Duration;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Rolls a Deployment to a new pod template, as a release does, and waits until the rollout is complete
 * (every replica updated, ready and available). The images must already be on the nodes
 * ({@code cluster.loadImage(..)}): this fault is the rollout, not the image distribution.
 *
 * <pre>{@code
 * faults.run(Rollout.image("shop", "order-service", "unshaken/order-service:1.1.0"));
 * faults.run(Rollout.env("shop", "web", "FEATURE_X", "on"));
 * }</pre>
 */
public final class Rollout implements Fault {

    private final String namespace;
    private final String deployment;
    private final String change;
    private final UnaryOperator<Deployment> edit;
    private final Duration timeout;

    private Rollout(String namespace, String deployment, String change, UnaryOperator<Deployment> edit, Duration timeout) {
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.deployment = Objects.requireNonNull(deployment, "deployment");
        this.change = change;
        this.edit = edit;
        this.timeout = timeout;
    }

    /** Sets the image of every container of the Deployment. */
    public static Rollout image(String namespace, String deployment, String image) {
        return new Rollout(namespace, deployment, "image=" + image, d -> {
            d.getSpec().getTemplate().getSpec().getContainers().forEach(c -> c.setImage(image));
            return d;
        }, Duration.ofMinutes(5));
    }

    /** Sets (or replaces) an environment variable in every container of the Deployment. */
    public static Rollout env(String namespace, String deployment, String name, String value) {
        return new Rollout(namespace, deployment, "env " + name + "=" + value, d -> {
            for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
                c.getEnv().removeIf(e -> e.getName().equals(name));
                c.getEnv().add(new EnvVar(name, value, null));
            }
            return d;
        }, Duration.ofMinutes(5));
    }

    /** The same rollout, waiting at most {@code timeout} for it to complete. */
    public Rollout withTimeout(Duration timeout) {
        return new Rollout(namespace, deployment, change, edit, timeout);
    }

    @Override
    public void inject(FaultContext context) {
        Deployment before = Rollouts.require(context, namespace, deployment);
        var running = context.start(FaultKind.ROLLOUT, namespace + "/deployment/" + deployment,
                FaultContext.details("change", change, "imagesBefore", Rollouts.images(before),
                        "revisionBefore", String.valueOf(before.getMetadata().getAnnotations().get("deployment.kubernetes.io/revision"))));
        try {
            Deployment after = context.client().apps().deployments().inNamespace(namespace).withName(deployment).edit(edit);
            boolean settled = Rollouts.awaitSettled(context, namespace, deployment, timeout);
            running.end(FaultContext.details("outcome", settled ? "complete" : "timed-out", "imagesAfter", Rollouts.images(after),
                    "state", Rollouts.state(context, namespace, deployment)));
        } catch (RuntimeException e) {
            running.failed(e);
            throw e;
        }
    }

    @Override
    public String describe() {
        return "rollout of " + namespace + "/" + deployment + " to " + change;
    }
}
