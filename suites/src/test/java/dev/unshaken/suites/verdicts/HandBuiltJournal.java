package dev.unshaken.suites.verdicts;

import dev.unshaken.journal.FailureKind;
import dev.unshaken.journal.FaultEvent;
import dev.unshaken.journal.FaultKind;
import dev.unshaken.journal.Journal;
import dev.unshaken.journal.Observation;
import dev.unshaken.journal.ObservationKind;
import dev.unshaken.journal.RequestOutcome;
import dev.unshaken.journal.WatchState;

import java.util.Map;

/**
 * Builds journals by hand for verdict tests, on a clock where the first request starts at {@code T0}: times are
 * given in seconds after it.
 */
final class HandBuiltJournal {

    static final long T0 = 1_767_225_600_000L;

    private final Journal journal = Journal.inMemory("hand-built");

    static long at(double seconds) {
        return T0 + Math.round(seconds * 1000);
    }

    /** One successful GET / every 100 ms from {@code fromS} to {@code toS}, each taking {@code ms}. */
    HandBuiltJournal steadyRequests(double fromS, double toS, long ms) {
        for (long t = at(fromS); t < at(toS); t += 100) {
            journal.record(new RequestOutcome(t, t + ms, "get", "GET /", "GET", "/", 200, FailureKind.NONE, null));
        }
        return this;
    }

    HandBuiltJournal failedRequest(double atS, FailureKind kind, Integer status) {
        journal.record(new RequestOutcome(at(atS), at(atS) + 3, "get", "GET /", "GET", "/", status, kind,
                kind == FailureKind.REFUSED ? "Connection refused" : "HTTP " + status));
        return this;
    }

    /** A request that got no answer and timed out after {@code ms}. */
    HandBuiltJournal timedOutRequest(double atS, long ms) {
        journal.record(new RequestOutcome(at(atS), at(atS) + ms, "get", "GET /", "GET", "/", null, FailureKind.TIMEOUT,
                "Request timeout after " + ms + " ms"));
        return this;
    }

    HandBuiltJournal fault(String id, FaultKind kind, String target, double fromS, Double toS, Map<String, String> details) {
        return fault(id, kind, target, fromS, toS, details, Map.of());
    }

    /** A fault whose end adds {@code endDetails} (what it measured). */
    HandBuiltJournal fault(String id, FaultKind kind, String target, double fromS, Double toS, Map<String, String> details,
                           Map<String, String> endDetails) {
        var started = FaultEvent.started(id, kind, target, at(fromS), details);
        journal.record(started);
        if (toS != null) {
            journal.record(started.endedAt(at(toS), endDetails));
        }
        return this;
    }

    /** A request answered with {@code status} after {@code ms}. */
    HandBuiltJournal answeredRequest(double atS, long ms, int status) {
        journal.record(new RequestOutcome(at(atS), at(atS) + ms, "get", "POST /orders", "POST", "/orders", status,
                status >= 500 ? FailureKind.HTTP_5XX : FailureKind.NONE, status >= 500 ? "HTTP " + status : null));
        return this;
    }

    /** A POST answered with {@code status} after {@code ms}, by the upstream its response named. */
    HandBuiltJournal servedRequest(double atS, long ms, int status, String upstream) {
        journal.record(new RequestOutcome(at(atS), at(atS) + ms, "checkout", "order", "POST", "/orders", status,
                status >= 500 ? FailureKind.HTTP_5XX : FailureKind.NONE, status >= 500 ? "HTTP " + status : null, upstream));
        return this;
    }

    HandBuiltJournal instant(String id, FaultKind kind, String target, double atS, Map<String, String> details) {
        journal.record(FaultEvent.instant(id, kind, target, at(atS), details));
        return this;
    }

    /** A pod observation; a pod named {@code <deployment>-<suffix>} is owned by a ReplicaSet of that Deployment. */
    HandBuiltJournal pod(double atS, String name, String node, boolean ready, boolean deleting) {
        String deployment = name.substring(0, name.lastIndexOf('-'));
        journal.record(new Observation(at(atS), ObservationKind.POD, "ns", name,
                Map.of("phase", "Running", "ready", Boolean.toString(ready), "deleting", Boolean.toString(deleting), "node", node,
                        "owner", "ReplicaSet/" + deployment + "-5d9f")));
        return this;
    }

    HandBuiltJournal podGone(double atS, String name) {
        journal.record(new Observation(at(atS), ObservationKind.POD, "ns", name, Map.of("deleted", "true")));
        return this;
    }

    HandBuiltJournal deployment(double atS, String name, int ready, int desired) {
        journal.record(new Observation(at(atS), ObservationKind.DEPLOYMENT, "ns", name,
                Map.of("ready", Integer.toString(ready), "replicas", Integer.toString(desired))));
        return this;
    }

    HandBuiltJournal hpa(double atS, String name, String metrics, int current, int desired) {
        journal.record(new Observation(at(atS), ObservationKind.HPA, "ns", name,
                Map.of("metrics", metrics, "current", Integer.toString(current), "desired", Integer.toString(desired), "min", "2", "max", "6")));
        return this;
    }

    /** A change in the health of the watcher of {@code watched} objects in namespace {@code ns}. */
    HandBuiltJournal watcher(double atS, ObservationKind watched, WatchState state, String error) {
        journal.record(Observation.watch(at(atS), watched, "ns", state, error));
        return this;
    }

    /** The watchers of Deployments, pods and HPAs in {@code ns} connected at {@code atS}. */
    HandBuiltJournal watchersConnected(double atS) {
        return watcher(atS, ObservationKind.DEPLOYMENT, WatchState.CONNECTED, null)
                .watcher(atS, ObservationKind.POD, WatchState.CONNECTED, null)
                .watcher(atS, ObservationKind.HPA, WatchState.CONNECTED, null);
    }

    Journal journal() {
        return journal;
    }
}
