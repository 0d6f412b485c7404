package dev.unshaken.suites.verdicts;

import dev.unshaken.journal.FaultEvent;
import dev.unshaken.journal.FaultKind;
import dev.unshaken.journal.Observation;
import dev.unshaken.journal.ObservationKind;
import dev.unshaken.journal.Verdict;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.unshaken.suites.verdicts.JournalFacts.inconclusive;
import static dev.unshaken.suites.verdicts.JournalFacts.podOfDeployment;
import static dev.unshaken.suites.verdicts.RunClock.seconds;

/**
 * The verdicts on the cluster's state: ready replicas during faults, a drain held back by its budget, readiness
 * after faults, a scale-out, and faults that finished.
 */
final class ClusterVerdicts {

    private ClusterVerdicts() {
    }

    /** The verdict of {@link JournalAssert#keptReadyReplicasDuring(FaultKind, String, String, int)}. */
    static Judgement keptReadyReplicas(JournalFacts j, FaultKind kind, String namespace, String deployment, int minReady) {
        String name = namespace + "/" + deployment + " kept " + minReady + " ready replicas during " + kind;
        return j.check(name, Verdict.Limit.AT_LEAST, minReady, "replicas", check -> {
            var timeline = j.readyTimeline(namespace, deployment);
            List<FaultEvent> evictions = kind == FaultKind.NODE_DRAIN ? j.duringDrains(Set.of(FaultKind.EVICTION)) : List.of();
            for (FaultEvent fault : j.faultsOf(kind)) {
                TimeWindow window = TimeWindow.of(fault, j.lastTimeMs());
                if (kind == FaultKind.NODE_DRAIN && evictions.stream()
                        .noneMatch(e -> window.contains(e.startMs()) && podOfDeployment(e, namespace, deployment))) {
                    inconclusive(j.describe(fault) + " evicted no pod of " + namespace + "/" + deployment + ", so its ready replicas"
                            + " were never at stake; drain a node it runs on (OnBusiestNode with a target of its pods)");
                }
                j.requireWatched(namespace, window, "during " + j.describe(fault), ObservationKind.DEPLOYMENT);
                var lowest = timeline.lowestReadyDuring(window);
                if (lowest.isEmpty()) {
                    inconclusive(timeline.deployment() + " was not observed by the start of " + j.describe(fault) + "; watch "
                            + namespace + " (faults.watch or confineTo) before the fault");
                }
                check.lowest(lowest.get().ready());
                if (lowest.get().ready() < minReady) {
                    j.fail("Expected " + timeline.deployment() + " to keep at least " + minReady + " ready replicas during " + j.describe(fault)
                            + ", but only " + lowest.get().ready() + " of " + lowest.get().desired() + " were ready from "
                            + j.clock().at(Math.max(lowest.get().atMs(), window.fromMs())) + ";" + j.terminatingIn(window) + j.journalHint());
                }
            }
            return "the fewest ready replicas of " + timeline.deployment() + " during " + j.describeFaults(kind) + " were "
                    + check.measuredText();
        });
    }

