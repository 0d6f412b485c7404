package dev.unshaken.suites.verdicts;

import dev.unshaken.journal.Journal;
import dev.unshaken.journal.Observation;
import dev.unshaken.journal.ObservationKind;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * When each pod was Terminating (deletion requested, not yet gone), from the journal's pod observations, and when
 * the pod watchers were not connected (so a pod may have been Terminating unseen).
 */
final class TerminatingPods {

    /** One pod's termination: from the first observation with {@code deleting=true} to the one with {@code deleted=true}. */
    record Termination(String pod, String node, long fromMs, long toMs) {
    }

    private final List<Termination> terminations;
    private final WatchCoverage coverage;

    private TerminatingPods(List<Termination> terminations, WatchCoverage coverage) {
        this.terminations = terminations;
        this.coverage = coverage;
    }

    static TerminatingPods of(Journal journal) {
        long endOfJournal = journal.records().isEmpty() ? 0 : Long.MAX_VALUE;
        Map<String, Long> since = new LinkedHashMap<>();
        Map<String, String> nodes = new HashMap<>();
        List<Termination> terminations = new ArrayList<>();
        for (Observation o : journal.observations()) {
            if (o.kind() != ObservationKind.POD) {
                continue;
            }
            String pod = o.qualifiedName();
            if (o.field("node") != null) {
                nodes.put(pod, o.field("node"));
            }
            if (o.deleted()) {
                Long from = since.remove(pod);
                // A pod removed without a deleting phase (grace 0) was terminating for an instant.
                terminations.add(new Termination(pod, nodes.get(pod), from == null ? o.atMs() : from, o.atMs()));
            } else if (o.is("deleting")) {
                since.putIfAbsent(pod, o.atMs());
            }
        }
        since.forEach((pod, from) -> terminations.add(new Termination(pod, nodes.get(pod), from, endOfJournal)));
        return new TerminatingPods(terminations, WatchCoverage.of(journal));
    }

    /** The pods that were Terminating at some moment of the window. */
    List<Termination> during(long fromMs, long toMs) {
        return terminations.stream().filter(t -> t.fromMs() <= toMs && t.toMs() >= fromMs).toList();
    }

    /**
     * {@code ; but the POD watcher of shop had a gap from ...: pods Terminating then may not have been seen}, or
     * {@code ""} when the pod watchers were connected throughout the window: a list of who was Terminating is
     * complete only then.
     */
    String unseenDuring(long fromMs, long toMs, RunClock clock) {
        var outages = coverage.outages(ObservationKind.POD, new TimeWindow(fromMs, Math.max(fromMs, toMs)));
        return outages.isEmpty() ? "" : "; but " + outages.stream().map(o -> o.describe(clock)).collect(Collectors.joining("; "))
                + ": pods Terminating then may not have been seen";
    }
}
