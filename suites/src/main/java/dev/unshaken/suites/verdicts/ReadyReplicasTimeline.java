package dev.unshaken.suites.verdicts;

import dev.unshaken.journal.Journal;
import dev.unshaken.journal.Observation;
import dev.unshaken.journal.ObservationKind;

import java.util.List;
import java.util.Optional;

/**
 * A Deployment's ready and desired replica counts over time, from the journal's Deployment observations:
 * each observation holds until the next.
 */
final class ReadyReplicasTimeline {

    /** The counts from {@code atMs} on. */
    record Point(long atMs, int ready, int desired) {
    }

    private final String deployment;
    private final List<Point> points;

    private ReadyReplicasTimeline(String deployment, List<Point> points) {
        this.deployment = deployment;
        this.points = points;
    }

    static ReadyReplicasTimeline of(Journal journal, String namespace, String deployment) {
        List<Point> points = journal.observations().stream()
                .filter(o -> o.kind() == ObservationKind.DEPLOYMENT && namespace.equals(o.namespace()) && deployment.equals(o.name()))
                .filter(o -> !o.deleted())
                .map(o -> new Point(o.atMs(), o.intField("ready", 0), o.intField("replicas", 0)))
                .toList();
        return new ReadyReplicasTimeline(namespace + "/" + deployment, points);
    }

    String deployment() {
        return deployment;
    }

    boolean isEmpty() {
        return points.isEmpty();
    }

    /** The counts in force at {@code atMs}: the last observation at or before it. */
    Optional<Point> at(long atMs) {
        Point last = null;
        for (Point p : points) {
            if (p.atMs() > atMs) {
                break;
            }
            last = p;
        }
        return Optional.ofNullable(last);
    }

    /** The lowest ready count in force at some moment of the window, with when it began; empty if nothing was observed by then. */
    Optional<Point> lowestReadyDuring(TimeWindow window) {
        Optional<Point> lowest = at(window.fromMs());
        for (Point p : points) {
            if (window.contains(p.atMs()) && (lowest.isEmpty() || p.ready() < lowest.get().ready())) {
                lowest = Optional.of(p);
            }
        }
        return lowest;
    }

    /** The first moment at or after {@code fromMs} when at least {@code ready} replicas were ready. */
    Optional<Long> firstAtLeastReady(int ready, long fromMs) {
        Optional<Point> current = at(fromMs);
        if (current.isPresent() && current.get().ready() >= ready) {
            return Optional.of(fromMs);
        }
        return points.stream().filter(p -> p.atMs() >= fromMs && p.ready() >= ready).map(Point::atMs).findFirst();
    }

    /**
     * When the stretch of full readiness (every desired replica ready) that is in force at {@code deadlineMs}
     * began, no earlier than {@code fromMs}; empty if not all replicas are ready at the deadline. A dip observed
     * after a fault ended (the controller noticing a killed pod) therefore counts, however soon it came.
     */
    Optional<Long> fullyReadySince(long fromMs, long deadlineMs) {
        Optional<Point> atDeadline = at(deadlineMs);
        if (atDeadline.isEmpty() || !full(atDeadline.get())) {
            return Optional.empty();
        }
        long since = atDeadline.get().atMs();
        for (int i = points.size() - 1; i >= 0; i--) {
            Point p = points.get(i);
            if (p.atMs() > deadlineMs) {
                continue;
            }
            if (!full(p)) {
                break;
            }
            since = p.atMs();
        }
        return Optional.of(Math.max(since, fromMs));
    }

    private static boolean full(Point p) {
        return p.desired() > 0 && p.ready() >= p.desired();
    }

    /** The desired count in force at {@code atMs}, or {@code fallback}. */
    int desiredAt(long atMs, int fallback) {
        return at(atMs).map(Point::desired).orElse(fallback);
    }
}
