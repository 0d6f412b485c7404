package dev.unshaken.suites.verdicts;

import dev.unshaken.journal.FaultKind;
import dev.unshaken.journal.Journal;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One verdict and its parameters: what {@link JournalAssert}'s methods build and judge, and what a scenario file's
 * {@code verdicts:} entries read into. The records a scenario file can name are {@link Named}: each says its key in the
 * file and how the file's line reads. {@link #evaluate} judges the verdict on a journal; {@link JournalAssert#holds}
 * judges it, records the result in the journal and throws unless it passed.
 */
public sealed interface VerdictSpec {

    /**
     * Judges the verdict on the journal, recording nothing: the result of each verdict it is made of, in order, up to
     * and including the first that did not pass (only {@link Recovered} is made of two: its failed requests, then
     * its readiness).
     *
     * @param negativeControl whether the verdict is expected to fail (see {@link JournalAssert#asNegativeControl})
     */
    default List<Judgement> evaluate(Journal journal, boolean negativeControl) {
        return new JournalFacts(journal, negativeControl).judge(this);
    }

    /**
     * A verdict a scenario file can name. A verdict on a Deployment or an autoscaler holds its namespace, which a
     * scenario file does not write: the file's reader fills in its stack's.
     */
    sealed interface Named extends VerdictSpec {

        /** The key that names it in a scenario file's {@code verdicts:}, e.g. {@code noFailedRequests}. */
        default String key() {
            return switch (this) {
                case NoFailedRequests v -> "noFailedRequests";
                case FailedRequestsAtMost v -> "failedRequestsAtMost";
                case ReadyReplicasKept v -> "readyReplicasKept";
                case DrainRespectedBudget v -> "drainRespectedBudget";
                case Recovered v -> "recovered";
                case ReadyAgain v -> "readyAgain";
                case ScaledOut v -> "scaledOut";
                case LatencyP99 v -> "latencyP99";
                case AnsweredWithin v -> "answeredWithin";
                case RecoveredWithin v -> "recoveredWithin";
                case RoutedAround v -> "routedAround";
                case GracefulShutdown v -> "gracefulShutdown";
            };
        }

        /** The verdict as the file names it, e.g. {@code noFailedRequests around rollout ± 5 s}. */
        String describe();
    }

    /**
     * {@code noFailedRequests: {around, margin}}: no request in flight within the margin of the faults failed;
     * without {@code around}, no request of the whole run failed.
     */
    record NoFailedRequests(FaultKind around, Duration margin) implements Named {
        /** No request of the whole run failed. */
        public static NoFailedRequests wholeRun() {
            return new NoFailedRequests(null, Duration.ofSeconds(5));
        }

        @Override
        public String describe() {
            return around == null ? "noFailedRequests during the whole run"
                    : "noFailedRequests around " + around.kebabName() + " ± " + RunClock.seconds(margin);
        }
    }

    /** {@code failedRequestsAtMost: {count, around, margin}}. */
    record FailedRequestsAtMost(int count, FaultKind around, Duration margin) implements Named {
        @Override
        public String describe() {
            return "failedRequestsAtMost " + count + " around " + around.kebabName() + " ± " + RunClock.seconds(margin);
        }
    }

    /** {@code readyReplicasKept: {deployment, minReady, during}}. */
    record ReadyReplicasKept(String namespace, String deployment, int minReady, FaultKind during) implements Named {
        @Override
        public String describe() {
            return "readyReplicasKept " + deployment + " >= " + minReady + " during " + during.kebabName();
        }
    }

    /** {@code drainRespectedBudget: {deployment, minReady}}. */
    record DrainRespectedBudget(String namespace, String deployment, int minReady) implements Named {
        @Override
        public String describe() {
            return "drainRespectedBudget " + deployment + " >= " + minReady;
        }
    }

    /**
     * {@code recovered: {from, deployment, within, maxFailedRequests}}: two verdicts, the failed requests from the
     * faults until {@code within} after, then the Deployment's readiness ({@link ReadyAgain}).
     */
    record Recovered(String namespace, FaultKind from, String deployment, int maxFailedRequests, Duration within) implements Named {
        @Override
        public String describe() {
            return "recovered " + deployment + " from " + from.kebabName() + " within " + RunClock.seconds(within)
                    + ", at most " + maxFailedRequests + " failed requests";
        }

        /** Its second verdict: the Deployment fully ready again within {@code within} of each fault's end. */
        ReadyAgain readiness() {
            return new ReadyAgain(namespace, from, deployment, within);
        }
    }

    /** {@code readyAgain: {after, deployment, within}}. */
    record ReadyAgain(String namespace, FaultKind after, String deployment, Duration within) implements Named {
        @Override
        public String describe() {
            return "readyAgain " + deployment + " within " + RunClock.seconds(within) + " after " + after.kebabName();
        }
    }

    /** {@code scaledOut: {deployment, hpa, replicas, within}}. */
    record ScaledOut(String namespace, String hpa, String deployment, int replicas, Duration within) implements Named {
        @Override
        public String describe() {
            return "scaledOut " + deployment + " to " + replicas + " within " + RunClock.seconds(within) + " (HPA " + hpa + ")";
        }
    }

    /** {@code latencyP99: {below, margin}}: outside the faults, each widened by the margin. */
    record LatencyP99(Duration below, Duration margin) implements Named {
        @Override
        public String describe() {
            return "latencyP99 below " + below.toMillis() + " ms outside the faults ± " + RunClock.seconds(margin);
        }
    }

    /**
     * {@code answeredWithin: {budget, around, margin: 0s}}: every request in flight within the margin of the faults got
     * an HTTP status, any status, within the budget.
     */
    record AnsweredWithin(Duration budget, FaultKind around, Duration margin) implements Named {
        @Override
        public String describe() {
            return "answeredWithin " + RunClock.seconds(budget) + " around " + around.kebabName() + " ± " + RunClock.seconds(margin);
        }
    }

    /** {@code recoveredWithin: {within, after}}: no failed request from {@code within} after the last fault ended to the end. */
    record RecoveredWithin(Duration within, FaultKind after) implements Named {
        @Override
        public String describe() {
            return "recoveredWithin " + RunClock.seconds(within) + " after " + after.kebabName();
        }
    }

    /**
     * {@code routedAround: {within, around}}: during each fault, requests failed at most until {@code within} after it
     * began, and none that started later failed: the broken pods were taken out of rotation.
     */
    record RoutedAround(Duration within, FaultKind around) implements Named {
        @Override
        public String describe() {
            return "routedAround within " + RunClock.seconds(within) + " of " + around.kebabName();
        }
    }

    /**
     * {@code gracefulShutdown: {margin}}: no request failed within the margin of the pod deletes and evictions, and at
     * least one deleted or evicted pod had work in flight when its deletion began (deletes with {@code whenInFlight};
     * drains measure each pod they evict).
     */
    record GracefulShutdown(Duration margin) implements Named {
        @Override
        public String describe() {
            return "gracefulShutdown: no failed request ± " + RunClock.seconds(margin) + " of deletes with work in flight";
        }
    }

    /** No request in flight during the window failed. */
    record NoFailedRequestsDuring(TimeWindow window) implements VerdictSpec {
        public NoFailedRequestsDuring {
            Objects.requireNonNull(window, "window");
        }
    }

    /** Every fault of the kind took effect and finished. */
    record EveryFaultFinished(FaultKind kind) implements VerdictSpec {
        public EveryFaultFinished {
            Objects.requireNonNull(kind, "kind");
        }
    }
}
