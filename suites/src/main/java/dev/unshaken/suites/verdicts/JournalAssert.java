package dev.unshaken.suites.verdicts;

import dev.unshaken.journal.FaultEvent;
import dev.unshaken.journal.FaultKind;
import dev.unshaken.journal.Journal;
import dev.unshaken.journal.Observation;
import dev.unshaken.journal.ObservationKind;
import dev.unshaken.journal.RequestOutcome;
import dev.unshaken.journal.ShutdownExposure;
import dev.unshaken.journal.Verdict;
import org.assertj.core.api.AbstractAssert;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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
 */
public final class JournalAssert extends AbstractAssert<JournalAssert, Journal> {

    private static final String CAUGHT_NOTHING = "\n  this negative control caught nothing: only a failure on what the verdict"
            + " measured shows that it catches the defect";

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

    // ----- failed requests -----

    /** No request of the whole run failed (5xx, no status, or rejected by its journey); at least one request was made. */
    public JournalAssert hasNoFailedRequests() {
        return check("no failed requests during the whole run", Verdict.Limit.AT_MOST, 0, "requests", check -> {
            List<RequestOutcome> requests = actual.requests();
            if (requests.isEmpty()) {
                inconclusive("the journal holds no request at all: the load did not run");
            }
            long last = requests.stream().mapToLong(RequestOutcome::endMs).max().orElseThrow();
            long first = requests.stream().mapToLong(RequestOutcome::startMs).min().orElseThrow();
            return failedAtMost(check, 0, new TimeWindow(first, last), "during the whole run");
        });
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
        String name = (max == 0 ? "no" : "at most " + max) + " failed requests within " + seconds(margin) + " of " + kind;
        return check(name, Verdict.Limit.AT_MOST, max, "requests", check -> {
            TimeWindow faults = windowOf(kind);
            if (kind == FaultKind.NODE_DRAIN && duringDrains(Set.of(FaultKind.EVICTION)).isEmpty()) {
                inconclusive(describeFaults(kind) + " evicted no pod of the run's namespaces: nothing under load was disrupted;"
                        + " drain a node the workload runs on (OnBusiestNode, or a node from its pods' spec.nodeName)");
            }
            List<String> unmet = unmet(kind);
            if (!unmet.isEmpty() && unmet.size() == faultsOf(kind).size()) {
                inconclusive("the workload never met " + String.join("; ", unmet) + ": the fault's own counters say no packet of it was"
                        + " dropped or delayed and no lookup failed, so no failure could have come from it");
            }
            requireLoadCovers(faults, describeFaults(kind));
            return failedAtMost(check, max, faults.widenedBy(margin), "within " + seconds(margin) + " of " + describeFaults(kind));
        });
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
        String name = "no failed requests within " + seconds(margin)
                + " of pod deletes or evictions with requests in flight (graceful shutdown)";
        return check(name, Verdict.Limit.AT_MOST, 0, "requests", check -> {
            List<Shutdown> shutdowns = shutdowns();
            if (shutdowns.isEmpty()) {
                inconclusive("the journal holds no POD_DELETE and no EVICTION, so no pod was shut down (faults recorded: "
                        + actual.faults().stream().map(f -> f.kind().name()).distinct().toList() + ")");
            }
            List<RequestOutcome> requests = actual.requests();
            // Each victim's requests by the responses, counted once over the journal's requests.
            Map<Shutdown, ShutdownExposure> exposures = new HashMap<>();
            shutdowns.forEach(sd -> exposures.put(sd, ShutdownExposure.of(sd.fault(), requests)));
            List<Shutdown> busy = shutdowns.stream().filter(sd -> sd.exposed(exposures.get(sd))).toList();
            if (busy.isEmpty()) {
                inconclusive("no deleted or evicted pod had a request in flight when its deletion began (" + shutdowns.stream()
                        .map(sd -> sd.inFlightShown() + ", by the responses " + exposures.get(sd).describe())
                        .collect(Collectors.joining("; ")) + "): nothing was exposed to the shutdown,"
                        + " so whether it is graceful cannot be told; hold the deletes back with PodDelete.whenInFlight (scenario"
                        + " files: whenInFlight), or drain under a load that keeps work in flight on the node's pods");
            }
            TimeWindow window = new TimeWindow(shutdowns.stream().mapToLong(sd -> sd.window().fromMs()).min().orElseThrow(),
                    shutdowns.stream().mapToLong(sd -> sd.window().toMs()).max().orElseThrow());
            RunClock clock = clock();
            String what = shutdowns.size() + " pod " + (shutdowns.size() == 1 ? "shutdown" : "shutdowns") + " (" + clock.span(window) + ")";
            requireLoadCovers(window, what);
            String victims = busy.stream().map(sd -> {
                TimeWindow around = sd.window().widenedBy(margin);
                List<RequestOutcome> near = actual.requests().stream().filter(r -> around.overlaps(r.startMs(), r.endMs())).toList();
                long failedNear = near.stream().filter(RequestOutcome::failed).count();
                return sd.fault().target() + " (" + sd.verb() + " at " + clock.at(sd.fault().startMs()) + " with "
                        + sd.inFlightByGauge() + " in flight by its gauge; by the responses: "
                        + exposures.get(sd).describe() + "; " + failedNear + " of " + near.size()
                        + " requests around it failed)";
            }).collect(Collectors.joining(", "));
            TimeWindow widened = window.widenedBy(margin);
            List<RequestOutcome> inWindow = actual.requests().stream().filter(r -> widened.overlaps(r.startMs(), r.endMs())).toList();
            List<RequestOutcome> failed = inWindow.stream().filter(RequestOutcome::failed).toList();
            check.measured(failed.size());
            if (!failed.isEmpty()) {
                fail("Expected requests in flight on pods being deleted to be answered, but " + failed.size() + " of the "
                        + inWindow.size() + " requests within " + seconds(margin) + " of " + what + " failed. Victims: " + victims
                        + "." + FailedRequests.describe(failed, clock, TerminatingPods.of(actual)) + journalHint());
            }
            return "0 of the " + inWindow.size() + " requests within " + seconds(margin) + " of the " + what
                    + " failed; victims with work in flight: " + victims;
        });
    }

