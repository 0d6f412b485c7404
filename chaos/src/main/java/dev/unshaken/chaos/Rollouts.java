package dev.unshaken.chaos;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * What rollout, rollback and scale faults share: waiting for a Deployment to settle, telling a stalled rollout from
 * one still under way, and ending the fault by what came of it.
 */
final class Rollouts {

    /** The reason the Deployment controller gives when a rollout made no progress for progressDeadlineSeconds. */
    static final String DEADLINE_EXCEEDED = "ProgressDeadlineExceeded";
    /** The API server's default of {@code spec.progressDeadlineSeconds}. */
    private static final int DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;

    private Rollouts() {
    }

    /** Where a Deployment's rollout stands. */
    enum Progress {
        /** The controller has seen the latest spec and every replica is updated, ready and available. */
        SETTLED,
        /** The controller gave up on the latest spec: {@code Progressing=False}, {@value #DEADLINE_EXCEEDED}. */
        STALLED,
        /** Neither, yet. */
        PROGRESSING
    }

    /**
     * Where the rollout of {@code d} stands. A {@value #DEADLINE_EXCEEDED} condition counts only once the controller
     * has seen the latest spec, and only if it is not the very condition {@code before} carried: a condition left
     * over from an earlier stalled rollout says nothing about this one.
     *
     * @param before the Deployment as it was before the change, or null
     */
    static Progress progress(Deployment d, Deployment before) {
        if (d == null || d.getStatus() == null || !observedLatest(d)) {
            return Progress.PROGRESSING;
        }
        if (settled(d)) {
            return Progress.SETTLED;
        }
        Optional<DeploymentCondition> progressing = progressing(d);
        boolean deadlineExceeded = progressing.filter(c -> "False".equals(c.getStatus()) && DEADLINE_EXCEEDED.equals(c.getReason()))
                .isPresent();
        if (deadlineExceeded && !progressing.equals(progressing(before))) {
            return Progress.STALLED;
        }
        return Progress.PROGRESSING;
    }

    private static boolean observedLatest(Deployment d) {
        Long generation = d.getMetadata() == null ? null : d.getMetadata().getGeneration();
        Long observed = d.getStatus().getObservedGeneration();
        return observed != null && (generation == null || observed >= generation);
    }

    /** Whether every replica of the latest spec is updated, ready and available, as {@code kubectl rollout status} waits for. */
    static boolean settled(Deployment d) {
        if (d == null || d.getStatus() == null || !observedLatest(d)) {
            return false;
        }
        var status = d.getStatus();
        int desired = desired(d);
        return Objects.requireNonNullElse(status.getUpdatedReplicas(), 0) == desired
                && Objects.requireNonNullElse(status.getReplicas(), 0) == desired
                && Objects.requireNonNullElse(status.getReadyReplicas(), 0) == desired
                && Objects.requireNonNullElse(status.getAvailableReplicas(), 0) == desired;
    }

    private static int desired(Deployment d) {
        return Objects.requireNonNullElse(d.getSpec().getReplicas(), 1);
    }

