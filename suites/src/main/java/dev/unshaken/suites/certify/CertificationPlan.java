package dev.unshaken.suites.certify;

import dev.unshaken.chaos.AbortCondition;
import dev.unshaken.chaos.NodeFaultOptIn;
import dev.unshaken.fixtures.cluster.ObjectLabels;
import dev.unshaken.fixtures.stack.Stack;
import dev.unshaken.fixtures.stack.StackManifests;
import dev.unshaken.fixtures.stack.StackVariant;
import io.fabric8.kubernetes.api.model.HasMetadata;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What a certification does to a cluster: the shop it deploys (every object, labelled as the run's, in namespace
 * {@value Stack#NAMESPACE}) and its {@link CertificationStep}s. {@link #render} is the dry run's output.
 *
 * @param variant which shop is certified
 * @param steps   the steps, in the order they run
 */
public record CertificationPlan(StackVariant variant, List<CertificationStep> steps) {

    /**
     * When a step's faults stop early and are undone: more than half of the requests of 10 s failed. A release whose
     * faults make the shop fail that badly has failed its step already; going on would only hurt the cluster's users.
     */
    public static final AbortCondition ABORT = AbortCondition.errorRateAbove(0.5, Duration.ofSeconds(10));

    public CertificationPlan {
        Objects.requireNonNull(variant, "variant");
        steps = List.copyOf(steps);
    }

    /** A plan certifying the shop variant with these steps. */
    public static CertificationPlan of(StackVariant variant, CertificationStep... steps) {
        return new CertificationPlan(variant, List.of(steps));
    }

    /** The objects the shop's deploy creates, each as {@code Kind namespace/name}, in the order they are applied. */
    public List<String> objects() {
        List<HasMetadata> objects = variant.apply(StackManifests.load());
        return objects.stream().map(o -> o.getKind() + " "
                + (o.getMetadata().getNamespace() == null ? "" : o.getMetadata().getNamespace() + "/") + o.getMetadata().getName()).toList();
    }

    /**
     * The plan as the dry run prints it: the cluster, what would be created and labelled how, each step's load,
     * faults (target, selector, when, or why skipped) and verdicts, and what is cleaned up.
     */
    public String render(Path kubeconfig, String context, NodeFaultOptIn nodeFaults) {
        var out = new StringBuilder();
        line(out, "Unshaken certification plan (dry run: nothing is created, the cluster is not contacted)");
        line(out, "  cluster:     context %s of kubeconfig %s", context, kubeconfig);
        line(out, "  node faults: %s", nodeFaults.summary());
        line(out, "  abort:       a step's faults stop early and are undone when its %s no longer holds", ABORT.describe());
        line(out, "  the %s shop would be created in namespace %s, every object labelled %s=true, %s=%s:", variant.twinName(),
                Stack.NAMESPACE, ObjectLabels.MANAGED, ObjectLabels.RUN, ObjectLabels.runId());
        objects().forEach(object -> line(out, "    %s", object));
        line(out, "  steps (fault times count from the start of the step's load):");
        for (int i = 0; i < steps.size(); i++) {
            CertificationStep step = steps.get(i);
            line(out, "    %d. %s", i + 1, step.name());
            if (step.load() != null) {
                line(out, "       load:    %s journeys, %s, at the api-gateway (NodePort %d)", step.journey().name(), step.load(),
                        Stack.GATEWAY_NODE_PORT);
            }
            for (var fault : step.faults()) {
                // A refusal names the fault and why it is skipped; the step is then skipped as a whole.
                line(out, "       at %s: %s", seconds(fault.at()), nodeFaults.plan(fault.fault()));
            }
            step.verdicts().forEach(verdict -> line(out, "       verdict: %s", verdict.claim()));
        }
        line(out, "  afterwards: namespace %s is deleted; at the end of the run (also on failure and Ctrl-C) every namespace"
                + " labelled %s=%s is deleted and nodes labelled %s=%s are uncordoned", Stack.NAMESPACE, ObjectLabels.RUN,
                ObjectLabels.runId(), ObjectLabels.CORDONED_BY, ObjectLabels.runId());
        return out.toString();
    }

    private static String seconds(Duration at) {
        return at.toMillis() % 1000 == 0 ? at.toSeconds() + " s" : at.toMillis() / 1000.0 + " s";
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