    /** The verdict of {@link JournalAssert#drainRespectedBudget(String, String, int)}. */
    static Judgement drainRespectedBudget(JournalFacts j, String namespace, String deployment, int minReady) {
        String name = "drain held back by the PDB of " + namespace + "/" + deployment;
        return j.check(name, Verdict.Limit.AT_LEAST, minReady, "replicas", check -> {
            List<FaultEvent> drains = j.faultsOf(FaultKind.NODE_DRAIN);
            var problems = new ArrayList<String>();
            RunClock clock = j.clock();
            for (FaultEvent drain : drains) {
                if (!"completed".equals(drain.detail("outcome"))) {
                    problems.add(j.describe(drain) + " did not complete (outcome " + drain.detail("outcome") + ", still there: "
                            + drain.detail("remaining") + ")");
                }
            }
            List<FaultEvent> touched = j.duringDrains(Set.of(FaultKind.EVICTION, FaultKind.EVICTION_REFUSED)).stream()
                    .filter(f -> podOfDeployment(f, namespace, deployment)).toList();
            // Only the Deployment's own pods show its budget at work: a refusal of another workload's pod proves nothing here.
            List<FaultEvent> refusals = touched.stream()
                    .filter(f -> f.kind() == FaultKind.EVICTION_REFUSED && "429".equals(f.detail("code"))).toList();
            if (touched.isEmpty() && problems.isEmpty()) {
                inconclusive(j.describeFaults(FaultKind.NODE_DRAIN) + " evicted no pod of " + namespace + "/" + deployment
                        + " and asked to evict none, so its budget was never put to the test; drain a node it runs on");
            }
            if (refusals.isEmpty()) {
                problems.add("no eviction was refused with 429 during the drain for a pod of " + namespace + "/" + deployment
                        + ": no PodDisruptionBudget held it back");
            }
            var timeline = j.readyTimeline(namespace, deployment);
            var missing = new ArrayList<String>();
            for (FaultEvent drain : drains) {
                TimeWindow window = TimeWindow.of(drain, j.lastTimeMs());
                var unwatched = j.unwatched(namespace, window, "during " + j.describe(drain), ObservationKind.DEPLOYMENT);
                if (unwatched.isPresent()) {
                    missing.add(unwatched.get());
                    continue;
                }
                var lowest = timeline.lowestReadyDuring(window);
                if (lowest.isEmpty()) {
                    missing.add(timeline.deployment() + " was not observed by the start of " + j.describe(drain));
                    continue;
                }
                check.lowest(lowest.get().ready());
                if (lowest.get().ready() < minReady) {
                    problems.add("ready replicas of " + timeline.deployment() + " fell to " + lowest.get().ready() + " (< " + minReady
                            + ") at " + clock.at(Math.max(lowest.get().atMs(), window.fromMs())) + ", during " + j.describe(drain) + ";"
                            + j.terminatingIn(window));
                }
            }
            if (!problems.isEmpty()) {
                problems.addAll(missing);
                j.fail("Expected the drain to be held back by the budget of " + namespace + "/" + deployment + " (min " + minReady
                        + " ready), but:\n  - " + String.join("\n  - ", problems)
                        + "\n  refusals: " + refusals.size() + ", evictions: " + j.countFaults(FaultKind.EVICTION) + j.journalHint());
            }
            if (!missing.isEmpty()) {
                inconclusive(String.join("; ", missing));
            }
            return j.describeFaults(FaultKind.NODE_DRAIN) + " completed; " + refusals.size() + " evictions refused with 429, "
                    + j.countFaults(FaultKind.EVICTION) + " evictions; the fewest ready replicas of " + timeline.deployment()
                    + " during the drain were " + check.measuredText();
        });
    }

    /** The verdict of {@link JournalAssert#returnedToFullReadiness(FaultKind, String, String, Duration)}. */
    static Judgement readyAgain(JournalFacts j, FaultKind kind, String namespace, String deployment, Duration within) {
        String name = namespace + "/" + deployment + " fully ready " + seconds(within) + " after each " + kind;
        return j.check(name, Verdict.Limit.AT_MOST, within.toMillis() / 1000.0, "s", check -> {
            var timeline = j.readyTimeline(namespace, deployment);
            RunClock clock = j.clock();
            for (FaultEvent fault : j.faultsOf(kind)) {
                if (!fault.ended()) {
                    inconclusive(j.describe(fault) + " never ended, so no time from its end to full readiness can be measured");
                }
                long deadline = fault.endMs() + within.toMillis();
                j.requireWatched(namespace, new TimeWindow(fault.startMs(), deadline), "from the start of " + j.describe(fault) + " to "
                        + clock.at(deadline), ObservationKind.DEPLOYMENT);
                var lowest = timeline.lowestReadyDuring(new TimeWindow(fault.startMs(), deadline));
                if (lowest.isPresent() && lowest.get().ready() >= lowest.get().desired()) {
                    inconclusive(j.describe(fault) + " never took a replica of " + timeline.deployment() + " out of readiness (all "
                            + lowest.get().desired() + " stayed ready until " + clock.at(deadline) + "), so there was nothing to recover"
                            + " from; aim the fault at its pods, or make it last long enough to be noticed (a node is marked"
                            + " NotReady only after its node-monitor grace period, about 40 s)");
                }
                Optional<Long> since = timeline.fullyReadySince(fault.startMs(), deadline);
                if (since.isEmpty()) {
                    var atDeadline = timeline.at(deadline);
                    if (atDeadline.isEmpty()) {
                        inconclusive(timeline.deployment() + " was not observed by " + clock.at(deadline) + ", " + seconds(within)
                                + " after " + j.describe(fault) + " ended");
                    }
                    ReadyReplicasTimeline.Point then = atDeadline.get();
                    Optional<Long> later = timeline.firstAtLeastReady(Math.max(then.desired(), 1), deadline);
                    later.ifPresentOrElse(at -> check.highest((at - fault.endMs()) / 1000.0), check::unmeasured);
                    j.fail("Expected all replicas of " + timeline.deployment() + " ready within " + seconds(within)
                            + " after " + j.describe(fault) + " ended, i.e. by " + clock.at(deadline) + ", but then only "
                            + then.ready() + " of " + then.desired() + " were ready (since " + clock.at(then.atMs()) + ")"
                            + (later.isPresent() ? "; all were ready at " + clock.at(later.get()) + " ("
                                    + seconds(Duration.ofMillis(later.get() - fault.endMs())) + " after the fault)" : "; they never all were again")
                            + j.journalHint());
                }
                check.highest(Math.max(0, since.get() - fault.endMs()) / 1000.0);
            }
            return "all replicas of " + timeline.deployment() + " were ready at most " + check.measuredText() + " after the end of "
                    + j.describeFaults(kind);
        });
    }

