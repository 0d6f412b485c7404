package dev.unshaken.suites.verdicts;

import dev.unshaken.journal.FaultEvent;
import dev.unshaken.journal.FaultKind;
import dev.unshaken.journal.Journal;
import dev.unshaken.journal.ObservationKind;
import dev.unshaken.journal.RequestOutcome;
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

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One journal as the verdicts read it: judges a {@link VerdictSpec} (each kind's logic is in the family's class:
 * {@link FailedRequestVerdicts}, {@link ClusterVerdicts}, {@link LatencyVerdict}, {@link DependencyFaultVerdicts},
 * {@link GracefulShutdownVerdict}), and holds what they share: the faults, the windows, the checks that make a
 * verdict inconclusive, and how a verdict's run becomes a {@link Judgement}.
 */
final class JournalFacts {

    private static final String CAUGHT_NOTHING = "\n  this negative control caught nothing: only a failure on what the verdict"
            + " measured shows that it catches the defect";

    private final Journal journal;
    private final boolean negativeControl;

    JournalFacts(Journal journal, boolean negativeControl) {
        this.journal = Objects.requireNonNull(journal, "journal");
        this.negativeControl = negativeControl;
    }

    Journal journal() {
        return journal;
    }

    /** Judges the verdict: one judgement, or, for {@link Recovered}, its failed requests and then, if they pass, its readiness. */
    List<Judgement> judge(VerdictSpec spec) {
        return switch (spec) {
            case NoFailedRequests(var around, var margin) -> List.of(around == null ? FailedRequestVerdicts.wholeRun(this)
                    : FailedRequestVerdicts.around(this, 0, around, margin));
            case FailedRequestsAtMost(var count, var around, var margin) -> List.of(FailedRequestVerdicts.around(this, count, around, margin));
            case NoFailedRequestsDuring(var window) -> List.of(FailedRequestVerdicts.during(this, window));
            case ReadyReplicasKept(var namespace, var deployment, var minReady, var during) ->
                    List.of(ClusterVerdicts.keptReadyReplicas(this, during, namespace, deployment, minReady));
            case DrainRespectedBudget(var namespace, var deployment, var minReady) ->
                    List.of(ClusterVerdicts.drainRespectedBudget(this, namespace, deployment, minReady));
            case ReadyAgain(var namespace, var after, var deployment, var within) ->
                    List.of(ClusterVerdicts.readyAgain(this, after, namespace, deployment, within));
            case Recovered recovered -> {
                Judgement failedRequests = FailedRequestVerdicts.recovered(this, recovered.from(), recovered.maxFailedRequests(),
                        recovered.within());
                yield failedRequests.verdict().outcome() != Verdict.Outcome.PASS ? List.of(failedRequests)
                        : List.of(failedRequests, judge(recovered.readiness()).getFirst());
            }
            case ScaledOut(var namespace, var hpa, var deployment, var replicas, var within) ->
                    List.of(ClusterVerdicts.scaledOut(this, namespace, hpa, deployment, replicas, within));
            case EveryFaultFinished(var kind) -> List.of(ClusterVerdicts.everyFaultFinished(this, kind));
            case LatencyP99(var below, var margin) -> List.of(LatencyVerdict.p99(this, below, margin));
            case AnsweredWithin(var budget, var around, var margin) -> List.of(DependencyFaultVerdicts.answeredWithin(this, budget, around, margin));
            case RoutedAround(var within, var around) -> List.of(DependencyFaultVerdicts.routedAround(this, within, around));
            case RecoveredWithin(var within, var after) -> List.of(DependencyFaultVerdicts.recoveredWithin(this, within, after));
            case GracefulShutdown(var margin) -> List.of(GracefulShutdownVerdict.judge(this, margin));
        };
    }

    /** The faults of the kinds (e.g. evictions, refusals) journaled while a drain ran. */
    List<FaultEvent> duringDrains(Set<FaultKind> kinds) {
        long openEnd = lastTimeMs();
        List<TimeWindow> drains = journal.faults().stream().filter(f -> f.kind() == FaultKind.NODE_DRAIN)
                .map(f -> TimeWindow.of(f, openEnd)).toList();
        return journal.faults().stream().filter(f -> kinds.contains(f.kind()))
                .filter(f -> drains.stream().anyMatch(d -> d.contains(f.startMs()))).toList();
    }

    /**
     * Whether the fault's target ({@code namespace/pod/name}) is a pod of the Deployment, by the name its ReplicaSet
     * gives its pods: {@code <deployment>-<template hash>-<5 characters>}.
     */
    static boolean podOfDeployment(FaultEvent fault, String namespace, String deployment) {
        String prefix = namespace + "/pod/";
        return fault.target().startsWith(prefix)
                && fault.target().substring(prefix.length()).matches(Pattern.quote(deployment) + "-[a-z0-9]{1,10}-[a-z0-9]{5}");
    }

