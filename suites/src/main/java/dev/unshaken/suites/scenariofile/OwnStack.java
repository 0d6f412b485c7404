package dev.unshaken.suites.scenariofile;

import dev.unshaken.fixtures.cluster.Cluster;
import dev.unshaken.fixtures.cluster.ObjectLabels;
import dev.unshaken.fixtures.stack.StackManifests;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A user's own manifests, deployed for a scenario: images loaded into the nodes, the objects applied (namespaces
 * first, then in file order) into the scenario's namespace, each Deployment and StatefulSet awaited. {@link #teardown}
 * deletes what was applied, and the namespace only when this created it.
 *
 * <p>The namespace is created by the run and carries its labels ({@link ObjectLabels}), so faults may be confined to it
 * and the run's cleanup removes it. A namespace that exists already and is not this run's is refused before anything
 * is applied: on a cluster people care about it is someone's, and neither the stack nor its faults may touch it.
 */
final class OwnStack {

    private static final long ROLLOUT_MINUTES = 5;

    private final KubernetesClient client;
    private final StackSpec.OwnManifests spec;
    private final List<HasMetadata> applied = new ArrayList<>();
    private boolean createdNamespace;

    private OwnStack(KubernetesClient client, StackSpec.OwnManifests spec) {
        this.client = client;
        this.spec = spec;
    }

    static OwnStack deploy(Cluster cluster, StackSpec.OwnManifests spec) {
        spec.images().forEach(cluster::loadImage);
        var stack = new OwnStack(cluster.client(), spec);
        stack.apply(StackManifests.loadDirectory(spec.directory()));
        return stack;
    }

    private void apply(List<HasMetadata> objects) {
        String namespace = spec.namespace();
        Namespace existing = client.namespaces().withName(namespace).get();
        if (existing != null && !ObjectLabels.isThisRuns(existing)) {
            throw new IllegalStateException("namespace " + namespace + " already exists in " + client.getMasterUrl() + " and was not"
                    + " created by this run (no label " + ObjectLabels.RUN + "=" + ObjectLabels.runId() + "); a scenario deploys its stack"
                    + " only into a namespace the run creates, and confines its faults to it, so nothing that was there before is"
                    + " touched. Nothing was applied. Set stack.namespace (and your manifests' metadata.namespace) to a namespace that"
                    + " does not exist yet");
        }
        var declared = objects.stream().filter(o -> o instanceof Namespace && o.getMetadata().getName().equals(namespace)).findFirst();
        if (existing == null) {
            // Created by this run, so labelled as its own: faults may be confined to it, and the run's cleanup finds it.
            declared.ifPresentOrElse(ObjectLabels::applyTo, () -> client.namespaces().resource(new NamespaceBuilder()
                    .withNewMetadata().withName(namespace).addToLabels(ObjectLabels.ofThisRun()).endMetadata().build()).create());
            createdNamespace = declared.isEmpty();
        }
        var ordered = new ArrayList<>(objects);
        ordered.sort(Comparator.comparing(o -> o instanceof Namespace ? 0 : 1));
        for (HasMetadata object : ordered) {
            if (object instanceof Namespaced && object.getMetadata().getNamespace() == null) {
                object.getMetadata().setNamespace(namespace);
            }
            client.resource(object).forceConflicts().serverSideApply();
            applied.add(object);
        }
        for (HasMetadata object : ordered) {
            if (object instanceof Deployment || object instanceof StatefulSet) {
                try {
                    client.resource(object).waitUntilReady(ROLLOUT_MINUTES, TimeUnit.MINUTES);
                } catch (KubernetesClientTimeoutException e) {
                    throw new IllegalStateException(object.getKind() + " " + namespace + "/" + object.getMetadata().getName()
                            + " of " + spec.directory() + " is not ready " + ROLLOUT_MINUTES + " minutes after it was applied; look at"
                            + " kubectl -n " + namespace + " describe pods, and check its images are in stack.images", e);
                }
            }
        }
        System.out.printf("[unshaken] stack: %d objects of %s applied into namespace %s%n", applied.size(), spec.directory(), namespace);
    }

    /** Deletes what was applied, last first, and the namespace when this created it. */
    void teardown() {
        for (HasMetadata object : applied.reversed()) {
            client.resource(object).delete();
        }
        if (createdNamespace) {
            client.namespaces().withName(spec.namespace()).delete();
        }
    }
}
