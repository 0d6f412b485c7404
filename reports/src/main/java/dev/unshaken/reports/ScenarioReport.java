package dev.unshaken.reports;

import dev.unshaken.journal.FaultEvent;
import dev.unshaken.journal.Journal;
import dev.unshaken.journal.JournalRecord;
import dev.unshaken.journal.Observation;
import dev.unshaken.journal.ObservationKind;
import dev.unshaken.journal.RequestOutcome;
import dev.unshaken.journal.Verdict;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Everything the report shows about one scenario: its journal (requests, faults, cluster observations),
 * its verdicts, the log tails of pods that got into trouble, and where Gatling's report and the failsafe XML are.
 * Start from a journal with {@link #builder(Journal)}, or build one by hand with {@link #builder(String)}.
 *
 * @param name         the scenario, e.g. {@code drain-under-peak-load}
 * @param startMs      when it started, epoch ms; the charts count seconds from here
 * @param endMs        when it ended, epoch ms
 * @param requests     the load's requests
 * @param faults       the faults, in their final state, in the order they started
 * @param observations what the watchers saw
 * @param verdicts     the verdicts' results
 * @param podLogs      last log lines of troubled pods (see {@link TroubledPod})
 * @param gatlingReport Gatling's report directory (with its {@code index.html}), or {@code null}
 * @param failsafeXml   the failsafe report XML of the test, or {@code null}
 * @param notes         things the reader of the report should know, e.g. lines of the journal that were skipped
 * @param wallMs        how long the test took on the wall clock, set-up (deploys, image loads) and teardown included;
 *                      0 when unknown
 */
public record ScenarioReport(String name, long startMs, long endMs, List<RequestOutcome> requests, List<FaultEvent> faults,
                             List<Observation> observations, List<Verdict> verdicts, List<PodLogTail> podLogs,
                             Path gatlingReport, Path failsafeXml, List<String> notes, long wallMs) {

    public ScenarioReport {
        Objects.requireNonNull(name, "name");
        if (endMs < startMs) {
            throw new IllegalArgumentException("scenario " + name + " ends (" + endMs + ") before it starts (" + startMs + ")");
        }
        requests = List.copyOf(requests);
        faults = List.copyOf(faults);
        observations = List.copyOf(observations);
        verdicts = List.copyOf(verdicts);
        podLogs = List.copyOf(podLogs);
        notes = List.copyOf(notes);
    }

    /** A builder for a scenario of this name. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * A builder holding the journal's records (a fault in its last state, the last result of each verdict name) and
     * the notes of reading its file, for the scenario the journal is named after.
     */
    public static Builder builder(Journal journal) {
        return builder(journal.scenario()).journal(journal);
    }

    /** A builder holding everything of this report, to add verdicts, logs or links to. */
    public Builder toBuilder() {
        Builder builder = new Builder(name).window(startMs, endMs).gatlingReport(gatlingReport).failsafeXml(failsafeXml)
                .wallTime(wallMs);
        builder.requests.addAll(requests);
        builder.faults.addAll(faults);
        builder.observations.addAll(observations);
        builder.verdicts.addAll(verdicts);
        builder.podLogs.addAll(podLogs);
        builder.notes.addAll(notes);
        return builder;
    }

    /**
     * How the scenario came out: {@link Outcome#FAIL} if a verdict failed (or a negative control passed), else
     * {@link Outcome#INCONCLUSIVE} if a verdict was inconclusive or there is none (nothing was judged), else
     * {@link Outcome#PASS}: every verdict came out as expected.
     */
    public Outcome outcome() {
        return Outcome.of(verdicts.stream().map(Outcome::of).toList());
    }

    /** Whether it passed: it has verdicts, and each came out as expected (passed, or failed as a negative control). */
    public boolean passed() {
        return outcome() == Outcome.PASS;
    }

    /** Request totals and latency percentiles. */
    public RequestStats requestStats() {
        return RequestStats.of(requests);
    }

    /** The pods whose logs belong in the report. */
    public List<TroubledPod> troubledPods() {
        return TroubledPod.in(this);
    }

    /** Observations of one kind ({@code EVENT}, {@code DEPLOYMENT}, ...), oldest first. */
    public List<Observation> observations(ObservationKind kind) {
        return observations.stream().filter(o -> o.kind() == kind).sorted(Comparator.comparingLong(Observation::atMs)).toList();
    }

    /** Seconds since the scenario's start, for a timestamp. */
    public double secondsSinceStart(long epochMs) {
        return (epochMs - startMs) / 1000.0;
    }

    /** This report with every text that could come from the cluster passed through the redactor. */
    public ScenarioReport redacted(Redactor redactor) {
        return new ScenarioReport(name, startMs, endMs,
                requests.stream().map(r -> new RequestOutcome(r.startMs(), r.endMs(), redactor.redact(r.scenario()),
                        redactor.redact(r.requestName()), r.method(), redactor.redact(r.route()), r.status(), r.failure(),
                        redactor.redact(r.detail()), r.upstream())).toList(),
                faults.stream().map(f -> new FaultEvent(redactor.redact(f.id()), f.kind(), redactor.redact(f.target()), f.startMs(),
                        f.endMs(), redactor.redact(f.details()))).toList(),
                observations.stream().map(o -> new Observation(o.atMs(), o.kind(), redactor.redact(o.namespace()),
                        redactor.redact(o.name()), redactor.redact(o.fields()))).toList(),
                verdicts.stream().map(v -> new Verdict(v.atMs(), redactor.redact(v.name()), v.outcome(), v.measured(), v.limit(),
                        v.budget(), v.unit(), redactor.redact(v.evidence()), v.expectedFailure())).toList(),
                podLogs.stream().map(p -> p.redacted(redactor)).toList(),
                gatlingReport, failsafeXml, redactor.redact(notes), wallMs);
    }

    /** Collects a {@link ScenarioReport}; without {@link #window}, the scenario spans its earliest to latest record. */
    public static final class Builder {
        private final String name;
        private Long startMs;
        private Long endMs;
        private final List<RequestOutcome> requests = new ArrayList<>();
        private final List<FaultEvent> faults = new ArrayList<>();
        private final List<Observation> observations = new ArrayList<>();
        private final List<Verdict> verdicts = new ArrayList<>();
        private final List<PodLogTail> podLogs = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();
        private Path gatlingReport;
        private Path failsafeXml;
        private long wallMs;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /** When the scenario started and ended, epoch ms. */
        public Builder window(long startMs, long endMs) {
            this.startMs = startMs;
            this.endMs = endMs;
            return this;
        }

        /**
         * Adds every record of the journal in the order they were recorded (see {@link #fault} and {@link #verdict} for
         * records of the same fault or verdict), and the notes of reading its file.
         */
        public Builder journal(Journal journal) {
            for (JournalRecord record : journal.records()) {
                switch (record) {
                    case RequestOutcome request -> request(request);
                    case FaultEvent fault -> fault(fault);
                    case Observation observation -> observation(observation);
                    case Verdict verdict -> verdict(verdict);
                }
            }
            journal.notes().forEach(this::note);
            return this;
        }

        /** Adds a request of the load. */
        public Builder request(RequestOutcome request) {
            requests.add(request);
            return this;
        }

        /** Adds a fault, replacing an earlier state of the same fault id. */
        public Builder fault(FaultEvent fault) {
            faults.removeIf(f -> f.id().equals(fault.id()));
            faults.add(fault);
            return this;
        }

        /** Adds what a watcher saw. */
        public Builder observation(Observation observation) {
            observations.add(observation);
            return this;
        }

        /** Adds a verdict's result, replacing an earlier result of the same name (a verdict checked again). */
        public Builder verdict(Verdict verdict) {
            int earlier = indexOfVerdict(verdict.name());
            if (earlier < 0) {
                verdicts.add(verdict);
            } else {
                verdicts.set(earlier, verdict);
            }
            return this;
        }

        private int indexOfVerdict(String verdictName) {
            for (int i = 0; i < verdicts.size(); i++) {
                if (verdicts.get(i).name().equals(verdictName)) {
                    return i;
                }
            }
            return -1;
        }

        /** Adds verdicts' results (each replacing an earlier result of its name). */
        public Builder verdicts(List<Verdict> results) {
            results.forEach(this::verdict);
            return this;
        }

        /** Adds the last log lines of a troubled pod's container. */
        public Builder podLog(PodLogTail tail) {
            podLogs.add(tail);
            return this;
        }

        /** Gatling's report directory of this scenario's load (the one with {@code index.html}). */
        public Builder gatlingReport(Path directory) {
            this.gatlingReport = directory;
            return this;
        }

        /** The failsafe (or surefire) XML report of the test class that ran this scenario. */
        public Builder failsafeXml(Path file) {
            this.failsafeXml = file;
            return this;
        }

        /** How long the test took on the wall clock, ms (set-up and teardown included). */
        public Builder wallTime(long ms) {
            this.wallMs = ms;
            return this;
        }

        /** Adds something the reader of the report should know. */
        public Builder note(String note) {
            notes.add(note);
            return this;
        }

        /** The report; faults sorted by their start; a note for each stretch a watcher was not watching. */
        public ScenarioReport build() {
            long start = startMs != null ? startMs : earliest();
            long end = endMs != null ? endMs : Math.max(start, latest());
            List<FaultEvent> byStart = faults.stream().sorted(Comparator.comparingLong(FaultEvent::startMs)).toList();
            List<String> allNotes = new ArrayList<>(notes);
            allNotes.addAll(WatcherGaps.notes(observations, start));
            return new ScenarioReport(name, start, end, requests, byStart, observations, verdicts, podLogs, gatlingReport,
                    failsafeXml, allNotes, wallMs);
        }

        private long earliest() {
            long min = Long.MAX_VALUE;
            for (RequestOutcome r : requests) {
                min = Math.min(min, r.startMs());
            }
            for (FaultEvent f : faults) {
                min = Math.min(min, f.startMs());
            }
            for (Observation o : observations) {
                if (o.kind() != ObservationKind.WATCH) {
                    min = Math.min(min, o.atMs());
                }
            }
            return min == Long.MAX_VALUE ? 0 : min;
        }

        private long latest() {
            long max = Long.MIN_VALUE;
            for (RequestOutcome r : requests) {
                max = Math.max(max, r.endMs());
            }
            for (FaultEvent f : faults) {
                max = Math.max(max, f.endOr(f.startMs()));
            }
            // A watcher's health is not something the cluster did: its closing after the test does not stretch the scenario.
            for (Observation o : observations) {
                if (o.kind() != ObservationKind.WATCH) {
                    max = Math.max(max, o.atMs());
                }
            }
            return max;
        }
    }
}
