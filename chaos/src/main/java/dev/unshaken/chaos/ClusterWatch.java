package dev.unshaken.chaos;

import dev.unshaken.journal.Journal;
import dev.unshaken.journal.Observation;
import dev.unshaken.journal.ObservationKind;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.ExceptionHandler;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Records what the cluster does into the journal, from fabric8 informers (watches, not polling): pods
 * (phase, readiness, deletion), EndpointSlice membership, Deployment, HPA and PodDisruptionBudget status and
 * Events in the watched namespaces, and every node's conditions. An {@link Observation} is journaled when an
 * object's watched fields change (see {@link ObservedFields}), once for each object when the watch starts,
 * and once with {@code deleted=true} when it is gone.
 *
 * <p>It also journals each informer's health ({@link WatcherHealth}): {@code connected} once it has listed what
 * exists, a {@code gap} while it is not watching (a failed list, a watch closed with an error, a relist after 410
 * Gone, a connection down for longer than {@link #NOT_WATCHING_GRACE}), and {@code closed} when it stops. A change
 * made during a gap may never be observed, so verdicts over a gap are inconclusive instead of assuming that nothing
 * changed.
 */
public final class ClusterWatch implements AutoCloseable {

    /** How long an informer may be without its watch connection before that is a gap: fabric8's routine watch renewals take about a second. */
    public static final Duration NOT_WATCHING_GRACE = Duration.ofSeconds(3);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(500);
    private static final Duration LISTED_WAIT = Duration.ofSeconds(10);

    private final KubernetesClient client;
    private final Journal journal;
    private final Duration notWatchingGrace;
    private final Set<String> namespaces = ConcurrentHashMap.newKeySet();
    private final List<Watched<?>> watched = new CopyOnWriteArrayList<>();
    private final Map<String, Map<String, String>> lastFields = new ConcurrentHashMap<>();
    private final ScheduledExecutorService poller;
    private volatile boolean closed;

    /** One informer and its health. */
    private record Watched<T>(SharedIndexInformer<T> informer, WatcherHealth health) {
    }

    private ClusterWatch(KubernetesClient client, Journal journal, Duration notWatchingGrace) {
        this.client = client;
        this.journal = journal;
        this.notWatchingGrace = notWatchingGrace;
        this.poller = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("unshaken-watch-health").factory());
        poller.scheduleWithFixedDelay(this::pollWatching, POLL_INTERVAL.toMillis(), POLL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts watching the nodes; add namespaces with {@link #watchNamespace}. Returns once the nodes are listed. */
    public static ClusterWatch start(KubernetesClient client, Journal journal) {
        return start(client, journal, NOT_WATCHING_GRACE);
    }

    /** As {@link #start(KubernetesClient, Journal)}, a connection down for longer than {@code notWatchingGrace} being a gap. */
    static ClusterWatch start(KubernetesClient client, Journal journal, Duration notWatchingGrace) {
        var watch = new ClusterWatch(client, journal, notWatchingGrace);
        try {
            watch.inform(client.nodes(), ObservationKind.NODE, null, ObservedFields::node);
        } catch (RuntimeException e) {
            watch.close();
            throw e;
        }
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
        inform(client.pods().inNamespace(namespace), ObservationKind.POD, namespace, ObservedFields::pod);
        inform(client.discovery().v1().endpointSlices().inNamespace(namespace), ObservationKind.ENDPOINT_SLICE, namespace, ObservedFields::endpointSlice);
        inform(client.apps().deployments().inNamespace(namespace), ObservationKind.DEPLOYMENT, namespace, ObservedFields::deployment);
        inform(client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(namespace), ObservationKind.HPA, namespace, ObservedFields::hpa);
        inform(client.policy().v1().podDisruptionBudget().inNamespace(namespace), ObservationKind.PDB, namespace, ObservedFields::pdb);
        inform(client.v1().events().inNamespace(namespace), ObservationKind.EVENT, namespace, ObservedFields::event);
        return this;
    }

    /** The namespaces watched. */
    public Set<String> namespaces() {
        return Set.copyOf(namespaces);
    }

    private <T extends HasMetadata> void inform(Informable<T> resources, ObservationKind kind, String namespace,
                                                Function<T, Map<String, String>> fields) {
        var health = new WatcherHealth(kind, namespace, journal::now, this::journal, notWatchingGrace);
        var listed = new CompletableFuture<Void>();
        SharedIndexInformer<T> informer = resources.runnableInformer(0);
        // fabric8's default gives up on a watch closed with an error; retrying (with its backoff) keeps the run
        // observed after the gap. A first list that fails still fails the caller, and an object that cannot be read
        // would fail again.
        informer.exceptionHandler((started, error) -> {
            health.failed(error);
            return started && !ExceptionHandler.isDeserializationException(error);
        });
        informer.addEventHandler(new ResourceEventHandler<T>() {
            @Override
            public void onBeforeList(String resourceVersion) {
                health.listing();
            }

            @Override
            public void onList(String resourceVersion, boolean empty) {
                health.synced();
                listed.complete(null);
            }

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
        });
        informer.stopped().whenComplete((done, error) -> health.stopped(closed ? null : error));
        watched.add(new Watched<>(informer, health));
        informer.run();
        // run() returns once the list is stored; what was listed reaches the handler on fabric8's thread, then onList.
        // Waiting for it means the journal holds what exists when the caller is told it is listed.
        try {
            listed.get(LISTED_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // delivery is slow: the watcher is listed all the same
        }
        health.synced();
    }

    private void pollWatching() {
        for (Watched<?> w : watched) {
            try {
                if (w.informer().hasSynced()) {
                    w.health().watching(w.informer().isWatching());
                }
            } catch (RuntimeException e) {
                // keep polling the others; this one is reported by its exception handler or its stop
            }
        }
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
        journal(new Observation(journal.now(), kind, namespace, object.getMetadata().getName(), fields));
    }

    private void journal(Observation observation) {
        try {
            journal.record(observation);
        } catch (IllegalStateException journalClosed) {
            // the test has ended while an informer delivered a last change
        }
    }

    /** Stops every informer (each journals {@code closed}); later changes are not journaled. */
    @Override
    public synchronized void close() {
        closed = true;
        poller.shutdownNow();
        for (Watched<?> w : watched) {
            w.informer().stop();
            // stopped() completes on fabric8's thread; the journal says "closed" before close returns
            w.health().stopped(null);
        }
    }
}
