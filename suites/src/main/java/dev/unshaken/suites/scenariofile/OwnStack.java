package dev.unshaken.suites.scenariofile;

import dev.unshaken.fixtures.cluster.Cluster;
import dev.unshaken.fixtures.cluster.ObjectLabels;
import dev.unshaken.fixtures.cluster.RunNamespace;
import dev.unshaken.fixtures.cluster.Waits;
import dev.unshaken.fixtures.stack.DeployPreflight;
import dev.unshaken.fixtures.stack.StackManifests;
import dev.unshaken.journal.Progress;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A user's own manifests, deployed for a scenario: images loaded into the nodes, the scenario's namespace created,
 * the other objects applied in file order into it, each Deployment and StatefulSet awaited. {@link #teardown} deletes
 * what was applied, and the namespace only when this created it, and waits until what it deleted is gone.
 *
 * <p>The namespace (the {@code Namespace} the manifests declare, or one made here) is created by the run with a plain
 * create, never applied, and carries its labels ({@link ObjectLabels}), so faults may be confined to it and the run's
 * cleanup removes it. A namespace that exists already and is not this run's is refused before anything is applied
 * ({@link RunNamespace}): on a cluster people care about it is someone's, and neither the stack nor its faults may
 * touch it.
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
        try {
            stack.apply(StackManifests.loadDirectory(spec.directory()));
        } catch (RuntimeException e) {
            // Half a stack is still the run's: what was applied, and the namespace it created, go before the failure is shown.
            if (stack.createdNamespace || !stack.applied.isEmpty()) {
                try {
                    stack.teardown();
                } catch (RuntimeException teardown) {
                    e.addSuppressed(teardown);
                }
            }
            throw e;
        }
        return stack;
    }

    private void apply(List<HasMetadata> objects) {
        String namespace = spec.namespace();
        // A Namespace is created, never applied; the reader lets through none but the stack's own.
        Namespace declared = objects.stream()
                .filter(o -> o instanceof Namespace && o.getMetadata().getName().equals(namespace)).map(Namespace.class::cast).findFirst()
                .orElseGet(() -> new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build());
        var ordered = objects.stream().filter(o -> !(o instanceof Namespace)).toList();
        for (HasMetadata object : ordered) {
            if (object instanceof Namespaced && object.getMetadata().getNamespace() == null) {
                object.getMetadata().setNamespace(namespace);
            }
        }
        List<HasMetadata> deployed = new ArrayList<>(List.of(declared));
        deployed.addAll(ordered);
        DeployPreflight.check(client, deployed, note -> Progress.untimed().step("stack", "%s", note));
        createdNamespace = RunNamespace.create(client, declared, owned -> new IllegalStateException(owned + "; a scenario deploys"
                + " its stack only into a namespace the run creates, and confines its faults to it, so nothing that was there before"
                + " is touched. Nothing was applied. Set stack.namespace (and your manifests' metadata.namespace) to a namespace"
                + " that does not exist yet"));
        for (HasMetadata object : ordered) {
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
        Progress.untimed().step("stack", "%d objects of %s applied into namespace %s", applied.size(), spec.directory(), namespace);
    }

    /**
     * Deletes what was applied, last first, and the namespace when this created it, then waits until they are gone (the
     * namespace and what lived outside it, or each object deleted when the namespace stays), for at most
     * {@link Waits#DELETED_GONE}: a scenario after this one may use the same namespace.
     *
     * @throws IllegalStateException naming what is still there at the deadline
     */
    void teardown() {
        var awaited = new ArrayList<HasMetadata>();
        for (HasMetadata object : applied.reversed()) {
            client.resource(object).delete();
            if (!createdNamespace || !spec.namespace().equals(object.getMetadata().getNamespace())) {
                awaited.add(object);
            }
        }
        if (createdNamespace) {
            client.namespaces().withName(spec.namespace()).delete();
            awaited.add(new NamespaceBuilder().withNewMetadata().withName(spec.namespace()).endMetadata().build());
        }
        Waits.awaitGone(client, awaited, Waits.DELETED_GONE, line -> Progress.untimed().step("stack", "%s", line));
    }
}
