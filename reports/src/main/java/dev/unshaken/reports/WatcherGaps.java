package dev.unshaken.reports;

import dev.unshaken.journal.Observation;
import dev.unshaken.journal.ObservationKind;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The stretches a watcher was not watching, from the journal's observations of kind {@code WATCH} (a watcher's
 * health: {@code name} the kind it watches, field {@code state} {@code connected}, {@code gap} or {@code closed},
 * field {@code error}), told as notes: what the cluster did then may be missing from the report, and verdicts on its
 * state over that time are inconclusive.
 */
final class WatcherGaps {

    private static final int MAX_NOTES = 20;

    private WatcherGaps() {
    }

    /** One note per gap, and per watcher that gave up, oldest first; times in seconds after {@code startMs}. */
    static List<String> notes(List<Observation> observations, long startMs) {
        Map<String, List<Observation>> byWatcher = new LinkedHashMap<>();
        observations.stream().filter(o -> o.kind() == ObservationKind.WATCH)
                .sorted(Comparator.comparingLong(Observation::atMs))
                .forEach(o -> byWatcher.computeIfAbsent(o.qualifiedName(), key -> new ArrayList<>()).add(o));
        record Gap(long fromMs, String text) {
        }
        List<Gap> gaps = new ArrayList<>();
        byWatcher.forEach((watcher, states) -> {
            Observation open = null;
            for (Observation state : states) {
                String name = state.field("state");
                if ("connected".equals(name)) {
                    if (open != null) {
                        gaps.add(new Gap(open.atMs(), gap(open, " from " + seconds(open.atMs(), startMs) + " to " + seconds(state.atMs(), startMs))));
                        open = null;
                    }
                } else if ("gap".equals(name) && open == null) {
                    open = state;
                } else if ("closed".equals(name)) {
                    if (open != null) {
                        gaps.add(new Gap(open.atMs(), gap(open, " from " + seconds(open.atMs(), startMs) + " until it stopped at "
                                + seconds(state.atMs(), startMs))));
                        open = null;
                    }
                    if (state.field("error") != null) {
                        gaps.add(new Gap(state.atMs(), "The " + watcher(state) + " gave up at " + seconds(state.atMs(), startMs) + " ("
                                + state.field("error") + "): what the cluster did after that is missing, and verdicts on it are inconclusive."));
                    }
                }
            }
            if (open != null) {
                gaps.add(new Gap(open.atMs(), gap(open, " from " + seconds(open.atMs(), startMs) + " on")));
            }
        });
        List<String> notes = new ArrayList<>(gaps.stream().sorted(Comparator.comparingLong(Gap::fromMs)).map(Gap::text).limit(MAX_NOTES).toList());
        if (gaps.size() > MAX_NOTES) {
            notes.add((gaps.size() - MAX_NOTES) + " more watcher gaps are in the journal (observations of kind WATCH).");
        }
        return notes;
    }

    private static String gap(Observation gap, String when) {
        return "The " + watcher(gap) + " was not watching" + when + (gap.field("error") == null ? "" : " (" + gap.field("error") + ")")
                + ": what the cluster did then may be missing, and verdicts on its state over that time are inconclusive.";
    }

    /** {@code DEPLOYMENT watcher of shop}, {@code NODE watcher}. */
    private static String watcher(Observation state) {
        return state.name() + " watcher" + (state.namespace() == null ? "" : " of " + state.namespace());
    }

    private static String seconds(long atMs, long startMs) {
        return String.format(Locale.ROOT, "%.1f s", (atMs - startMs) / 1000.0);
    }
}