    /** Inconclusive unless requests were made from before the window to after it: a verdict on half a fault proves nothing. */
    void requireLoadCovers(TimeWindow window, String what) {
        List<RequestOutcome> requests = journal.requests();
        if (requests.isEmpty()) {
            inconclusive("no request during " + what + ": the journal holds no request at all, so the load did not run");
        }
        long first = requests.stream().mapToLong(RequestOutcome::startMs).min().orElseThrow();
        long last = requests.stream().mapToLong(RequestOutcome::endMs).max().orElseThrow();
        if (first > window.fromMs() || last < window.toMs()) {
            RunClock clock = clock();
            inconclusive("the load did not run throughout " + what + ": requests ran " + clock.span(first, last)
                    + "; lengthen the load or start the faults later");
        }
    }

    /**
     * Fails unless at most {@code max} of the requests in flight during the window failed (inconclusive when none
     * was); returns what was seen.
     */
    String failedAtMost(Check check, int max, TimeWindow window, String where) {
        RunClock clock = clock();
        List<RequestOutcome> inWindow = journal.requests().stream().filter(r -> window.overlaps(r.startMs(), r.endMs())).toList();
        if (inWindow.isEmpty()) {
            inconclusive("no request was in flight " + where + " (" + clock.span(window) + "): the load did not cover it");
        }
        List<RequestOutcome> failed = inWindow.stream().filter(RequestOutcome::failed).toList();
        check.measured(failed.size());
        if (failed.size() > max) {
            fail("Expected " + (max == 0 ? "no" : "at most " + max) + " failed requests " + where + " (" + clock.span(window)
                    + "), but " + failed.size() + " of " + inWindow.size() + " failed:"
                    + FailedRequests.describe(failed, clock, TerminatingPods.of(journal)) + journalHint());
        }
        return failed.size() + " of the " + inWindow.size() + " requests in flight " + where + ", i.e. " + clock.span(window) + ", failed";
    }

    /**
     * The faults of {@code kind} whose own counters say the workload never met them: no packet of it dropped
     * ({@code droppedPackets=0}) or delayed ({@code delayedPackets=0}), no lookup of a failing name
     * ({@code faultedQueries=0}), no request disrupted ({@code faultedRequests=0}). Faults without such counters are never
     * in it.
     */
    List<String> unmet(FaultKind kind) {
        return faultsOf(kind).stream()
                .filter(f -> Stream.of("droppedPackets", "delayedPackets", "faultedQueries", "faultedRequests", "heldBackPackets")
                        .anyMatch(key -> "0".equals(f.details().get(key))))
                .map(this::describe).toList();
    }

