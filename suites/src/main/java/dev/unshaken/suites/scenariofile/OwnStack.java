package dev.unshaken.suites.scenariofile;

import dev.unshaken.fixtures.cluster.Cluster;
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
        boolean declared = objects.stream().anyMatch(o -> o instanceof Namespace && o.getMetadata().getName().equals(namespace));
        if (!declared && client.namespaces().withName(namespace).get() == null) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).create();
            createdNamespace = true;
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
