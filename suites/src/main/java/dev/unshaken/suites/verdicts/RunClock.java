package dev.unshaken.suites.verdicts;

import dev.unshaken.journal.FaultEvent;
import dev.unshaken.journal.Journal;
import dev.unshaken.journal.JournalRecord;
import dev.unshaken.journal.Observation;
import dev.unshaken.journal.RequestOutcome;
import dev.unshaken.journal.Verdict;

import java.time.Duration;
import java.util.Locale;

/**
 * Renders journal times as seconds after the run's start, which is when the first request was sent (the load
 * is what the incident is measured against), or the first record of any kind in a journal without requests.
 *
 * @param startMs the zero, epoch ms
 */
record RunClock(long startMs) {

    static RunClock of(Journal journal) {
        long first = journal.requests().stream().mapToLong(RequestOutcome::startMs).min().orElse(Long.MAX_VALUE);
        if (first == Long.MAX_VALUE) {
            first = journal.records().stream().filter(r -> !(r instanceof Verdict)).mapToLong(RunClock::timeOf).min().orElse(0);
        }
        return new RunClock(first);
    }

    private static long timeOf(JournalRecord record) {
        return switch (record) {
            case RequestOutcome r -> r.startMs();
            case FaultEvent f -> f.startMs();
            case Observation o -> o.atMs();
            case Verdict v -> v.atMs();
        };
    }

    /** {@code 12.301 s}. */
    String at(long epochMs) {
        return String.format(Locale.ROOT, "%.3f s", (epochMs - startMs) / 1000.0);
    }

    /** {@code 12.301 s – 12.880 s}. */
    String span(long fromMs, long toMs) {
        return at(fromMs) + " – " + at(toMs);
    }

    String span(TimeWindow window) {
        return span(window.fromMs(), window.toMs());
    }

    /** {@code 90 s}, {@code 0.5 s}: a duration the way verdicts write it. */
    static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() / 1000.0 + " s";
    }
}
