package dev.unshaken.chaos;

import dev.unshaken.journal.Journal;
import dev.unshaken.journal.Observation;
import dev.unshaken.journal.ObservationKind;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Records what the cluster does into the journal, from fabric8 informers (watches, not polling): pods
 * (phase, readiness, deletion), EndpointSlice membership, Deployment, HPA and PodDisruptionBudget status and
 * Events in the watched namespaces, and every node's conditions. An {@link Observation} is journaled when an
 * object's watched fields change (see {@link ObservedFields}), once for each object when the watch starts,
 * and once with {@code deleted=true} when it is gone.
 */
public final class ClusterWatch implements AutoCloseable {

    private final KubernetesClient client;
    private final Journal journal;
    private final Set<String> namespaces = ConcurrentHashMap.newKeySet();
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private final Map<String, Map<String, String>> lastFields = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private ClusterWatch(KubernetesClient client, Journal journal) {
        this.client = client;
        this.journal = journal;
    }

    /** Starts watching the nodes; add namespaces with {@link #watchNamespace}. */
    public static ClusterWatch start(KubernetesClient client, Journal journal) {
        var watch = new ClusterWatch(client, journal);
        watch.inform(client.nodes(), ObservationKind.NODE, ObservedFields::node);
        return watch;
    }

    /** Also watches pods, EndpointSlices, Deployments, HPAs, PDBs and Events of {@code namespace}; returns once they are listed. */
    public synchronized ClusterWatch watchNamespace(String namespace) {
        if (closed) {
            throw new IllegalStateException("this cluster watch is closed");
        }
        if (!namespaces.add(namespace)) {
            return this;
        }
        inform(client.pods().inNamespace(namespace), ObservationKind.POD, ObservedFields::pod);
        inform(client.discovery().v1().endpointSlices().inNamespace(namespace), ObservationKind.ENDPOINT_SLICE, ObservedFields::endpointSlice);
        inform(client.apps().deployments().inNamespace(namespace), ObservationKind.DEPLOYMENT, ObservedFields::deployment);
        inform(client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(namespace), ObservationKind.HPA, ObservedFields::hpa);
        inform(client.policy().v1().podDisruptionBudget().inNamespace(namespace), ObservationKind.PDB, ObservedFields::pdb);
        inform(client.v1().events().inNamespace(namespace), ObservationKind.EVENT, ObservedFields::event);
        return this;
    }

    /** The namespaces watched. */
    public Set<String> namespaces() {
        return Set.copyOf(namespaces);
    }

    private <T extends HasMetadata> void inform(Informable<T> resources, ObservationKind kind, Function<T, Map<String, String>> fields) {
        informers.add(resources.inform(new ResourceEventHandler<T>() {
            @Override
            public void onAdd(T object) {
                observe(kind, object, fields.apply(object));
            }

            @Override
            public void onUpdate(T before, T after) {
                observe(kind, after, fields.apply(after));
            }

            @Override
            public void onDelete(T object, boolean finalStateUnknown) {
                observe(kind, object, Map.of("deleted", "true"));
            }
        }, 0));
    }

    private void observe(ObservationKind kind, HasMetadata object, Map<String, String> fields) {
        String namespace = object.getMetadata().getNamespace();
        String key = kind + "/" + namespace + "/" + object.getMetadata().getName();
        // Informer callbacks of one informer come from one thread; the map keeps a replayed state from being journaled twice.
        Map<String, String> before = lastFields.put(key, fields);
        if (Objects.equals(before, fields)) {
            return;
        }
        if (closed) {
            return;
        }
        try {
            journal.record(new Observation(journal.now(), kind, namespace, object.getMetadata().getName(), fields));
        } catch (IllegalStateException journalClosed) {
            // the test has ended while an informer delivered a last change
        }
    }

    /** Stops every informer; later changes are not journaled. */
    @Override
    public synchronized void close() {
        closed = true;
        informers.forEach(SharedIndexInformer::stop);
    }
}
