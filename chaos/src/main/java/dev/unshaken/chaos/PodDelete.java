package dev.unshaken.chaos;

import dev.unshaken.journal.FaultEvent;
import dev.unshaken.journal.FaultKind;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

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
 */
public final class PodDelete implements Fault {

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
                "gracePeriodSeconds", kill ? "0" : String.valueOf(victim.getSpec().getTerminationGracePeriodSeconds()),
                "seed", Long.toString(context.seed()));
        if (busy != null) {
            details.put(FaultEvent.IN_FLIGHT_WANTED, Integer.toString(trigger.atLeast()));
            details.put(FaultEvent.IN_FLIGHT_AT_DELETE, Long.toString(busy.inFlight()));
            details.put("inFlightSampledAtMs", Long.toString(busy.sampledAtMs()));
            details.put("triggerWaitedMs", Long.toString(busy.waitedMs()));
        }
        var running = context.start(kind, namespace + "/pod/" + name, details);
        try {
            if (kill) {
                pod.withGracePeriod(0).delete();
            } else {
                pod.delete();
            }
            pod.waitUntilCondition(Objects::isNull, timeout.toMillis(), TimeUnit.MILLISECONDS);
            running.end(FaultContext.details("outcome", "gone"));
        } catch (KubernetesClientTimeoutException e) {
            running.end(FaultContext.details("outcome", "still-terminating"));
            throw new FaultFailedException("pod " + namespace + "/" + name + " still exists " + timeout.toSeconds()
                    + " s after it was deleted; look at its finalizers and the kubelet of node " + victim.getSpec().getNodeName(), e);
        } catch (RuntimeException e) {
            running.failed(e);
            throw e;
        }
    }

    @Override
    public String describe() {
        return (kill ? "SIGKILL (grace 0) of " : "graceful delete of ") + target
                + (trigger == null ? "" : " once it has " + trigger.atLeast() + " or more requests in flight");
    }
}