    private static Optional<DeploymentCondition> progressing(Deployment d) {
        if (d == null || d.getStatus() == null || d.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return d.getStatus().getConditions().stream().filter(c -> "Progressing".equals(c.getType())).findFirst();
    }

    /**
     * Waits (by watch) until the rollout has settled or stalled ({@link #progress}), at most {@code timeout}.
     *
     * @param before the Deployment as it was before the change
     * @return the Deployment as last seen (null if it was deleted meanwhile)
     */
    static Deployment await(FaultContext context, String namespace, String name, Deployment before, Duration timeout) {
        var deployment = context.client().apps().deployments().inNamespace(namespace).withName(name);
        try {
            return deployment.waitUntilCondition(d -> progress(d, before) != Progress.PROGRESSING, timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (KubernetesClientTimeoutException e) {
            return deployment.get();
        }
    }

    /**
     * What came of waiting for a rollout: the journal's end details and, unless it is what was expected, why the
     * fault fails.
     *
     * @param details the end details: {@code outcome} ({@code complete}, {@code stalled}, {@code timed-out} or
     *                {@code deleted}),
     *                {@code progressing} (the Deployment's condition) and {@code state}
     * @param failure the fault's failure message, or empty when the fault ends normally
     */
    record Outcome(Map<String, String> details, Optional<String> failure) {
    }

    /**
     * Judges the Deployment as last seen after waiting {@code timeout} for {@code what}: a rollout that completed ends
     * the fault normally; one that stalled or did not complete in time fails it, naming the Deployment's
     * {@code Progressing} condition and its replica counts. With {@code expectingStall} the other way round: a rollout
     * that did not complete ends normally (a stall is the outcome the scenario is about) and one that completed fails.
     *
     * @param what      the fault, as it {@linkplain Fault#describe describes} itself
     * @param before    the Deployment as it was before the change
     * @param stallHint appended to the failure of a rollout that did not complete: how to declare the stall as
     *                  expected, or empty where a fault has no such option
     */
    static Outcome outcome(String what, Deployment last, Deployment before, Duration timeout, boolean expectingStall, String stallHint) {
        Progress progress = progress(last, before);
        String outcome = last == null ? "deleted" : switch (progress) {
            case SETTLED -> "complete";
            case STALLED -> "stalled";
            case PROGRESSING -> "timed-out";
        };
        String progressing = progressingText(last);
        String state = state(last);
        var details = new LinkedHashMap<String, String>();
        details.put("outcome", outcome);
        details.put("progressing", progressing);
        details.put("state", state);
        if (expectingStall) {
            details.put("expected", "stall");
        }
        Optional<String> failure;
        if (last == null) {
            // Not a stall, even when one is expected: there is nothing left whose rollout could have stalled.
            failure = Optional.of(what + " did not complete: the Deployment was deleted meanwhile");
        } else if (expectingStall) {
            failure = progress == Progress.SETTLED
                    ? Optional.of("expected the " + what + " to stall, but it completed: " + state)
                    : Optional.empty();
        } else if (progress == Progress.SETTLED) {
            failure = Optional.empty();
        } else {
            String how = progress == Progress.STALLED
                    ? " stalled (no progress for its progressDeadlineSeconds, "
                            + Objects.requireNonNullElse(last.getSpec().getProgressDeadlineSeconds(), DEFAULT_PROGRESS_DEADLINE_SECONDS) + " s)"
                    : " did not complete within " + timeout.toSeconds() + " s";
            failure = Optional.of(what + how + ": Progressing=" + progressing + "; " + state + stallHint);
        }
        failure.ifPresent(message -> details.put("error", message));
        return new Outcome(details, failure);
    }

    /**
     * Journals the end of the fault with {@code moreDetails} and the {@link #outcome}, then throws if the outcome is a
     * failure.
     *
     * @throws FaultFailedException when the rollout did not come out as expected
     */
    /**
     * Whether the change left the Deployment's spec as it was: the API server bumps {@code metadata.generation} on every
     * change of the spec, so an unchanged generation means no pod will be replaced.
     */
    static boolean unchanged(Deployment before, Deployment after) {
        return after != null && Objects.equals(after.getMetadata().getGeneration(), before.getMetadata().getGeneration());
    }

    /** Ends the running fault with {@code outcome=no-effect} and returns the failure to throw: the fault changed nothing. */
    static FaultFailedException noEffect(FaultContext.RunningFault running, String message) {
        running.end(FaultContext.details("outcome", "no-effect", "error", message));
        return new FaultFailedException(message);
    }

    static void end(FaultContext.RunningFault running, Map<String, String> moreDetails, Outcome outcome) {
        var details = new LinkedHashMap<>(outcome.details());
        details.putAll(moreDetails);
        running.end(details);
        if (outcome.failure().isPresent()) {
            throw new FaultFailedException(outcome.failure().get());
        }
    }

    /** {@code False ProgressDeadlineExceeded: ReplicaSet "web-5d8f" has timed out progressing}, or {@code unknown}. */
    static String progressingText(Deployment d) {
        return progressing(d)
                .map(c -> c.getStatus() + " " + c.getReason() + (c.getMessage() == null || c.getMessage().isBlank() ? ""
                        : ": " + c.getMessage().replaceAll("\\.$", "")))
                .orElse("unknown");
    }

    static Deployment require(FaultContext context, String namespace, String name) {
        context.requireInScope(namespace);
        Deployment d = context.client().apps().deployments().inNamespace(namespace).withName(name).get();
        if (d == null) {
            throw new FaultFailedException("no deployment " + name + " in namespace " + namespace);
        }
        return d;
    }

    static String images(Deployment d) {
        return d.getSpec().getTemplate().getSpec().getContainers().stream().map(c -> c.getImage()).collect(Collectors.joining(","));
    }

    /** {@code 2/3 ready, 3 updated} of the Deployment, or {@code no status}. */
    static String state(Deployment d) {
        if (d == null || d.getStatus() == null) {
            return "no status";
        }
        return Objects.requireNonNullElse(d.getStatus().getReadyReplicas(), 0) + "/" + desired(d) + " ready, "
                + Objects.requireNonNullElse(d.getStatus().getUpdatedReplicas(), 0) + " updated";
    }
}
