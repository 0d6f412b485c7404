package dev.unshaken.suites.verdicts;

import dev.unshaken.journal.Journal;
import dev.unshaken.journal.Observation;
import dev.unshaken.journal.ObservationKind;
import dev.unshaken.journal.WatchState;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * When each watcher was connected, from the journal's {@link ObservationKind#WATCH} observations. Verdicts take an
 * object's last observation to hold until the next one; that is true only while the watcher of its kind was
 * connected, so a verdict over a stretch it was not (a gap, not yet connected, stopped) cannot be judged.
 *
 * <p>A journal with no {@code WATCH} observation at all was written before watchers journaled their health (or built
 * by hand): its watchers are taken to have been connected throughout, as they always were before.
 */
final class WatchCoverage {

    /**
     * A stretch the watcher of {@code watched} objects in {@code namespace} was not connected, {@code [fromMs, toMs)}.
     *
     * @param fromMs {@link Long#MIN_VALUE} before its first connection
     * @param toMs   when it was connected again, {@link Long#MAX_VALUE} if it never was
     * @param state  {@link WatchState#GAP} or {@link WatchState#CLOSED}; {@code null} before its first connection
     * @param error  what broke it, or {@code null}
     */
    record Outage(ObservationKind watched, String namespace, long fromMs, long toMs, WatchState state, String error) {

        boolean overlaps(TimeWindow window) {
            return fromMs <= window.toMs() && toMs > window.fromMs();
        }

        /** {@code the DEPLOYMENT watcher of shop had a gap from 12.300 s to 15.100 s (watch closed: ...)}. */
        String describe(RunClock clock) {
            String watcher = "the " + watched + " watcher" + (namespace == null ? "" : " of " + namespace);
            String what;
            if (state == null) {
                what = toMs == Long.MAX_VALUE ? " never connected" : " had not connected (listed what exists) before " + clock.at(toMs);
            } else if (state == WatchState.CLOSED) {
                what = " stopped at " + clock.at(fromMs) + (toMs == Long.MAX_VALUE ? "" : ", until " + clock.at(toMs));
            } else {
                what = " had a gap from " + clock.at(fromMs) + (toMs == Long.MAX_VALUE ? " that never ended" : " to " + clock.at(toMs));
            }
            return watcher + what + (error == null ? "" : " (" + error + ")");
        }
    }

    private record Watcher(ObservationKind watched, String namespace) {
    }

    private final boolean recorded;
    private final Map<Watcher, List<Outage>> outages;

    private WatchCoverage(boolean recorded, Map<Watcher, List<Outage>> outages) {
        this.recorded = recorded;
        this.outages = outages;
    }

    static WatchCoverage of(Journal journal) {
        Map<Watcher, List<Observation>> states = new LinkedHashMap<>();
        for (Observation o : journal.observations()) {
            if (o.kind() == ObservationKind.WATCH && o.watchState() != null && watchedKind(o) != null) {
                states.computeIfAbsent(new Watcher(watchedKind(o), o.namespace()), key -> new ArrayList<>()).add(o);
            }
        }
        Map<Watcher, List<Outage>> outages = new LinkedHashMap<>();
        // A gap is journaled back-dated to when the watch was first seen down, so lines are not in time order.
        states.forEach((watcher, changes) -> outages.put(watcher,
                outagesOf(watcher, changes.stream().sorted(Comparator.comparingLong(Observation::atMs)).toList())));
        return new WatchCoverage(!states.isEmpty(), outages);
    }

    private static List<Outage> outagesOf(Watcher watcher, List<Observation> changes) {
        List<Outage> outages = new ArrayList<>();
        Outage open = new Outage(watcher.watched(), watcher.namespace(), Long.MIN_VALUE, Long.MAX_VALUE, null, null);
        for (Observation change : changes) {
            WatchState state = change.watchState();
            if (state == WatchState.CONNECTED) {
                if (open != null) {
                    outages.add(new Outage(open.watched(), open.namespace(), open.fromMs(), change.atMs(), open.state(), open.error()));
                    open = null;
                }
            } else if (open == null) {
                open = new Outage(watcher.watched(), watcher.namespace(), change.atMs(), Long.MAX_VALUE, state, change.field("error"));
            } else if (state == WatchState.CLOSED) {
                // A watcher that gave up during a gap (or before it ever connected): the outage began then, the stop
                // is what it came to.
                open = new Outage(open.watched(), open.namespace(), open.fromMs(), Long.MAX_VALUE, open.state() == null ? null : state,
                        Objects.requireNonNullElse(change.field("error"), open.error()));
            }
        }
        if (open != null) {
            outages.add(open);
        }
        return outages;
    }

    private static ObservationKind watchedKind(Observation watch) {
        try {
            return ObservationKind.valueOf(watch.name());
        } catch (IllegalArgumentException unknown) {
            return null;
        }
    }

    /**
     * The stretches that share a moment with the window in which the watcher of {@code watched} objects in
     * {@code namespace} ({@code null} for nodes) was not connected; empty when it was connected throughout, or when
     * the journal predates watcher health. A watcher never journaled was never connected.
     */
    List<Outage> outages(ObservationKind watched, String namespace, TimeWindow window) {
        if (!recorded) {
            return List.of();
        }
        List<Outage> of = outages.get(new Watcher(watched, namespace));
        if (of == null) {
            return List.of(new Outage(watched, namespace, Long.MIN_VALUE, Long.MAX_VALUE, null, null));
        }
        return of.stream().filter(o -> o.overlaps(window)).toList();
    }

    /** As {@link #outages(ObservationKind, String, TimeWindow)}, for the watchers of {@code watched} objects in every namespace watched. */
    List<Outage> outages(ObservationKind watched, TimeWindow window) {
        return outages.entrySet().stream()
                .filter(e -> e.getKey().watched() == watched)
                .flatMap(e -> e.getValue().stream())
                .filter(o -> o.overlaps(window))
                .toList();
    }
}