    /**
     * A pod shut down by a fault: a {@link FaultKind#POD_DELETE} (until the pod is gone) or an {@link FaultKind#EVICTION}
     * by a drain (until the drain is done: it waits for its evicted pods to be gone).
     */
    private record Shutdown(FaultEvent fault, TimeWindow window) {

        /** Whether the pod had work at its delete: by its gauge, or by the responses that name it as their upstream. */
        boolean exposed(ShutdownExposure byTheResponses) {
            return inFlightAtDelete(fault) > 0 || byTheResponses.exposed();
        }

        String inFlightByGauge() {
            return fault.details().containsKey(FaultEvent.IN_FLIGHT_AT_DELETE) ? fault.detail(FaultEvent.IN_FLIGHT_AT_DELETE) : "unmeasured";
        }

        String verb() {
            return fault.kind() == FaultKind.EVICTION ? "evicted" : "deleted";
        }

        String inFlightShown() {
            return fault.target() + ": " + (fault.details().containsKey(FaultEvent.IN_FLIGHT_AT_DELETE)
                    ? fault.detail(FaultEvent.IN_FLIGHT_AT_DELETE) + " in flight" : fault.details().getOrDefault("outcome", "not measured"));
        }
    }

    /** The faults of the kinds (e.g. evictions, refusals) journaled while a drain ran. */
    private List<FaultEvent> duringDrains(Set<FaultKind> kinds) {
        long openEnd = lastTimeMs();
        List<TimeWindow> drains = actual.faults().stream().filter(f -> f.kind() == FaultKind.NODE_DRAIN)
                .map(f -> TimeWindow.of(f, openEnd)).toList();
        return actual.faults().stream().filter(f -> kinds.contains(f.kind()))
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

    private List<Shutdown> shutdowns() {
        long openEnd = lastTimeMs();
        List<FaultEvent> drains = actual.faults().stream().filter(f -> f.kind() == FaultKind.NODE_DRAIN).toList();
        List<Shutdown> shutdowns = new ArrayList<>();
        for (FaultEvent f : actual.faults()) {
            if (f.kind() == FaultKind.POD_DELETE) {
                shutdowns.add(new Shutdown(f, TimeWindow.of(f, openEnd)));
            } else if (f.kind() == FaultKind.EVICTION) {
                long until = drains.stream().filter(d -> d.startMs() <= f.startMs() && d.endOr(openEnd) >= f.startMs())
                        .mapToLong(d -> d.endOr(openEnd)).max().orElse(f.startMs());
                shutdowns.add(new Shutdown(f, new TimeWindow(f.startMs(), until)));
            }
        }
        return shutdowns;
    }

    private static long inFlightAtDelete(FaultEvent fault) {
        try {
            return Long.parseLong(fault.details().getOrDefault(FaultEvent.IN_FLIGHT_AT_DELETE, "0"));
        } catch (NumberFormatException unreadable) {
            return 0;
        }
    }

    /** Inconclusive unless requests were made from before the window to after it: a verdict on half a fault proves nothing. */
    private void requireLoadCovers(TimeWindow window, String what) {
        List<RequestOutcome> requests = actual.requests();
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

    /** No request in flight during the window failed. */
    public JournalAssert hasNoFailedRequestsDuring(TimeWindow window) {
        String where = "during " + clock().span(window);
        return check("no failed requests " + where, Verdict.Limit.AT_MOST, 0, "requests", check -> failedAtMost(check, 0, window, where));
    }

    /**
     * Fails unless at most {@code max} of the requests in flight during the window failed (inconclusive when none
     * was); returns what was seen.
     */
    private String failedAtMost(Check check, int max, TimeWindow window, String where) {
        RunClock clock = clock();
        List<RequestOutcome> inWindow = actual.requests().stream().filter(r -> window.overlaps(r.startMs(), r.endMs())).toList();
        if (inWindow.isEmpty()) {
            inconclusive("no request was in flight " + where + " (" + clock.span(window) + "): the load did not cover it");
        }
        List<RequestOutcome> failed = inWindow.stream().filter(RequestOutcome::failed).toList();
        check.measured(failed.size());
        if (failed.size() > max) {
            fail("Expected " + (max == 0 ? "no" : "at most " + max) + " failed requests " + where + " (" + clock.span(window)
                    + "), but " + failed.size() + " of " + inWindow.size() + " failed:"
                    + FailedRequests.describe(failed, clock, TerminatingPods.of(actual)) + journalHint());
        }
        return failed.size() + " of the " + inWindow.size() + " requests in flight " + where + ", i.e. " + clock.span(window) + ", failed";
    }

    // ----- readiness -----

    /**
     * The Deployment had at least {@code minReady} ready replicas at every moment of every fault of {@code kind}
     * (e.g. during a rolling update: never below the desired count).
     */
    public JournalAssert keptReadyReplicasDuring(FaultKind kind, String namespace, String deployment, int minReady) {
        String name = namespace + "/" + deployment + " kept " + minReady + " ready replicas during " + kind;
        return check(name, Verdict.Limit.AT_LEAST, minReady, "replicas", check -> {
            var timeline = readyTimeline(namespace, deployment);
            List<FaultEvent> evictions = kind == FaultKind.NODE_DRAIN ? duringDrains(Set.of(FaultKind.EVICTION)) : List.of();
            for (FaultEvent fault : faultsOf(kind)) {
                TimeWindow window = TimeWindow.of(fault, lastTimeMs());
                if (kind == FaultKind.NODE_DRAIN && evictions.stream()
                        .noneMatch(e -> window.contains(e.startMs()) && podOfDeployment(e, namespace, deployment))) {
                    inconclusive(describe(fault) + " evicted no pod of " + namespace + "/" + deployment + ", so its ready replicas"
                            + " were never at stake; drain a node it runs on (OnBusiestNode with a target of its pods)");
                }
                requireWatched(namespace, window, "during " + describe(fault), ObservationKind.DEPLOYMENT);
                var lowest = timeline.lowestReadyDuring(window);
                if (lowest.isEmpty()) {
                    inconclusive(timeline.deployment() + " was not observed by the start of " + describe(fault) + "; watch "
                            + namespace + " (faults.watch or confineTo) before the fault");
                }
                check.lowest(lowest.get().ready());
                if (lowest.get().ready() < minReady) {
                    fail("Expected " + timeline.deployment() + " to keep at least " + minReady + " ready replicas during " + describe(fault)
                            + ", but only " + lowest.get().ready() + " of " + lowest.get().desired() + " were ready from "
                            + clock().at(Math.max(lowest.get().atMs(), window.fromMs())) + ";" + terminatingIn(window) + journalHint());
                }
            }
            return "the fewest ready replicas of " + timeline.deployment() + " during " + describeFaults(kind) + " were "
                    + check.measuredText();
        });
    }

    /**
     * A drain was protected by the PodDisruptionBudget: every {@link FaultKind#NODE_DRAIN} completed, the Eviction
     * API refused at least one eviction with 429 meanwhile, and the Deployment never had fewer than {@code minReady}
     * ready replicas during the drains. Its measurement is the fewest ready replicas during the drains.
     */
    public JournalAssert drainRespectedBudget(String namespace, String deployment, int minReady) {
        String name = "drain held back by the PDB of " + namespace + "/" + deployment;
        return check(name, Verdict.Limit.AT_LEAST, minReady, "replicas", check -> {
            List<FaultEvent> drains = faultsOf(FaultKind.NODE_DRAIN);
            var problems = new ArrayList<String>();
            RunClock clock = clock();
            for (FaultEvent drain : drains) {
                if (!"completed".equals(drain.detail("outcome"))) {
                    problems.add(describe(drain) + " did not complete (outcome " + drain.detail("outcome") + ", still there: "
                            + drain.detail("remaining") + ")");
                }
            }
            List<FaultEvent> touched = duringDrains(Set.of(FaultKind.EVICTION, FaultKind.EVICTION_REFUSED)).stream()
                    .filter(f -> podOfDeployment(f, namespace, deployment)).toList();
            // Only the Deployment's own pods show its budget at work: a refusal of another workload's pod proves nothing here.
            List<FaultEvent> refusals = touched.stream()
                    .filter(f -> f.kind() == FaultKind.EVICTION_REFUSED && "429".equals(f.detail("code"))).toList();
            if (touched.isEmpty() && problems.isEmpty()) {
                inconclusive(describeFaults(FaultKind.NODE_DRAIN) + " evicted no pod of " + namespace + "/" + deployment
                        + " and asked to evict none, so its budget was never put to the test; drain a node it runs on");
            }
            if (refusals.isEmpty()) {
                problems.add("no eviction was refused with 429 during the drain for a pod of " + namespace + "/" + deployment
                        + ": no PodDisruptionBudget held it back");
            }
            var timeline = readyTimeline(namespace, deployment);
            var missing = new ArrayList<String>();
            for (FaultEvent drain : drains) {
                TimeWindow window = TimeWindow.of(drain, lastTimeMs());
                var unwatched = unwatched(namespace, window, "during " + describe(drain), ObservationKind.DEPLOYMENT);
                if (unwatched.isPresent()) {
                    missing.add(unwatched.get());
                    continue;
                }
                var lowest = timeline.lowestReadyDuring(window);
                if (lowest.isEmpty()) {
                    missing.add(timeline.deployment() + " was not observed by the start of " + describe(drain));
                    continue;
                }
                check.lowest(lowest.get().ready());
                if (lowest.get().ready() < minReady) {
                    problems.add("ready replicas of " + timeline.deployment() + " fell to " + lowest.get().ready() + " (< " + minReady
                            + ") at " + clock.at(Math.max(lowest.get().atMs(), window.fromMs())) + ", during " + describe(drain) + ";"
                            + terminatingIn(window));
                }
            }
            if (!problems.isEmpty()) {
                problems.addAll(missing);
                fail("Expected the drain to be held back by the budget of " + namespace + "/" + deployment + " (min " + minReady
                        + " ready), but:\n  - " + String.join("\n  - ", problems)
                        + "\n  refusals: " + refusals.size() + ", evictions: " + countFaults(FaultKind.EVICTION) + journalHint());
            }
            if (!missing.isEmpty()) {
                inconclusive(String.join("; ", missing));
            }
            return describeFaults(FaultKind.NODE_DRAIN) + " completed; " + refusals.size() + " evictions refused with 429, "
                    + countFaults(FaultKind.EVICTION) + " evictions; the fewest ready replicas of " + timeline.deployment()
                    + " during the drain were " + check.measuredText();
        });
    }

    /**
     * After each fault of {@code kind} ended, the Deployment had all its desired replicas ready again within
     * {@code within}. Its measurement is the longest time from a fault's end until all replicas were ready.
     */
    public JournalAssert returnedToFullReadiness(FaultKind kind, String namespace, String deployment, Duration within) {
        String name = namespace + "/" + deployment + " fully ready " + seconds(within) + " after each " + kind;
        return check(name, Verdict.Limit.AT_MOST, within.toMillis() / 1000.0, "s", check -> {
            var timeline = readyTimeline(namespace, deployment);
            RunClock clock = clock();
            for (FaultEvent fault : faultsOf(kind)) {
                if (!fault.ended()) {
                    inconclusive(describe(fault) + " never ended, so no time from its end to full readiness can be measured");
                }
                long deadline = fault.endMs() + within.toMillis();
                requireWatched(namespace, new TimeWindow(fault.startMs(), deadline), "from the start of " + describe(fault) + " to "
                        + clock.at(deadline), ObservationKind.DEPLOYMENT);
                var lowest = timeline.lowestReadyDuring(new TimeWindow(fault.startMs(), deadline));
                if (lowest.isPresent() && lowest.get().ready() >= lowest.get().desired()) {
                    inconclusive(describe(fault) + " never took a replica of " + timeline.deployment() + " out of readiness (all "
                            + lowest.get().desired() + " stayed ready until " + clock.at(deadline) + "), so there was nothing to recover"
                            + " from; aim the fault at its pods, or make it last long enough to be noticed (a node is marked"
                            + " NotReady only after its node-monitor grace period, about 40 s)");
                }
                Optional<Long> since = timeline.fullyReadySince(fault.startMs(), deadline);
                if (since.isEmpty()) {
                    var atDeadline = timeline.at(deadline);
                    if (atDeadline.isEmpty()) {
                        inconclusive(timeline.deployment() + " was not observed by " + clock.at(deadline) + ", " + seconds(within)
                                + " after " + describe(fault) + " ended");
                    }
                    ReadyReplicasTimeline.Point then = atDeadline.get();
                    Optional<Long> later = timeline.firstAtLeastReady(Math.max(then.desired(), 1), deadline);
                    later.ifPresentOrElse(at -> check.highest((at - fault.endMs()) / 1000.0), check::unmeasured);
                    fail("Expected all replicas of " + timeline.deployment() + " ready within " + seconds(within)
                            + " after " + describe(fault) + " ended, i.e. by " + clock.at(deadline) + ", but then only "
                            + then.ready() + " of " + then.desired() + " were ready (since " + clock.at(then.atMs()) + ")"
                            + (later.isPresent() ? "; all were ready at " + clock.at(later.get()) + " ("
                                    + seconds(Duration.ofMillis(later.get() - fault.endMs())) + " after the fault)" : "; they never all were again")
                            + journalHint());
                }
                check.highest(Math.max(0, since.get() - fault.endMs()) / 1000.0);
            }
            return "all replicas of " + timeline.deployment() + " were ready at most " + check.measuredText() + " after the end of "
                    + describeFaults(kind);
        });
    }

    /**
     * Recovery after SIGKILLs or node failures: at most {@code maxFailedRequests} failed around the faults of
     * {@code kind} (until {@code within} after they ended), and the Deployment was fully ready again within
     * {@code within} of each fault's end. Records two verdicts: the failed requests, and the readiness.
     */
    public JournalAssert recoveredFrom(FaultKind kind, String namespace, String deployment, int maxFailedRequests, Duration within) {
        String name = (maxFailedRequests == 0 ? "no" : "at most " + maxFailedRequests) + " failed requests from " + kind + " until "
                + seconds(within) + " after";
        check(name, Verdict.Limit.AT_MOST, maxFailedRequests, "requests", check -> {
            TimeWindow faults = windowOf(kind);
            return failedAtMost(check, maxFailedRequests, new TimeWindow(faults.fromMs(), faults.toMs() + within.toMillis()),
                    "from the start of " + describeFaults(kind) + " until " + seconds(within) + " after");
        });
        return returnedToFullReadiness(kind, namespace, deployment, within);
    }

    // ----- autoscaling -----

    /**
     * The HorizontalPodAutoscaler scaled the Deployment out to {@code replicas} Ready pods within {@code within} of
     * the first request, through its phases: metrics visible → desired replicas raised → pods scheduled → pods Ready.
     * A failure names the phases reached, when, and the one that never came. Its measurement is the time from the
     * first request until the pods were Ready.
     */
    public JournalAssert scaledOut(String namespace, String hpa, String deployment, int replicas, Duration within) {
        String name = namespace + "/" + deployment + " scaled out to " + replicas + " Ready pods";
        return check(name, Verdict.Limit.AT_MOST, within.toMillis() / 1000.0, "s", check -> {
            RunClock clock = clock();
            long start = clock.startMs();
            List<Observation> hpaStates = actual.observations().stream()
                    .filter(o -> o.kind() == ObservationKind.HPA && namespace.equals(o.namespace()) && hpa.equals(o.name()) && !o.deleted())
                    .toList();
            if (hpaStates.isEmpty()) {
                inconclusive("HPA " + namespace + "/" + hpa + " was never observed: does it exist, and was " + namespace
                        + " watched (faults.watch or confineTo)?");
            }
            Optional<Long> metrics = hpaStates.stream()
                    .filter(o -> o.field("metrics") != null && !o.field("metrics").isEmpty() && !o.field("metrics").contains("<unknown>"))
                    .map(Observation::atMs).findFirst();
            Optional<Long> desired = hpaStates.stream().filter(o -> o.intField("desired", 0) >= replicas).map(Observation::atMs).findFirst();
            Optional<Long> scheduled = firstScheduled(namespace, deployment, replicas);
            Optional<Long> ready = readyTimeline(namespace, deployment).firstAtLeastReady(replicas, start);
            ready.ifPresent(at -> check.measured((at - start) / 1000.0));
            long deadline = start + within.toMillis();
            String phases = phase("metrics visible", metrics, clock) + phase("desired replicas raised to " + replicas, desired, clock)
                    + phase(replicas + " pods scheduled", scheduled, clock) + phase(replicas + " pods Ready", ready, clock);
            if (ready.isEmpty() || ready.get() > deadline) {
                // Pods seen Ready by the deadline were Ready then, gap or not; not seeing them is proof only if the
                // watchers were there to see.
                requireWatched(namespace, new TimeWindow(start, Math.max(start, deadline)), "from the first request to " + clock.at(deadline),
                        ObservationKind.DEPLOYMENT, ObservationKind.HPA, ObservationKind.POD);
                Observation last = hpaStates.getLast();
                fail("Expected " + namespace + "/" + deployment + " scaled out to " + replicas + " Ready pods by " + clock.at(deadline)
                        + " (" + seconds(within) + " after the first request), but:" + phases
                        + "\n  last HPA state at " + clock.at(last.atMs()) + ": " + last.fields() + journalHint());
            }
            return namespace + "/" + deployment + " had " + replicas + " Ready pods " + check.measuredText()
                    + " after the first request:" + phases;
        });
    }

    private static String phase(String name, Optional<Long> at, RunClock clock) {
        return "\n  " + name + ": " + at.map(clock::at).orElse("never");
    }

    /** When at least {@code replicas} live pods of the Deployment (owned by its ReplicaSets) were bound to nodes. */
    private Optional<Long> firstScheduled(String namespace, String deployment, int replicas) {
        Map<String, Boolean> scheduled = new HashMap<>();
        for (Observation o : actual.observations()) {
            if (o.kind() != ObservationKind.POD || !namespace.equals(o.namespace())) {
                continue;
            }
            if (o.deleted() || o.is("deleting")) {
                scheduled.remove(o.name());
            } else if (o.field("owner") != null && o.field("owner").startsWith("ReplicaSet/" + deployment + "-")) {
                scheduled.put(o.name(), o.field("node") != null);
            }
            if (scheduled.values().stream().filter(b -> b).count() >= replicas) {
                return Optional.of(o.atMs());
            }
        }
        return Optional.empty();
    }

    // ----- latency -----

    /**
     * The 99th percentile of the durations of successful requests outside the faults (each widened by {@code margin})
     * is below {@code budget}. Failed requests are left out, and the evidence says how many: an instant 502 is not a
     * fast answer (the failed-request verdicts judge those). Inconclusive with fewer than 20 successful requests
     * outside the faults: too few to say anything.
     */
    public JournalAssert hasLatencyP99OutsideFaultsBelow(Duration budget, Duration margin) {
        String name = "p99 latency outside faults (± " + seconds(margin) + ") below " + budget.toMillis() + " ms";
        return check(name, Verdict.Limit.AT_MOST, budget.toMillis(), "ms", check -> {
            long openEnd = lastTimeMs();
            List<TimeWindow> faults = actual.faults().stream().map(f -> TimeWindow.of(f, openEnd).widenedBy(margin)).toList();
            List<RequestOutcome> outsideFaults = actual.requests().stream()
                    .filter(r -> faults.stream().noneMatch(w -> w.overlaps(r.startMs(), r.endMs())))
                    .toList();
            // Latency is how long a user waited. A failure that came back faster than the budget is left out: counted
            // in, a service answering instant 502s would look fast (the failed-request verdicts judge those). A failure
            // that took the budget or longer (a timeout, a slow 504) counts: the user waited at least that long.
            long budgetMs = budget.toMillis();
            long fastFailures = outsideFaults.stream().filter(r -> r.failed() && r.durationMs() < budgetMs).count();
            long slowFailures = outsideFaults.stream().filter(r -> r.failed() && r.durationMs() >= budgetMs).count();
            List<RequestOutcome> outside = outsideFaults.stream().filter(r -> !r.failed() || r.durationMs() >= budgetMs)
                    .sorted(Comparator.comparingLong(RequestOutcome::durationMs))
                    .toList();
            String counted = outside.size() + " requests (" + slowFailures + " of them failures that took " + budgetMs
                    + " ms or longer); " + fastFailures + " failures faster than that left out";
            if (outside.size() < 20) {
                inconclusive("only " + counted + " outside the faults (± " + seconds(margin) + "): too few to judge, at least 20"
                        + " are needed; run the load longer");
            }
            int rank = (int) Math.ceil(0.99 * outside.size());
            long p99 = outside.get(rank - 1).durationMs();
            check.measured(p99);
            if (p99 >= budgetMs) {
                RunClock clock = clock();
                String slowest = outside.reversed().stream().limit(3)
                        .map(r -> r.durationMs() + " ms " + r.describeRoute() + (r.failed() ? " (failed)" : "") + " at " + clock.at(r.startMs()))
                        .collect(Collectors.joining(", "));
                fail("Expected a p99 latency below " + budgetMs + " ms outside the faults (± " + seconds(margin) + "), but it was "
                        + p99 + " ms over " + counted + "; slowest: " + slowest + journalHint());
            }
            return "p99 was " + p99 + " ms over " + counted + ", outside the faults (± " + seconds(margin) + ")";
        });
    }

    // ----- dependency faults -----

    /**
     * The faults of {@code kind} whose own counters say the workload never met them: no packet of it dropped
     * ({@code droppedPackets=0}) or delayed ({@code delayedPackets=0}), no lookup of a failing name
     * ({@code faultedQueries=0}), no request disrupted ({@code faultedRequests=0}). Faults without such counters are never
     * in it.
     */
    private List<String> unmet(FaultKind kind) {
        return faultsOf(kind).stream()
                .filter(f -> Stream.of("droppedPackets", "delayedPackets", "faultedQueries", "faultedRequests", "heldBackPackets")
                        .anyMatch(key -> "0".equals(f.details().get(key))))
                .map(this::describe).toList();
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
        long budgetMs = budget.toMillis();
        String name = "every request within " + seconds(margin) + " of " + kind + " answered (any status) within " + budgetMs + " ms";
        return check(name, Verdict.Limit.AT_MOST, 0, "requests", check -> {
            List<FaultEvent> faults = faultsOf(kind);
            List<String> unexercised = unmet(kind);
            if (unexercised.size() == faults.size()) {
                inconclusive("the pods sent the destination no packet (or looked up no failing name) while cut off, slowed or failing ("
                        + String.join("; ", unexercised) + "): the load never exercised the dependency, so how its callers cope is unknown");
            }
            TimeWindow window = windowOf(kind);
            requireLoadCovers(window, describeFaults(kind));
            TimeWindow widened = window.widenedBy(margin);
            RunClock clock = clock();
            List<RequestOutcome> inWindow = actual.requests().stream().filter(r -> widened.overlaps(r.startMs(), r.endMs())).toList();
            List<RequestOutcome> unanswered = inWindow.stream()
                    .filter(r -> r.status() == null || r.durationMs() >= budgetMs)
                    .sorted(Comparator.comparingLong(RequestOutcome::durationMs).reversed())
                    .toList();
            check.measured(unanswered.size());
            long slowestAnswered = inWindow.stream().filter(r -> r.status() != null).mapToLong(RequestOutcome::durationMs).max().orElse(0);
            if (!unanswered.isEmpty()) {
                fail("Expected every request within " + seconds(margin) + " of " + describeFaults(kind) + " to get an HTTP status within "
                        + budgetMs + " ms, but " + unanswered.size() + " of " + inWindow.size() + " did not: " + unanswered.stream().limit(5)
                        .map(r -> r.durationMs() + " ms " + r.describeRoute() + " " + (r.status() == null ? r.failure() + " (no status)"
                                : "→ " + r.status()) + " at " + clock.at(r.startMs()))
                        .collect(Collectors.joining(", ")) + (unanswered.size() > 5 ? ", …" : "")
                        + "; a caller waiting on a dependency without a timeout looks like this" + journalHint());
            }
            long failed = inWindow.stream().filter(RequestOutcome::failed).count();
            return "all " + inWindow.size() + " requests within " + seconds(margin) + " of " + describeFaults(kind) + " got a status within "
                    + budgetMs + " ms (slowest " + slowestAnswered + " ms; " + failed + " of them failed, answered fast)"
                    + (unexercised.isEmpty() ? "" : "; no packet was sent during " + String.join("; ", unexercised));
        });
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
        String name = "failures stopped within " + seconds(within) + " of each " + kind + " (traffic routed around the broken pods)";
        return check(name, Verdict.Limit.AT_MOST, within.toMillis() / 1000.0, "s", check -> {
            RunClock clock = clock();
            List<String> lateFailures = new ArrayList<>();
            int during = 0;
            for (FaultEvent fault : faultsOf(kind)) {
                if (!fault.ended()) {
                    inconclusive(describe(fault) + " never ended, so whether its failures stopped cannot be told");
                }
                long settled = fault.startMs() + within.toMillis();
                if (fault.endMs() <= settled) {
                    inconclusive(describe(fault) + " lasted no longer than " + seconds(within) + ": no time was left to see traffic"
                            + " routed around it; make the fault last longer");
                }
                requireLoadCovers(new TimeWindow(fault.startMs(), fault.endMs()), describe(fault));
                List<RequestOutcome> started = actual.requests().stream()
                        .filter(r -> r.startMs() >= fault.startMs() && r.startMs() <= fault.endMs()).toList();
                during += started.size();
                List<RequestOutcome> failed = started.stream().filter(RequestOutcome::failed).toList();
                check.highest(failed.stream().mapToLong(r -> r.startMs() - fault.startMs()).max().orElse(0) / 1000.0);
                List<RequestOutcome> late = failed.stream().filter(r -> r.startMs() > settled).toList();
                if (!late.isEmpty()) {
                    lateFailures.add(late.size() + " of the " + started.stream().filter(r -> r.startMs() > settled).count()
                            + " requests started from " + clock.at(settled) + " to the end of " + describe(fault) + " failed, the last at "
                            + clock.at(late.stream().mapToLong(RequestOutcome::startMs).max().orElseThrow()) + FailedRequests.describe(late, clock, TerminatingPods.of(actual)));
                }
            }
            if (!lateFailures.isEmpty()) {
                fail("Expected failures to stop within " + seconds(within) + " of each " + kind + " (the broken pods taken out of"
                        + " rotation), but " + String.join("; ", lateFailures) + journalHint());
            }
            return "of the " + during + " requests started during " + describeFaults(kind) + ", the last failure started "
                    + check.measuredText() + " after the fault began (none later than " + seconds(within) + ")";
        });
    }

    /**
     * Recovery after a dependency fault: no request in flight from {@code within} after the last fault of {@code kind}
     * ended to the end of the load failed. Inconclusive when a fault never ended or no request ran after that moment.
     */
    public JournalAssert recoveredWithin(Duration within, FaultKind kind) {
        String name = "no failed requests from " + seconds(within) + " after " + kind + " to the end";
        return check(name, Verdict.Limit.AT_MOST, 0, "requests", check -> {
            List<FaultEvent> faults = faultsOf(kind);
            faults.stream().filter(f -> !f.ended()).findFirst().ifPresent(f -> inconclusive(describe(f) + " never ended, so no recovery"
                    + " after it can be judged"));
            long from = faults.stream().mapToLong(FaultEvent::endMs).max().orElseThrow() + within.toMillis();
            long last = actual.requests().stream().mapToLong(RequestOutcome::endMs).max().orElse(0);
            if (last <= from) {
                inconclusive("no request ran later than " + seconds(within) + " after " + describeFaults(kind) + " ended (at "
                        + clock().at(from) + "): keep the load running after the fault");
            }
            return failedAtMost(check, 0, new TimeWindow(from, last), "from " + seconds(within) + " after " + describeFaults(kind) + " ended");
        });
    }

    // ----- watcher coverage -----

    /**
     * Why the journal cannot tell what the objects of {@code kinds} in {@code namespace} did in the window ({@code
     * when} says what the window is): the watcher of one of them was not connected for part of it (a gap, not yet
     * connected at its start, stopped before its end). Empty when they were watched throughout. The one check behind
     * every verdict that takes an object's last observation to hold until the next: a PASS over a stretch nobody
     * watched would be unearned.
     */
    private Optional<String> unwatched(String namespace, TimeWindow window, String when, ObservationKind... kinds) {
        WatchCoverage coverage = WatchCoverage.of(actual);
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
    private void requireWatched(String namespace, TimeWindow window, String when, ObservationKind... kinds) {
        unwatched(namespace, window, when, kinds).ifPresent(JournalAssert::inconclusive);
    }

    // ----- recording -----

    /**
     * Runs one verdict and records its result in the journal, whatever its outcome: {@code verdict} returns the
     * evidence when it passes, throws the {@link AssertionError} when it fails, having told {@code check} what it
     * measured, and calls {@link #inconclusive} when the journal lacks what it needs.
     */
    private JournalAssert check(String name, Verdict.Limit limit, double budget, String unit, Function<Check, String> verdict) {
        Check check = new Check(unit);
        String evidence;
        try {
            evidence = verdict.apply(check);
        } catch (InconclusiveVerdictError missing) {
            String message = "INCONCLUSIVE: " + name + ": " + missing.getMessage();
            // What was measured before the evidence ran out (an earlier fault of several) judges nothing on its own.
            record(new Verdict(actual.now(), name, Verdict.Outcome.INCONCLUSIVE, null, limit, budget, unit, message, negativeControl));
            throw new InconclusiveVerdictError(message + (negativeControl ? CAUGHT_NOTHING : "") + journalHint());
        } catch (AssertionError failure) {
            String message = failure.getMessage() == null ? "" : failure.getMessage();
            record(new Verdict(actual.now(), name, Verdict.Outcome.FAIL, check.measured, limit, budget, unit,
                    message.replace(journalHint(), ""), negativeControl));
            throw failure;
        }
        record(new Verdict(actual.now(), name, Verdict.Outcome.PASS, check.measured, limit, budget, unit, evidence, negativeControl));
        return this;
    }

    /** Stops the verdict as inconclusive: the journal lacks what it needs, which {@code missing} says. */
    private static void inconclusive(String missing) {
        throw new InconclusiveVerdictError(missing);
    }

    private void record(Verdict verdict) {
        if (actual.acceptsRecords()) {
            actual.record(verdict);
        }
    }

    /** What a verdict measured so far; {@code null} until it measured something. */
    private static final class Check {
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

    // ----- faults -----

    /**
     * Every fault of {@code kind} took effect and finished: none failed (a rollout that stalled at its progress
     * deadline, a drain a budget held for good, a node that did not come back) and none was still running. Its
     * negative control is a release whose pods never become ready: the rollout fault fails, and so must this.
     */
    public JournalAssert everyFaultFinished(FaultKind kind) {
        return check("every " + kind + " fault took effect and finished", Verdict.Limit.AT_MOST, 0, "faults", check -> {
            List<FaultEvent> faults = faultsOf(kind);
            List<FaultEvent> unfinished = faults.stream().filter(f -> !f.ended() || f.details().containsKey("error")).toList();
            check.measured(unfinished.size());
            if (!unfinished.isEmpty()) {
                fail("Expected every " + kind + " fault to take effect and finish, but " + unfinished.size() + " of " + faults.size()
                        + " did not: " + unfinished.stream().map(f -> describe(f) + ": " + f.details().getOrDefault("outcome", "running")
                        + (f.details().containsKey("error") ? ": " + f.details().get("error") : ""))
                        .collect(Collectors.joining("; ")) + journalHint());
            }
            return faults.size() + " " + kind + " faults, each finished: " + faults.stream()
                    .map(f -> f.target() + " " + f.details().getOrDefault("outcome", "ended")).collect(Collectors.joining(", "));
        });
    }

    // ----- helpers -----

    private List<FaultEvent> faultsOf(FaultKind kind) {
        List<FaultEvent> faults = actual.faults().stream().filter(f -> f.kind() == kind).toList();
        if (faults.isEmpty()) {
            inconclusive("the journal holds no " + kind + " fault (faults recorded: "
                    + actual.faults().stream().map(f -> f.kind().name()).distinct().toList() + ")");
        }
        return faults;
    }

    private TimeWindow windowOf(FaultKind kind) {
        List<FaultEvent> faults = faultsOf(kind);
        long openEnd = lastTimeMs();
        long from = faults.stream().mapToLong(FaultEvent::startMs).min().orElseThrow();
        long to = faults.stream().mapToLong(f -> f.endOr(openEnd)).max().orElseThrow();
        return new TimeWindow(from, Math.max(from, to));
    }

    private String describeFaults(FaultKind kind) {
        List<FaultEvent> faults = faultsOf(kind);
        return faults.size() == 1 ? describe(faults.getFirst())
                : faults.size() + " " + kind + " faults (" + faults.stream().map(FaultEvent::target).collect(Collectors.joining(", ")) + ")";
    }

    private String describe(FaultEvent fault) {
        RunClock clock = clock();
        return fault.kind() + " " + fault.target() + " (" + clock.at(fault.startMs()) + " – "
                + (fault.ended() ? clock.at(fault.endMs()) : "never ended") + ")";
    }

    private long countFaults(FaultKind kind) {
        return actual.faults().stream().filter(f -> f.kind() == kind).count();
    }

    private ReadyReplicasTimeline readyTimeline(String namespace, String deployment) {
        var timeline = ReadyReplicasTimeline.of(actual, namespace, deployment);
        if (timeline.isEmpty()) {
            inconclusive("the journal holds no observation of deployment " + namespace + "/" + deployment + ": does it exist, and"
                    + " was " + namespace + " watched (faults.watch, or confineTo, starts the watchers)?");
        }
        return timeline;
    }

    private String terminatingIn(TimeWindow window) {
        var terminating = TerminatingPods.of(actual);
        var pods = terminating.during(window.fromMs(), window.toMs());
        RunClock clock = clock();
        return (pods.isEmpty() ? " no pod was Terminating then" : " Terminating meanwhile: " + pods.stream()
                .map(p -> p.pod() + " (" + clock.at(p.fromMs()) + ")").collect(Collectors.joining(", ")))
                + terminating.unseenDuring(window.fromMs(), window.toMs(), clock);
    }

    private long lastTimeMs() {
        long last = 0;
        for (var r : actual.requests()) {
            last = Math.max(last, r.endMs());
        }
        for (var f : actual.faults()) {
            last = Math.max(last, f.endOr(f.startMs()));
        }
        for (var o : actual.observations()) {
            // A watcher closing after the test is no moment of the run: an open fault ends at the last thing seen.
            if (o.kind() != ObservationKind.WATCH) {
                last = Math.max(last, o.atMs());
            }
        }
        return last;
    }

    private RunClock clock() {
        return RunClock.of(actual);
    }

    private String journalHint() {
        return actual.file() == null ? "" : "\n  journal: " + actual.file().toAbsolutePath();
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() / 1000.0 + " s";
    }

    private void fail(String message) {
        failWithMessage("%s", message);
    }
}
