package dev.unshaken.suites.verdicts;

import dev.unshaken.journal.FaultKind;
import dev.unshaken.journal.Journal;
import dev.unshaken.journal.ShutdownExposure;
import dev.unshaken.journal.Verdict;
import dev.unshaken.suites.verdicts.VerdictSpec.AnsweredWithin;
import dev.unshaken.suites.verdicts.VerdictSpec.DrainRespectedBudget;
import dev.unshaken.suites.verdicts.VerdictSpec.EveryFaultFinished;
import dev.unshaken.suites.verdicts.VerdictSpec.FailedRequestsAtMost;
import dev.unshaken.suites.verdicts.VerdictSpec.GracefulShutdown;
import dev.unshaken.suites.verdicts.VerdictSpec.LatencyP99;
import dev.unshaken.suites.verdicts.VerdictSpec.NoFailedRequests;
import dev.unshaken.suites.verdicts.VerdictSpec.NoFailedRequestsDuring;
import dev.unshaken.suites.verdicts.VerdictSpec.ReadyAgain;
import dev.unshaken.suites.verdicts.VerdictSpec.ReadyReplicasKept;
import dev.unshaken.suites.verdicts.VerdictSpec.Recovered;
import dev.unshaken.suites.verdicts.VerdictSpec.RecoveredWithin;
import dev.unshaken.suites.verdicts.VerdictSpec.RoutedAround;
import dev.unshaken.suites.verdicts.VerdictSpec.ScaledOut;
import org.assertj.core.api.AbstractAssert;

import java.time.Duration;

/**
 * Verdicts on one run's journal. Each one fails with the evidence: counts, times in seconds after the first
 * request, routes, pods, and the journal file to look at. Each is inconclusive when the journal cannot support it
 * (no requests during the fault, no such fault, nothing observed): it then throws an {@link InconclusiveVerdictError}
 * saying what was missing, so a verdict never passes, and a negative control is never caught, for lack of evidence.
 *
 * <p>Verdicts on the cluster's state (ready replicas, a drain's budget, readiness after a fault, a scale-out) take an
 * object's last observation to hold until the next. They are inconclusive, too, when the watcher of that kind of
 * object was not connected for part of their window: a gap (a watch closed with an error, a relist after 410 Gone),
 * not yet connected at its start, or stopped before its end; the evidence names the watcher, when, and the error.
 *
 * <p>Whatever its outcome, each verdict records its result in the journal (a {@link Verdict}: what it checks, what
 * was measured against which budget, and the evidence, i.e. the failure message or what was seen when it passed), so
 * the run's report shows it. A journal read from its file, or already closed, is left as it is.
 *
 * <p>Each method builds its verdict as a {@link VerdictSpec} and judges it with {@link #holds}, which scenario files
 * use too.
 */
public final class JournalAssert extends AbstractAssert<JournalAssert, Journal> {

    private boolean negativeControl;

    JournalAssert(Journal journal) {
        super(journal, JournalAssert.class);
        isNotNull();
    }

    /**
     * The verdicts that follow are negative controls: the test expects them to fail (and asserts that they do), so
     * the report shows their failure as expected instead of as a failed run. They still throw when they fail. Only a
     * failure on what the verdict measured catches the defect: an inconclusive verdict throws an
     * {@link InconclusiveVerdictError} that says it caught nothing, and the report shows it as inconclusive.
     */
    public JournalAssert asNegativeControl() {
        negativeControl = true;
        return this;
    }

    /** No request of the whole run failed (5xx, no status, or rejected by its journey); at least one request was made. */
    public JournalAssert hasNoFailedRequests() {
        return holds(NoFailedRequests.wholeRun());
    }

    /**
     * No request in flight within {@code margin} of any fault of {@code kind} failed. The window runs from the
     * first such fault's start to the last one's end, widened by the margin on both sides.
     */
    public JournalAssert hasNoFailedRequestsAround(FaultKind kind, Duration margin) {
        return hasAtMostFailedRequestsAround(0, kind, margin);
    }