    /**
     * Why the journal cannot tell what the objects of {@code kinds} in {@code namespace} did in the window ({@code
     * when} says what the window is): the watcher of one of them was not connected for part of it (a gap, not yet
     * connected at its start, stopped before its end). Empty when they were watched throughout. The one check behind
     * every verdict that takes an object's last observation to hold until the next: a PASS over a stretch nobody
     * watched would be unearned.
     */
    Optional<String> unwatched(String namespace, TimeWindow window, String when, ObservationKind... kinds) {
        WatchCoverage coverage = WatchCoverage.of(journal);
        RunClock clock = clock();
        List<String> outages = new ArrayList<>();
        for (ObservationKind kind : kinds) {
            coverage.outages(kind, namespace, window).forEach(outage -> outages.add(outage.describe(clock)));
        }
        if (outages.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(String.join("; ", outages) + ", " + when + ": what changed then may never have been observed, so the"
                + " last observation cannot be taken to have held");
    }

    /** Inconclusive unless the watchers of {@code kinds} in {@code namespace} were connected throughout the window ({@link #unwatched}). */
    void requireWatched(String namespace, TimeWindow window, String when, ObservationKind... kinds) {
        unwatched(namespace, window, when, kinds).ifPresent(JournalFacts::inconclusive);
    }

    /**
     * Runs one verdict, whatever its outcome: {@code verdict} returns the evidence when it passes, throws an
     * {@link AssertionError} ({@link #fail}) when it fails, having told {@code check} what it measured, and calls
     * {@link #inconclusive} when the journal lacks what it needs.
     */
    Judgement check(String name, Verdict.Limit limit, double budget, String unit, Function<Check, String> verdict) {
        Check check = new Check(unit);
        String evidence;
        try {
            evidence = verdict.apply(check);
        } catch (InconclusiveVerdictError missing) {
            String message = "INCONCLUSIVE: " + name + ": " + missing.getMessage();
            // What was measured before the evidence ran out (an earlier fault of several) judges nothing on its own.
            return new Judgement(new Verdict(journal.now(), name, Verdict.Outcome.INCONCLUSIVE, null, limit, budget, unit, message,
                    negativeControl), message + (negativeControl ? CAUGHT_NOTHING : "") + journalHint());
        } catch (AssertionError failure) {
            String message = failure.getMessage() == null ? "" : failure.getMessage();
            return new Judgement(new Verdict(journal.now(), name, Verdict.Outcome.FAIL, check.measured, limit, budget, unit,
                    message.replace(journalHint(), ""), negativeControl), message);
        }
        return new Judgement(new Verdict(journal.now(), name, Verdict.Outcome.PASS, check.measured, limit, budget, unit, evidence,
                negativeControl), null);
    }

    /** Stops the verdict as inconclusive: the journal lacks what it needs, which {@code missing} says. */
    static void inconclusive(String missing) {
        throw new InconclusiveVerdictError(missing);
    }

    /** What a verdict measured so far; {@code null} until it measured something. */
    static final class Check {
        private final String unit;
        private Double measured;

        Check(String unit) {
            this.unit = unit;
        }

        void measured(double value) {
            measured = value;
        }

        /** Keeps the lowest of the values measured (the fewest ready replicas over several faults). */
        void lowest(double value) {
            measured = measured == null ? value : Math.min(measured, value);
        }

        /** Keeps the highest of the values measured (the longest recovery over several faults). */
        void highest(double value) {
            measured = measured == null ? value : Math.max(measured, value);
        }

        /** Forgets the measurement: what should have been measured never happened. */
        void unmeasured() {
            measured = null;
        }

        String measuredText() {
            if (measured == null) {
                return "not measured";
            }
            String number = measured == Math.rint(measured) ? Long.toString(measured.longValue()) : String.format(Locale.ROOT, "%.3f", measured);
            return number + " " + unit;
        }
    }

    List<FaultEvent> faultsOf(FaultKind kind) {
        List<FaultEvent> faults = journal.faults().stream().filter(f -> f.kind() == kind).toList();
        if (faults.isEmpty()) {
            inconclusive("the journal holds no " + kind + " fault (faults recorded: "
                    + journal.faults().stream().map(f -> f.kind().name()).distinct().toList() + ")");
        }
        return faults;
    }

    TimeWindow windowOf(FaultKind kind) {
        List<FaultEvent> faults = faultsOf(kind);
        long openEnd = lastTimeMs();
        long from = faults.stream().mapToLong(FaultEvent::startMs).min().orElseThrow();
        long to = faults.stream().mapToLong(f -> f.endOr(openEnd)).max().orElseThrow();
        return new TimeWindow(from, Math.max(from, to));
    }

    String describeFaults(FaultKind kind) {
        List<FaultEvent> faults = faultsOf(kind);
        return faults.size() == 1 ? describe(faults.getFirst())
                : faults.size() + " " + kind + " faults (" + faults.stream().map(FaultEvent::target).collect(Collectors.joining(", ")) + ")";
    }

    String describe(FaultEvent fault) {
        RunClock clock = clock();
        return fault.kind() + " " + fault.target() + " (" + clock.at(fault.startMs()) + " – "
                + (fault.ended() ? clock.at(fault.endMs()) : "never ended") + ")";
    }

    long countFaults(FaultKind kind) {
        return journal.faults().stream().filter(f -> f.kind() == kind).count();
    }

    ReadyReplicasTimeline readyTimeline(String namespace, String deployment) {
        var timeline = ReadyReplicasTimeline.of(journal, namespace, deployment);
        if (timeline.isEmpty()) {
            inconclusive("the journal holds no observation of deployment " + namespace + "/" + deployment + ": does it exist, and"
                    + " was " + namespace + " watched (faults.watch, or confineTo, starts the watchers)?");
        }
        return timeline;
    }

    String terminatingIn(TimeWindow window) {
        var terminating = TerminatingPods.of(journal);
        var pods = terminating.during(window.fromMs(), window.toMs());
        RunClock clock = clock();
        return (pods.isEmpty() ? " no pod was Terminating then" : " Terminating meanwhile: " + pods.stream()
                .map(p -> p.pod() + " (" + clock.at(p.fromMs()) + ")").collect(Collectors.joining(", ")))
                + terminating.unseenDuring(window.fromMs(), window.toMs(), clock);
    }

    long lastTimeMs() {
        long last = 0;
        for (var r : journal.requests()) {
            last = Math.max(last, r.endMs());
        }
        for (var f : journal.faults()) {
            last = Math.max(last, f.endOr(f.startMs()));
        }
        for (var o : journal.observations()) {
            // A watcher closing after the test is no moment of the run: an open fault ends at the last thing seen.
            if (o.kind() != ObservationKind.WATCH) {
                last = Math.max(last, o.atMs());
            }
        }
        return last;
    }

    RunClock clock() {
        return RunClock.of(journal);
    }

    String journalHint() {
        return journalHint(journal);
    }

    /** The line that names the journal's file, which every failure ends with; empty for an in-memory journal. */
    static String journalHint(Journal journal) {
        return journal.file() == null ? "" : "\n  journal: " + journal.file().toAbsolutePath();
    }

    /** Stops the verdict as failed, with the evidence. */
    void fail(String message) {
        throw new AssertionError(message);
    }
}
