package dev.unshaken.reports;

import dev.unshaken.journal.FailureKind;
import dev.unshaken.journal.FaultEvent;
import dev.unshaken.journal.FaultKind;
import dev.unshaken.journal.Journal;
import dev.unshaken.journal.Observation;
import dev.unshaken.journal.ObservationKind;
import dev.unshaken.journal.RequestOutcome;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes journals of two made-up but plausible scenarios with the real {@link Journal}, so the report is tested
 * on the file format the harness writes: a pod kill under load, and a node drain.
 */
final class SampleRun {

    /** 2026-01-01T12:00:00Z. */
    static final long T0 = 1_767_268_800_000L;
    static final String KILLED_POD = "order-service-7f9c6d5b4-x2k9p";

    private SampleRun() {
    }

    /** Writes both journals under {@code reportsDirectory} and returns their scenario reports with verdicts and logs. */
    static RunReport write(Path reportsDirectory) {
        writePodKill(reportsDirectory);
        writeDrain(reportsDirectory);
        ScenarioReport.Builder podKillJournal = ScenarioReport.builder(
                Journal.read(reportsDirectory.resolve("checkout-under-pod-kill").resolve("journal.jsonl")));
        RequestStats stats = podKillJournal.build().requestStats();
        long failed = stats.failures();
        ScenarioReport podKill = podKillJournal
                .verdict(JournalRecords.atMost("failed requests outside the kill", 0, 0, "requests",
                        "No request failed before +20.000 s or after +21.600 s."))
                .verdict(JournalRecords.atMost("failed requests during the kill", failed, 50, "requests",
                        failed + " requests failed between +20.012 s and +21.540 s while pod " + KILLED_POD + " was being killed."))
                .verdict(JournalRecords.atMost("p99 latency", stats.p99Ms(), 50, "ms",
                        "p99 was " + stats.p99Ms() + " ms: latency rose from +30 s to +45 s, while the HPA scaled order-service from 3 to 4 replicas."))
                .verdict(JournalRecords.atLeast("ready replicas of shop/order-service", 2, 2, "replicas",
                        "shop/order-service had 2 ready replicas from +20.105 s to +27.350 s, never fewer."))
                .podLog(new PodLogTail("shop", KILLED_POD, "order-service", "killed by fault f1 (POD_KILL)", List.of(
                        "2026-01-01T12:00:19.870Z INFO  OrderController - POST /api/v1/orders 201 (12 ms)",
                        "2026-01-01T12:00:19.944Z INFO  OrderController - GET /api/v1/orders/1841 200 (4 ms)",
                        "2026-01-01T12:00:19.990Z WARN  Pool - connection <db-0> slow: 180 ms",
                        "2026-01-01T12:00:20.004Z INFO  Shutdown - SIGKILL, no graceful shutdown")))
                .build();
        ScenarioReport drain = ScenarioReport.builder(Journal.read(reportsDirectory.resolve("drain-agent-1").resolve("journal.jsonl")))
                .verdict(JournalRecords.atMost("failed requests during the drain", 0, 0, "requests",
                        "No request failed while agent-1 was drained (+8.000 s to +19.400 s)."))
                .verdict(JournalRecords.atLeast("ready replicas of shop/user-service", 1, 1, "replicas",
                        "The PodDisruptionBudget kept 1 of 2 user-service replicas ready: the eviction at +8.210 s was refused once."))
                .build();
        return new RunReport("20260101-120000", List.of(podKill, drain));
    }