    /** At most {@code max} requests in flight within {@code margin} of the faults of {@code kind} failed. */
    public JournalAssert hasAtMostFailedRequestsAround(int max, FaultKind kind, Duration margin) {
        return holds(new FailedRequestsAtMost(max, kind, margin));
    }

    /**
     * Graceful shutdown, exercised: no request in flight within {@code margin} of the pod deletes and evictions failed,
     * and at least one deleted or evicted pod had work when its deletion began. Work is shown two ways: by the pod's own
     * gauge ({@code inFlightAtDelete}, journaled by a delete held back with {@code PodDelete.whenInFlight}, and by
     * {@code NodeDrain} for each pod it evicts), and by the requests' responses, which name the upstream that answered
     * (see {@link ShutdownExposure}: requests it answered that were in flight at its delete, and requests sent to it after
     * the delete began). An evicted pod's shutdown lasts until its drain is done. A shutdown with nothing in flight
     * protects nothing, so a pass then would be unearned: the verdict is inconclusive when neither shows work on any
     * victim. Its measurement is the number of failed requests; its evidence lists, per victim, both figures and how many
     * of the requests around its delete failed.
     */
    public JournalAssert shutDownGracefully(Duration margin) {
        return holds(new GracefulShutdown(margin));
    }

    /** No request in flight during the window failed. */
    public JournalAssert hasNoFailedRequestsDuring(TimeWindow window) {
        return holds(new NoFailedRequestsDuring(window));
    }

    /**
     * The Deployment had at least {@code minReady} ready replicas at every moment of every fault of {@code kind}
     * (e.g. during a rolling update: never below the desired count).
     */
    public JournalAssert keptReadyReplicasDuring(FaultKind kind, String namespace, String deployment, int minReady) {
        return holds(new ReadyReplicasKept(namespace, deployment, minReady, kind));
    }

    /**
     * A drain was protected by the PodDisruptionBudget: every {@link FaultKind#NODE_DRAIN} completed, the Eviction
     * API refused at least one eviction with 429 meanwhile, and the Deployment never had fewer than {@code minReady}
     * ready replicas during the drains. Its measurement is the fewest ready replicas during the drains.
     */
    public JournalAssert drainRespectedBudget(String namespace, String deployment, int minReady) {
        return holds(new DrainRespectedBudget(namespace, deployment, minReady));
    }

    /**
     * After each fault of {@code kind} ended, the Deployment had all its desired replicas ready again within
     * {@code within}. Its measurement is the longest time from a fault's end until all replicas were ready.
     */
    public JournalAssert returnedToFullReadiness(FaultKind kind, String namespace, String deployment, Duration within) {
        return holds(new ReadyAgain(namespace, kind, deployment, within));
    }

    /**
     * Recovery after SIGKILLs or node failures: at most {@code maxFailedRequests} failed around the faults of
     * {@code kind} (until {@code within} after they ended), and the Deployment was fully ready again within
     * {@code within} of each fault's end. Records two verdicts: the failed requests, and the readiness.
     */
    public JournalAssert recoveredFrom(FaultKind kind, String namespace, String deployment, int maxFailedRequests, Duration within) {
        return holds(new Recovered(namespace, kind, deployment, maxFailedRequests, within));
    }

    /**
     * The HorizontalPodAutoscaler scaled the Deployment out to {@code replicas} Ready pods within {@code within} of
     * the first request, through its phases: metrics visible → desired replicas raised → pods scheduled → pods Ready.
     * A failure names the phases reached, when, and the one that never came. Its measurement is the time from the
     * first request until the pods were Ready.
     */
    public JournalAssert scaledOut(String namespace, String hpa, String deployment, int replicas, Duration within) {
        return holds(new ScaledOut(namespace, hpa, deployment, replicas, within));
    }

