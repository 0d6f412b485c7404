package dev.unshaken.chaos;

import dev.unshaken.journal.FaultEvent;
import dev.unshaken.journal.FaultKind;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.fabric8.kubernetes.client.dsl.PodResource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Deletes one pod of a {@link PodTarget} and waits until it is gone:
 * <ul>
 *   <li>{@link #graceful}: with the pod's own grace period, as a rollout, a scale-in or {@code kubectl delete pod} does:
 *   the preStop hook runs, then SIGTERM, then SIGKILL at the deadline;</li>
 *   <li>{@link #kill}: with grace period 0, as {@code kubectl delete --grace-period=0 --force}: the pod object is
 *   removed at once and the kubelet kills the containers without waiting for them (no preStop, the shortest
 *   possible SIGTERM-to-SIGKILL gap).</li>
 * </ul>
 * The replacement pod is the workload controller's business, not this fault's.
 *
 * <p>The end is journaled with the proof that the delete took effect: how the containers exited
 * ({@link #containerExits}) and when the pod's endpoint left the EndpointSlices of its Services
 * ({@link EndpointDeparture}).
 */
public final class PodDelete implements Fault {

    /**
     * How long after the pod object is gone the fault still waits for its endpoint to leave the EndpointSlices (a
     * kill removes the object before the endpoint); the fault's end stays the moment the pod was gone.
     */
    static final Duration ENDPOINT_GRACE = Duration.ofSeconds(5);

    private final PodTarget target;
    private final boolean kill;
    private final Duration timeout;
    private final InFlightTrigger trigger;

    private PodDelete(PodTarget target, boolean kill, Duration timeout, InFlightTrigger trigger) {
        this.target = Objects.requireNonNull(target, "target");
        this.kill = kill;
        this.timeout = timeout;
        this.trigger = trigger;
    }

    /** Deletes a pod of the target with its grace period. */
    public static PodDelete graceful(PodTarget target) {
        return new PodDelete(target, false, Duration.ofMinutes(3), null);
    }

    /** Deletes a pod of the target with grace period 0 (SIGKILL without preStop). */
    public static PodDelete kill(PodTarget target) {
        return new PodDelete(target, true, Duration.ofMinutes(3), null);
    }

    /** The same fault, waiting at most {@code timeout} for the pod to be gone. */
    public PodDelete withTimeout(Duration timeout) {
        return new PodDelete(target, kill, timeout, trigger);
    }

    /**
     * The same fault, held back until a pod of the target has at least {@code requests} requests in flight (its
     * {@code http_requests_in_flight} gauge, read through the API server), and then aimed at that pod: shutdown is
     * exercised on purpose, not left to the chance that something was in flight. Waits at most 60 s; a fault whose
     * target never gets that busy fails, journaled with {@code outcome=not-triggered}.
     */
    public PodDelete whenInFlight(int requests) {
        return whenInFlight(requests, Duration.ofSeconds(60));
    }

    /** As {@link #whenInFlight(int)}, waiting at most {@code within}. */
    public PodDelete whenInFlight(int requests, Duration within) {
        return new PodDelete(target, kill, timeout, new InFlightTrigger(requests, within));
    }

    @Override
    public void inject(FaultContext context) {
        FaultKind kind = kill ? FaultKind.POD_KILL : FaultKind.POD_DELETE;
        InFlightTrigger.Pick busy = null;
        if (trigger != null) {
            try {
                busy = trigger.await(context, target);
            } catch (FaultFailedException notTriggered) {
                context.instant(kind, target.namespace() + "/pod/" + target.selector(), FaultContext.details(
                        "selector", target.selector(), "outcome", "not-triggered",
                        FaultEvent.IN_FLIGHT_WANTED, Integer.toString(trigger.atLeast()), "error", notTriggered.getMessage()));
                throw notTriggered;
            }
        }
        Pod victim = busy != null ? busy.pod() : target.pick(context);
        String namespace = victim.getMetadata().getNamespace();
        String name = victim.getMetadata().getName();
        var pod = context.client().pods().inNamespace(namespace).withName(name);
        var details = FaultContext.details(
                "selector", target.selector(),
                "node", String.valueOf(victim.getSpec().getNodeName()),
                FaultEvent.POD_IP, victim.getStatus() == null ? null : victim.getStatus().getPodIP(),
                "gracePeriodSeconds", kill ? "0" : String.valueOf(victim.getSpec().getTerminationGracePeriodSeconds()),
                "seed", Long.toString(context.seed()));
        if (busy != null) {
            details.put(FaultEvent.IN_FLIGHT_WANTED, Integer.toString(trigger.atLeast()));
            details.put(FaultEvent.IN_FLIGHT_AT_DELETE, Long.toString(busy.inFlight()));
            details.put("inFlightSampledAtMs", Long.toString(busy.sampledAtMs()));
            details.put("triggerWaitedMs", Long.toString(busy.waitedMs()));
        }
        var endpoint = EndpointDeparture.watch(context.client(), namespace, name, context.journal()::now);
        try (endpoint) {
            var running = context.start(kind, namespace + "/pod/" + name, details);
            delete(context, pod, victim, endpoint, running);
        }
    }

    private void delete(FaultContext context, PodResource pod, Pod victim, EndpointDeparture endpoint, FaultContext.RunningFault running) {
        String namespace = victim.getMetadata().getNamespace();
        String name = victim.getMetadata().getName();
        try {
            endpoint.deleting();
            if (kill) {
                pod.withGracePeriod(0).delete();
            } else {
                pod.delete();
            }
            long deletedAt = System.currentTimeMillis();
            AtomicReference<Pod> lastSeen = new AtomicReference<>();
            pod.waitUntilCondition(p -> {
                if (p != null) {
                    lastSeen.set(p);
                }
                return p == null;
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
            long goneAt = context.journal().now();
            // A kill removes the pod object first; the endpoint leaves its slices right after.
            endpoint.awaitLeft(ENDPOINT_GRACE);
            var ended = FaultContext.details("outcome", "gone");
            ended.putAll(containerExits(lastSeen.get(), deletedAt));
            ended.putAll(endpoint.details());
            running.end(goneAt, ended);
        } catch (KubernetesClientTimeoutException e) {
            var ended = FaultContext.details("outcome", "still-terminating");
            ended.putAll(endpoint.details());
            running.end(ended);
            throw new FaultFailedException("pod " + namespace + "/" + name + " still exists " + timeout.toSeconds()
                    + " s after it was deleted; look at its finalizers and the kubelet of node " + victim.getSpec().getNodeName(), e);
        } catch (RuntimeException e) {
            running.failed(e);
            throw e;
        }
    }

    /**
     * How the pod's containers ended, as the last status seen before the pod object was removed reports it: exit codes
     * ({@code containerExits=app=0}) and the seconds from the delete to the last exit. A graceful delete's kubelet writes
     * that status before it removes the pod; a kill (grace 0) removes the object first, so its exits stay unseen.
     */
    static Map<String, String> containerExits(Pod last, long deletedAtMs) {
        List<ContainerStatus> statuses = last == null || last.getStatus() == null || last.getStatus().getContainerStatuses() == null
                ? List.of() : last.getStatus().getContainerStatuses();
        List<String> exits = new ArrayList<>();
        long latestExitMs = -1;
        for (ContainerStatus status : statuses) {
            ContainerStateTerminated terminated = status.getState() == null ? null : status.getState().getTerminated();
            if (terminated == null) {
                return Map.of("containerExits", "unseen");
            }
            exits.add(status.getName() + "=" + terminated.getExitCode()
                    + (terminated.getReason() == null ? "" : " (" + terminated.getReason() + ")"));
            if (terminated.getFinishedAt() != null) {
                latestExitMs = Math.max(latestExitMs, Instant.parse(terminated.getFinishedAt()).toEpochMilli());
            }
        }
        if (exits.isEmpty()) {
            return Map.of("containerExits", "unseen");
        }
        var details = new LinkedHashMap<String, String>();
        details.put("containerExits", String.join(", ", exits));
        if (latestExitMs >= 0) {
            // finishedAt has whole seconds: the figure is ±1 s.
            details.put("exitedAfterSeconds", Long.toString(Math.max(0, Math.round((latestExitMs - deletedAtMs) / 1000.0))));
        }
        return details;
    }

    @Override
    public String describe() {
        return (kill ? "SIGKILL (grace 0) of " : "graceful delete of ") + target
                + (trigger == null ? "" : " once it has " + trigger.atLeast() + " or more requests in flight");
    }
}
