package dev.unshaken.suites.scenariofile;

import dev.unshaken.journal.FaultKind;
import dev.unshaken.suites.verdicts.JournalAssert;

import java.time.Duration;

/** One verdict of a scenario file, as the {@link JournalAssert} method it calls. */
public sealed interface VerdictCheck {

    /**
     * Checks the run's journal through {@code verdicts} (a negative control's for {@code expect: fail}, so the report
     * shows an expected failure as XFAIL), for a stack in {@code namespace}.
     *
     * @throws AssertionError with the evidence, when it does not hold
     */
    void check(JournalAssert verdicts, String namespace);

    /** The verdict as the file names it, e.g. {@code noFailedRequests around rollout ± 5 s}. */
    String describe();

    /** {@code noFailedRequests: {around, margin}}; without {@code around}, over the whole run. */
    record NoFailedRequests(FaultKind around, Duration margin) implements VerdictCheck {
        @Override
        public void check(JournalAssert verdicts, String namespace) {
            if (around == null) {
                verdicts.hasNoFailedRequests();
            } else {
                verdicts.hasNoFailedRequestsAround(around, margin);
            }
        }

        @Override
        public String describe() {
            return around == null ? "noFailedRequests during the whole run"
                    : "noFailedRequests around " + FaultKinds.name(around) + " ± " + DurationText.format(margin);
        }
    }

    /** {@code failedRequestsAtMost: {count, around, margin}}. */
    record FailedRequestsAtMost(int count, FaultKind around, Duration margin) implements VerdictCheck {
        @Override
        public void check(JournalAssert verdicts, String namespace) {
            verdicts.hasAtMostFailedRequestsAround(count, around, margin);
        }

        @Override
        public String describe() {
            return "failedRequestsAtMost " + count + " around " + FaultKinds.name(around) + " ± " + DurationText.format(margin);
        }
    }

    /** {@code readyReplicasKept: {deployment, minReady, during}}. */
    record ReadyReplicasKept(String deployment, int minReady, FaultKind during) implements VerdictCheck {
        @Override
        public void check(JournalAssert verdicts, String namespace) {
            verdicts.keptReadyReplicasDuring(during, namespace, deployment, minReady);
        }

        @Override
        public String describe() {
            return "readyReplicasKept " + deployment + " >= " + minReady + " during " + FaultKinds.name(during);
        }
    }

    /** {@code drainRespectedBudget: {deployment, minReady}}. */
    record DrainRespectedBudget(String deployment, int minReady) implements VerdictCheck {
        @Override
        public void check(JournalAssert verdicts, String namespace) {
            verdicts.drainRespectedBudget(namespace, deployment, minReady);
        }

        @Override
        public String describe() {
            return "drainRespectedBudget " + deployment + " >= " + minReady;
        }
    }

    /** {@code recovered: {from, deployment, within, maxFailedRequests}}. */
    record Recovered(FaultKind from, String deployment, int maxFailedRequests, Duration within) implements VerdictCheck {
        @Override
        public void check(JournalAssert verdicts, String namespace) {
            verdicts.recoveredFrom(from, namespace, deployment, maxFailedRequests, within);
        }

        @Override
        public String describe() {
            return "recovered " + deployment + " from " + FaultKinds.name(from) + " within " + DurationText.format(within)
                    + ", at most " + maxFailedRequests + " failed requests";
        }
    }

    /** {@code readyAgain: {after, deployment, within}}. */
    record ReadyAgain(FaultKind after, String deployment, Duration within) implements VerdictCheck {
        @Override
        public void check(JournalAssert verdicts, String namespace) {
            verdicts.returnedToFullReadiness(after, namespace, deployment, within);
        }

        @Override
        public String describe() {
            return "readyAgain " + deployment + " within " + DurationText.format(within) + " after " + FaultKinds.name(after);
        }
    }

    /** {@code scaledOut: {deployment, hpa, replicas, within}}. */
    record ScaledOut(String hpa, String deployment, int replicas, Duration within) implements VerdictCheck {
        @Override
        public void check(JournalAssert verdicts, String namespace) {
            verdicts.scaledOut(namespace, hpa, deployment, replicas, within);
        }

        @Override
        public String describe() {
            return "scaledOut " + deployment + " to " + replicas + " within " + DurationText.format(within) + " (HPA " + hpa + ")";
        }
    }

    /** {@code latencyP99: {below, margin}}: outside the faults, each widened by the margin. */
    record LatencyP99(Duration below, Duration margin) implements VerdictCheck {
        @Override
        public void check(JournalAssert verdicts, String namespace) {
            verdicts.hasLatencyP99OutsideFaultsBelow(below, margin);
        }

        @Override
        public String describe() {
            return "latencyP99 below " + below.toMillis() + " ms outside the faults ± " + DurationText.format(margin);
        }
    }

    /**
     * {@code answeredWithin: {budget, around, margin: 0s}}: every request in flight within the margin of the faults got
     * an HTTP status, any status, within the budget.
     */
    record AnsweredWithin(Duration budget, FaultKind around, Duration margin) implements VerdictCheck {
        @Override
        public void check(JournalAssert verdicts, String namespace) {
            verdicts.everyRequestAnsweredWithin(budget, around, margin);
        }

        @Override
        public String describe() {
            return "answeredWithin " + DurationText.format(budget) + " around " + FaultKinds.name(around) + " ± " + DurationText.format(margin);
        }
    }

    /** {@code recoveredWithin: {within, after}}: no failed request from {@code within} after the last fault ended to the end. */
    record RecoveredWithin(Duration within, FaultKind after) implements VerdictCheck {
        @Override
        public void check(JournalAssert verdicts, String namespace) {
            verdicts.recoveredWithin(within, after);
        }

        @Override
        public String describe() {
            return "recoveredWithin " + DurationText.format(within) + " after " + FaultKinds.name(after);
        }
    }

    /**
     * {@code routedAround: {within, around}}: during each fault, requests failed at most until {@code within} after it
     * began, and none that started later failed: the broken pods were taken out of rotation.
     */
    record RoutedAround(Duration within, FaultKind around) implements VerdictCheck {
        @Override
        public void check(JournalAssert verdicts, String namespace) {
            verdicts.routedAroundWithin(within, around);
        }

        @Override
        public String describe() {
            return "routedAround within " + DurationText.format(within) + " of " + FaultKinds.name(around);
        }
    }

    /**
     * {@code gracefulShutdown: {margin}}: no request failed within the margin of the pod deletes and evictions, and at
     * least one deleted or evicted pod had work in flight when its deletion began (deletes with {@code whenInFlight};
     * drains measure each pod they evict).
     */
    record GracefulShutdown(Duration margin) implements VerdictCheck {
        @Override
        public void check(JournalAssert verdicts, String namespace) {
            verdicts.shutDownGracefully(margin);
        }

        @Override
        public String describe() {
            return "gracefulShutdown: no failed request ± " + DurationText.format(margin) + " of deletes with work in flight";
        }
    }
}