    /**
     * The 99th percentile of the durations of successful requests outside the faults (each widened by {@code margin})
     * is below {@code budget}. Failed requests are left out, and the evidence says how many: an instant 502 is not a
     * fast answer (the failed-request verdicts judge those). Inconclusive with fewer than 20 successful requests
     * outside the faults: too few to say anything.
     */
    public JournalAssert hasLatencyP99OutsideFaultsBelow(Duration budget, Duration margin) {
        return holds(new LatencyP99(budget, margin));
    }

    /**
     * Dependency trouble stays bounded: every request in flight within {@code margin} of the faults of {@code kind}
     * (a partition, packet loss) got an HTTP status, any status, within {@code budget}. Services that call a broken
     * dependency with a timeout answer in time, if only with a 502 or 503; one that waits forever leaves its callers
     * hanging until their own timeouts. Its measurement is the number of requests that got no status at all or took
     * the budget or longer. Inconclusive unless the load ran throughout the faults, and when the faults' packet
     * counters say the pods sent the destination nothing while cut off ({@code droppedPackets=0}): then the load never
     * exercised the dependency, and a PASS would be unearned.
     */
    public JournalAssert everyRequestAnsweredWithin(Duration budget, FaultKind kind, Duration margin) {
        return holds(new AnsweredWithin(budget, kind, margin));
    }

    /**
     * Traffic was routed around the pods a fault broke: during each fault of {@code kind} (one replica cut off from its
     * database, say), requests failed at most until {@code within} after the fault started, and none that started
     * later, until the fault ended, failed. Readiness that turns false when a pod cannot serve takes it out of the
     * Services' endpoints; without it the pod keeps getting traffic, and keeps failing it, for as long as the fault
     * lasts. Its measurement is the longest time from a fault's start to the start of the last failed request during
     * it. Inconclusive when a fault never ended, lasted no longer than {@code within}, or the load did not run
     * throughout it.
     */
    public JournalAssert routedAroundWithin(Duration within, FaultKind kind) {
        return holds(new RoutedAround(within, kind));
    }

    /**
     * Recovery after a dependency fault: no request in flight from {@code within} after the last fault of {@code kind}
     * ended to the end of the load failed. Inconclusive when a fault never ended or no request ran after that moment.
     */
    public JournalAssert recoveredWithin(Duration within, FaultKind kind) {
        return holds(new RecoveredWithin(within, kind));
    }

    /**
     * Every fault of {@code kind} took effect and finished: none failed (a rollout that stalled at its progress
     * deadline, a drain a budget held for good, a node that did not come back) and none was still running. Its
     * negative control is a release whose pods never become ready: the rollout fault fails, and so must this.
     */
    public JournalAssert everyFaultFinished(FaultKind kind) {
        return holds(new EveryFaultFinished(kind));
    }

    /**
     * Judges the verdict (each of its parts in turn, for {@link Recovered}), records its result in the journal
     * whatever its outcome, and throws unless it passed: the {@link AssertionError} with the evidence when it failed,
     * an {@link InconclusiveVerdictError} saying what was missing when the journal could not support it.
     */
    public JournalAssert holds(VerdictSpec verdict) {
        verdict.evaluate(actual, negativeControl).forEach(this::conclude);
        return this;
    }

    private void conclude(Judgement judged) {
        Verdict verdict = judged.verdict();
        switch (verdict.outcome()) {
            case PASS -> record(verdict);
            case INCONCLUSIVE -> {
                record(verdict);
                throw new InconclusiveVerdictError(judged.message());
            }
            case FAIL -> {
                try {
                    failWithMessage("%s", judged.message());
                } catch (AssertionError failure) {
                    String message = failure.getMessage() == null ? "" : failure.getMessage();
                    record(new Verdict(verdict.atMs(), verdict.name(), verdict.outcome(), verdict.measured(), verdict.limit(),
                            verdict.budget(), verdict.unit(), message.replace(JournalFacts.journalHint(actual), ""), verdict.expectedFailure()));
                    throw failure;
                }
            }
        }
    }

    private void record(Verdict verdict) {
        if (actual.acceptsRecords()) {
            actual.record(verdict);
        }
    }
}
