package dev.unshaken.chaos;

import dev.unshaken.journal.FaultEvent;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * When a deleted pod's endpoint left the EndpointSlices of the Services that select it: the proof that a pod delete
 * took the pod out of rotation, not only that the pod object went away. Lists the EndpointSlices of the pod's
 * namespace before the delete (the Services that list the pod), then watches them from that list's resource version
 * on (a fabric8 watch: no polling, no change missed in between) and notes the first time, after {@link #deleting},
 * that no slice lists the pod's endpoint as ready any more: removed, {@code ready=false} or {@code terminating=true}.
 * A {@code ready} condition that is absent counts as ready, as the EndpointSlice API tells consumers to read it. A
 * plain watch rather than an informer: its connection is open once {@link #watch} returns, so closing it right after
 * a quick kill closes it for sure.
 *
 * <p>It is evidence, never a reason for the fault to fail: a list that fails, or a watch that breaks before the
 * endpoint was seen leaving, is journaled as {@code unseen}. Details: {@link FaultEvent#ENDPOINT_SERVICES},
 * {@link FaultEvent#ENDPOINT_LEFT_AFTER_MS} or {@link FaultEvent#ENDPOINT_LEFT}.
 */
final class EndpointDeparture implements AutoCloseable {

    /** The label an EndpointSlice names its Service by. */
    static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
    /** {@link FaultEvent#ENDPOINT_LEFT}: the endpoint was not ready in any slice already when the delete was sent. */
    static final String NOT_READY_BEFORE_DELETE = "not-ready-before-delete";
    static final String UNSEEN = "unseen";
    static final String NONE = "none";

    private final String pod;
    private final LongSupplier clock;
    private final CountDownLatch left = new CountDownLatch(1);
    /** The slices of the namespace, by name, as the watch last saw them. */
    private final Map<String, EndpointSlice> slices = new HashMap<>();
    private volatile Watch watch;
    /** The Services whose slices listed the pod before the delete; {@code null} when they could not be listed. */
    private Set<String> services;
    private long deleteSentMs = -1;
    private long leftMs = -1;
    private boolean notReadyBeforeDelete;
    private boolean broken;

    private EndpointDeparture(String pod, LongSupplier clock) {
        this.pod = pod;
        this.clock = clock;
    }

    /**
     * Starts watching the EndpointSlices of {@code namespace} for the endpoint of pod {@code pod}; returns once they
     * are listed. Never throws: a watch that cannot start journals {@code unseen}.
     */
    static EndpointDeparture watch(KubernetesClient client, String namespace, String pod, LongSupplier clock) {
        var departure = new EndpointDeparture(pod, clock);
        Set<String> services;
        try {
            services = departure.start(client, namespace);
        } catch (RuntimeException e) {
            departure.close();
            services = null;
        }
        synchronized (departure) {
            departure.services = services;
        }
        if (services == null || services.isEmpty()) {
            departure.left.countDown();
        }
        return departure;
    }

    /** Lists the slices and, if some list the pod, watches them from that list on; the Services whose slices list the pod. */
    private Set<String> start(KubernetesClient client, String namespace) {
        var resources = client.discovery().v1().endpointSlices().inNamespace(namespace);
        EndpointSliceList list = resources.list();
        Set<String> listing = services(list.getItems(), pod);
        if (listing.isEmpty()) {
            return listing;
        }
        synchronized (this) {
            list.getItems().forEach(slice -> slices.put(slice.getMetadata().getName(), slice));
        }
        // From the list's resource version on: no change between the list and the watch is missed.
        watch = resources.watch(new ListOptionsBuilder().withResourceVersion(list.getMetadata().getResourceVersion()).build(),
                new Watcher<>() {
                    @Override
                    public void eventReceived(Action action, EndpointSlice slice) {
                        changed(action, slice);
                    }

                    @Override
                    public void onClose(WatcherException cause) {
                        // fabric8 reconnects by itself after a dropped connection; this is a watch it gave up (410 Gone, ...)
                        broken();
                    }
                });
        return listing;
    }

    /** Marks the delete as sent, now: the time the endpoint's departure is measured from. */
    synchronized void deleting() {
        deleteSentMs = clock.getAsLong();
        if (services != null && !services.isEmpty() && !readySomewhere(slices.values(), pod)) {
            notReadyBeforeDelete = true;
            left.countDown();
        }
    }

    private synchronized void changed(Watcher.Action action, EndpointSlice slice) {
        switch (action) {
            case ADDED, MODIFIED -> slices.put(slice.getMetadata().getName(), slice);
            case DELETED -> slices.remove(slice.getMetadata().getName());
            default -> {
                // ERROR or BOOKMARK: the slices are as they were
            }
        }
        if (deleteSentMs < 0 || leftMs >= 0 || notReadyBeforeDelete || broken) {
            return;
        }
        if (!readySomewhere(slices.values(), pod)) {
            leftMs = clock.getAsLong();
            left.countDown();
        }
    }

    /** Waits at most {@code within} for the endpoint to leave (or for the watch to give up); whether it has left. */
    boolean awaitLeft(Duration within) {
        try {
            left.await(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            return leftMs >= 0;
        }
    }

    /** What to journal on the fault's end. */
    synchronized Map<String, String> details() {
        return details(services, deleteSentMs, leftMs, notReadyBeforeDelete);
    }

    /**
     * The details for Services {@code services} ({@code null}: unknown), a delete sent at {@code deleteSentMs} and an
     * endpoint seen leaving at {@code leftMs} ({@code -1}: not seen).
     */
    static Map<String, String> details(Set<String> services, long deleteSentMs, long leftMs, boolean notReadyBeforeDelete) {
        var details = new LinkedHashMap<String, String>();
        if (services != null && services.isEmpty()) {
            details.put(FaultEvent.ENDPOINT_SERVICES, NONE);
            return details;
        }
        details.put(FaultEvent.ENDPOINT_SERVICES, services == null ? UNSEEN : String.join(",", services));
        if (notReadyBeforeDelete) {
            details.put(FaultEvent.ENDPOINT_LEFT, NOT_READY_BEFORE_DELETE);
        } else if (services != null && deleteSentMs >= 0 && leftMs >= 0) {
            details.put(FaultEvent.ENDPOINT_LEFT_AFTER_MS, Long.toString(Math.max(0, leftMs - deleteSentMs)));
        } else {
            details.put(FaultEvent.ENDPOINT_LEFT, UNSEEN);
        }
        return details;
    }

    /** The Services (by their slices' {@value #SERVICE_NAME_LABEL} label, else the slice's name) whose slices list pod {@code pod}, sorted. */
    static Set<String> services(Collection<EndpointSlice> slices, String pod) {
        var services = new TreeSet<String>();
        for (EndpointSlice slice : slices) {
            if (endpointsOf(slice, pod).isEmpty()) {
                continue;
            }
            Map<String, String> labels = slice.getMetadata().getLabels();
            String service = labels == null ? null : labels.get(SERVICE_NAME_LABEL);
            services.add(service != null ? service : slice.getMetadata().getName());
        }
        return services;
    }

    /** Whether some slice lists pod {@code pod}'s endpoint as ready and not terminating. */
    static boolean readySomewhere(Collection<EndpointSlice> slices, String pod) {
        return slices.stream().flatMap(slice -> endpointsOf(slice, pod).stream()).anyMatch(EndpointDeparture::ready);
    }

    private static boolean ready(Endpoint endpoint) {
        EndpointConditions conditions = endpoint.getConditions();
        return conditions == null
                || (!Boolean.FALSE.equals(conditions.getReady()) && !Boolean.TRUE.equals(conditions.getTerminating()));
    }

    private static List<Endpoint> endpointsOf(EndpointSlice slice, String pod) {
        List<Endpoint> endpoints = slice.getEndpoints() == null ? List.of() : slice.getEndpoints();
        return endpoints.stream().filter(e -> {
            ObjectReference ref = e.getTargetRef();
            return ref != null && "Pod".equals(ref.getKind()) && pod.equals(ref.getName());
        }).toList();
    }

    private void broken() {
        synchronized (this) {
            broken = true;
        }
        left.countDown();
    }

    /** Stops the watch. */
    @Override
    public void close() {
        if (watch != null) {
            try {
                watch.close();
            } catch (RuntimeException e) {
                // evidence only: a watch that does not stop cleanly changes nothing about the fault
            }
        }
    }
}