    /** The verdict of {@link JournalAssert#scaledOut(String, String, String, int, Duration)}. */
    static Judgement scaledOut(JournalFacts j, String namespace, String hpa, String deployment, int replicas, Duration within) {
        String name = namespace + "/" + deployment + " scaled out to " + replicas + " Ready pods";
        return j.check(name, Verdict.Limit.AT_MOST, within.toMillis() / 1000.0, "s", check -> {
            RunClock clock = j.clock();
            long start = clock.startMs();
            List<Observation> hpaStates = j.journal().observations().stream()
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
            Optional<Long> scheduled = firstScheduled(j, namespace, deployment, replicas);
            Optional<Long> ready = j.readyTimeline(namespace, deployment).firstAtLeastReady(replicas, start);
            ready.ifPresent(at -> check.measured((at - start) / 1000.0));
            long deadline = start + within.toMillis();
            String phases = phase("metrics visible", metrics, clock) + phase("desired replicas raised to " + replicas, desired, clock)
                    + phase(replicas + " pods scheduled", scheduled, clock) + phase(replicas + " pods Ready", ready, clock);
            if (ready.isEmpty() || ready.get() > deadline) {
                // Pods seen Ready by the deadline were Ready then, gap or not; not seeing them is proof only if the
                // watchers were there to see.
                j.requireWatched(namespace, new TimeWindow(start, Math.max(start, deadline)), "from the first request to " + clock.at(deadline),
                        ObservationKind.DEPLOYMENT, ObservationKind.HPA, ObservationKind.POD);
                Observation last = hpaStates.getLast();
                j.fail("Expected " + namespace + "/" + deployment + " scaled out to " + replicas + " Ready pods by " + clock.at(deadline)
                        + " (" + seconds(within) + " after the first request), but:" + phases
                        + "\n  last HPA state at " + clock.at(last.atMs()) + ": " + last.fields() + j.journalHint());
            }
            return namespace + "/" + deployment + " had " + replicas + " Ready pods " + check.measuredText()
                    + " after the first request:" + phases;
        });
    }

    private static String phase(String name, Optional<Long> at, RunClock clock) {
        return "\n  " + name + ": " + at.map(clock::at).orElse("never");
    }

    /** When at least {@code replicas} live pods of the Deployment (owned by its ReplicaSets) were bound to nodes. */
    private static Optional<Long> firstScheduled(JournalFacts j, String namespace, String deployment, int replicas) {
        Map<String, Boolean> scheduled = new HashMap<>();
        for (Observation o : j.journal().observations()) {
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

    /** The verdict of {@link JournalAssert#everyFaultFinished(FaultKind)}. */
    static Judgement everyFaultFinished(JournalFacts j, FaultKind kind) {
        return j.check("every " + kind + " fault took effect and finished", Verdict.Limit.AT_MOST, 0, "faults", check -> {
            List<FaultEvent> faults = j.faultsOf(kind);
            List<FaultEvent> unfinished = faults.stream().filter(f -> !f.ended() || f.details().containsKey("error")).toList();
            check.measured(unfinished.size());
            if (!unfinished.isEmpty()) {
                j.fail("Expected every " + kind + " fault to take effect and finish, but " + unfinished.size() + " of " + faults.size()
                        + " did not: " + unfinished.stream().map(f -> j.describe(f) + ": " + f.details().getOrDefault("outcome", "running")
                        + (f.details().containsKey("error") ? ": " + f.details().get("error") : ""))
                        .collect(Collectors.joining("; ")) + j.journalHint());
            }
            return faults.size() + " " + kind + " faults, each finished: " + faults.stream()
                    .map(f -> f.target() + " " + f.details().getOrDefault("outcome", "ended")).collect(Collectors.joining(", "));
        });
    }
}
