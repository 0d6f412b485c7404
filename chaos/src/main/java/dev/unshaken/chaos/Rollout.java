package dev.unshaken.chaos;

import dev.unshaken.fixtures.cluster.Edits;
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
 * <p>A rollout that does not complete fails the fault ({@link FaultFailedException}), so a scenario never goes on
 * judging "during the rollout" on old pods while the new ones never became ready. It stops waiting as soon as the
 * Deployment reports {@code ProgressDeadlineExceeded} (journaled as {@code outcome=stalled}), and otherwise after
 * its timeout ({@code outcome=timed-out}); either way the journal and the message hold the Deployment's
 * {@code Progressing} condition and its ready and updated replicas. A scenario whose point is a release that never
 * completes says so with {@link #expectingStall()}.
 *
 * <p>An environment variable's value may be a secret: {@link #describe()} and failure messages, which the console
 * shows, give its name with a masked value ({@code env DB_PASSWORD=***}); the journal (its owner's only) keeps the
 * value in the rollout's {@code change} detail.
 *
 * <pre>{@code
 * faults.run(Rollout.image("shop", "order-service", "unshaken/order-service:1.1.0"));
 * faults.run(Rollout.env("shop", "web", "FEATURE_X", "on"));
 * faults.run(Rollout.env("shop", "web", "JAVA_TOOL_OPTIONS", "-Xms2g").withTimeout(Duration.ofMinutes(1)).expectingStall());
 * }</pre>
 */
public final class Rollout implements Fault {

    /** Added to the failure of a rollout that did not complete: the way out when that is the scenario's point. */
    private static final String STALL_HINT = ". If the scenario is about a release that never completes, declare the stall as expected"
            + " (Rollout.expectingStall(), or expect: stall on a scenario file's rollout)";

    /** What an environment variable's value is shown as on the console. */
    static final String MASKED = "***";

    private final String namespace;
    private final String deployment;
    private final String change;
    private final String shownChange;
    private final UnaryOperator<Deployment> edit;
    private final Duration timeout;
    private final boolean expectingStall;

    private Rollout(String namespace, String deployment, String change, String shownChange, UnaryOperator<Deployment> edit,
                    Duration timeout, boolean expectingStall) {
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.deployment = Objects.requireNonNull(deployment, "deployment");
        this.change = change;
        this.shownChange = shownChange;
        this.edit = edit;
        this.timeout = timeout;
        this.expectingStall = expectingStall;
    }

    /** Sets the image of every container of the Deployment. */
    public static Rollout image(String namespace, String deployment, String image) {
        return new Rollout(namespace, deployment, "image=" + image, "image=" + image, d -> {
            d.getSpec().getTemplate().getSpec().getContainers().forEach(c -> c.setImage(image));
            return d;
        }, Duration.ofMinutes(5), false);
    }

    /**
     * Sets (or replaces) an environment variable in every container of the Deployment. The console shows its name
     * only; the value goes to the journal.
     */
    public static Rollout env(String namespace, String deployment, String name, String value) {
        return new Rollout(namespace, deployment, "env " + name + "=" + value, "env " + name + "=" + MASKED, d -> {
            for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
                c.getEnv().removeIf(e -> e.getName().equals(name));
                c.getEnv().add(new EnvVar(name, value, null));
            }
            return d;
        }, Duration.ofMinutes(5), false);
    }

    /** The same rollout, waiting at most {@code timeout} for it to complete. */
    public Rollout withTimeout(Duration timeout) {
        return new Rollout(namespace, deployment, change, shownChange, edit, timeout, expectingStall);
    }

    /**
     * The same rollout, for a scenario whose expected outcome is a release that never completes (its new pods never
     * become ready): a rollout that stalls ({@code ProgressDeadlineExceeded}) or does not complete within the timeout
     * ends the fault normally, journaled with {@code expected=stall}; one that completes fails it, since the scenario
     * then did not test what it claims to.
     */
    public Rollout expectingStall() {
        return new Rollout(namespace, deployment, change, shownChange, edit, timeout, true);
    }

    @Override
    public void inject(FaultContext context) {
        Deployment before = Rollouts.require(context, namespace, deployment);
        var started = FaultContext.details("change", change, "imagesBefore", Rollouts.images(before),
                "revisionBefore", String.valueOf(before.getMetadata().getAnnotations().get("deployment.kubernetes.io/revision")));
        if (expectingStall) {
            started.put("expected", "stall");
        }
        var running = context.start(FaultKind.ROLLOUT, namespace + "/deployment/" + deployment, started);
        try {
            Deployment after = Edits.onLatest(context.client().apps().deployments().inNamespace(namespace).withName(deployment), edit);
            if (Rollouts.unchanged(before, after)) {
                throw Rollouts.noEffect(running, rollout() + " changed nothing: the Deployment already runs that (generation "
                        + before.getMetadata().getGeneration() + " unchanged), so no pod was replaced and nothing was exercised;"
                        + " roll to another image or value");
            }
            Deployment last = Rollouts.await(context, namespace, deployment, before, timeout);
            Rollouts.end(running, FaultContext.details("imagesAfter", Rollouts.images(after)),
                    Rollouts.outcome(rollout(), last, before, timeout, expectingStall, STALL_HINT));
        } catch (RuntimeException e) {
            running.failed(e);
            throw e;
        }
    }

    @Override
    public String describe() {
        return rollout() + (expectingStall ? ", expecting it to stall" : "");
    }

    /** The rollout as the console shows it: an environment variable's value masked. */
    private String rollout() {
        return "rollout of " + namespace + "/" + deployment + " to " + shownChange;
    }
}