    private static void writePodKill(Path dir) {
        Random random = new Random(42);
        long start = T0;
        try (Journal journal = Journal.open(dir, "checkout-under-pod-kill")) {
            journal.record(new Observation(start, ObservationKind.DEPLOYMENT, "shop", "order-service", Map.of("replicas", "3", "ready", "3")));
            journal.record(new Observation(start, ObservationKind.HPA, "shop", "order-service", Map.of("desired", "3", "current", "3", "metrics", "cpu=41%/70%")));
            journal.record(new Observation(start, ObservationKind.DEPLOYMENT, "shop", "user-service", Map.of("replicas", "2", "ready", "2")));
            for (int i = 0; i < 60 * 40; i++) {
                long sent = start + i * 25L + random.nextInt(10);
                double second = (sent - start) / 1000.0;
                boolean duringKill = second >= 20.0 && second < 21.5;
                long latency = 8 + random.nextInt(15) + (second > 30 && second < 45 ? 20 + random.nextInt(40) : 0);
                String route = i % 3 == 0 ? "/api/v1/orders" : "/api/v1/orders/#{orderId}";
                String method = i % 3 == 0 ? "POST" : "GET";
                if (duringKill && random.nextInt(3) == 0) {
                    FailureKind kind = random.nextBoolean() ? FailureKind.RESET : FailureKind.REFUSED;
                    journal.record(new RequestOutcome(sent, sent + (kind == FailureKind.RESET ? 900 + random.nextInt(600) : 2),
                            "checkout", "order", method, route, null, kind,
                            kind == FailureKind.RESET ? "Connection reset by peer" : "Connection refused: order-service:8080"));
                } else {
                    journal.record(new RequestOutcome(sent, sent + latency, "checkout", "order", method, route,
                            method.equals("POST") ? 201 : 200, FailureKind.NONE, null));
                }
            }
            var kill = FaultEvent.started("f1", FaultKind.POD_KILL, "shop/pod/" + KILLED_POD, start + 20_000,
                    Map.of("node", "agent-1", "gracePeriodSeconds", "0", "seed", "42"));
            journal.record(kill);
            journal.record(kill.endedAt(start + 21_540, Map.of("outcome", "gone")));
            journal.record(new Observation(start + 20_003, ObservationKind.POD, "shop", KILLED_POD, Map.of("phase", "Running", "ready", "true", "deleting", "true")));
            journal.record(new Observation(start + 20_105, ObservationKind.DEPLOYMENT, "shop", "order-service", Map.of("replicas", "3", "ready", "2")));
            event(journal, start + 20_110, "Normal", "Killing", "Pod/" + KILLED_POD, "Stopping container order-service");
            event(journal, start + 20_140, "Normal", "SuccessfulCreate", "ReplicaSet/order-service-7f9c6d5b4",
                    "Created pod: order-service-7f9c6d5b4-q8w2n");
            event(journal, start + 20_180, "Normal", "Scheduled", "Pod/order-service-7f9c6d5b4-q8w2n",
                    "Successfully assigned shop/order-service-7f9c6d5b4-q8w2n to agent-2");
            event(journal, start + 21_900, "Normal", "Started", "Pod/order-service-7f9c6d5b4-q8w2n", "Started container order-service");
            event(journal, start + 23_400, "Warning", "Unhealthy", "Pod/order-service-7f9c6d5b4-q8w2n",
                    "Readiness probe failed: Get \"http://10.42.2.17:8080/ready\": dial tcp 10.42.2.17:8080: connect: connection refused");
            journal.record(new Observation(start + 27_350, ObservationKind.DEPLOYMENT, "shop", "order-service", Map.of("replicas", "3", "ready", "3")));
            journal.record(new Observation(start + 35_000, ObservationKind.HPA, "shop", "order-service", Map.of("desired", "4", "current", "3", "metrics", "cpu=88%/70%")));
            journal.record(new Observation(start + 35_200, ObservationKind.DEPLOYMENT, "shop", "order-service", Map.of("replicas", "4", "ready", "3")));
            event(journal, start + 35_010, "Normal", "SuccessfulRescale", "HorizontalPodAutoscaler/order-service",
                    "New size: 4; reason: cpu resource utilization (percentage of request) above target");
            journal.record(new Observation(start + 41_800, ObservationKind.DEPLOYMENT, "shop", "order-service", Map.of("replicas", "4", "ready", "4")));
            journal.record(new Observation(start + 60_000, ObservationKind.DEPLOYMENT, "shop", "user-service", Map.of("replicas", "2", "ready", "2")));
        }
    }

    private static void writeDrain(Path dir) {
        Random random = new Random(7);
        long start = T0 + 75_000;
        try (Journal journal = Journal.open(dir, "drain-agent-1")) {
            journal.record(new Observation(start, ObservationKind.DEPLOYMENT, "shop", "user-service", Map.of("replicas", "2", "ready", "2")));
            journal.record(new Observation(start, ObservationKind.DEPLOYMENT, "shop", "order-service", Map.of("replicas", "3", "ready", "3")));
            for (int i = 0; i < 30 * 20; i++) {
                long sent = start + i * 50L + random.nextInt(20);
                long latency = 6 + random.nextInt(12) + (i > 160 && i < 390 ? random.nextInt(30) : 0);
                journal.record(new RequestOutcome(sent, sent + latency, "browse", "products", "GET", "/api/v1/products", 200,
                        FailureKind.NONE, null));
            }
            var drain = FaultEvent.started("f1", FaultKind.NODE_DRAIN, "node/agent-1", start + 8_000, Map.of("seed", "7"));
            journal.record(drain);
            journal.record(FaultEvent.instant("f2", FaultKind.EVICTION, "shop/pod/order-service-7f9c6d5b4-abcde", start + 8_120, Map.of()));
            journal.record(FaultEvent.instant("f3", FaultKind.EVICTION_REFUSED, "shop/pod/user-service-5d8b7c9f-kq2lm", start + 8_210,
                    Map.of("reason", "Cannot evict pod as it would violate the pod's disruption budget.")));
            journal.record(new Observation(start + 8_300, ObservationKind.DEPLOYMENT, "shop", "order-service", Map.of("replicas", "3", "ready", "2")));
            journal.record(new Observation(start + 12_900, ObservationKind.DEPLOYMENT, "shop", "order-service", Map.of("replicas", "3", "ready", "3")));
            journal.record(FaultEvent.instant("f4", FaultKind.EVICTION, "shop/pod/user-service-5d8b7c9f-kq2lm", start + 13_400, Map.of()));
            journal.record(new Observation(start + 13_500, ObservationKind.DEPLOYMENT, "shop", "user-service", Map.of("replicas", "2", "ready", "1")));
            journal.record(new Observation(start + 18_700, ObservationKind.DEPLOYMENT, "shop", "user-service", Map.of("replicas", "2", "ready", "2")));
            journal.record(drain.endedAt(start + 19_400, Map.of("outcome", "drained", "evicted", "2")));
            event(journal, start + 8_050, "Normal", "NodeNotSchedulable", "Node/agent-1", "Node agent-1 status is now: NodeNotSchedulable");
            event(journal, start + 8_215, "Warning", "EvictionRefused", "Pod/user-service-5d8b7c9f-kq2lm",
                    "Cannot evict pod as it would violate the pod's disruption budget.");
            journal.record(new Observation(start + 30_000, ObservationKind.NODE, null, "agent-1", Map.of("ready", "true", "unschedulable", "true")));
        }
    }

    private static void event(Journal journal, long at, String type, String reason, String object, String message) {
        journal.record(new Observation(at, ObservationKind.EVENT, "shop", object.substring(object.indexOf('/') + 1) + "." + Long.toHexString(at),
                Map.of("type", type, "reason", reason, "object", object, "message", message, "count", "1")));
    }
}
