package dev.unshaken.reports;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unshaken.journal.FaultEvent;
import dev.unshaken.journal.Observation;
import dev.unshaken.journal.ObservationKind;
import dev.unshaken.journal.RequestOutcome;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The series the HTML report charts for one scenario, in seconds since the scenario's start:
 * responses per 1 s bucket (OK and failed, by the time the response ended), latency percentiles per bucket,
 * ready replicas per Deployment and desired replicas per HPA (as steps), and the fault windows.
 */
final class ScenarioTimeline {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final ScenarioReport scenario;
    private final int buckets;

    ScenarioTimeline(ScenarioReport scenario) {
        this.scenario = scenario;
        this.buckets = (int) Math.max(1, Math.ceil((scenario.endMs() - scenario.startMs()) / 1000.0));
    }

    /** How many 1 s buckets the scenario spans. */
    int buckets() {
        return buckets;
    }

    /** The bucket a timestamp falls in, clamped to the scenario. */
    int bucketOf(long epochMs) {
        long index = Math.floorDiv(epochMs - scenario.startMs(), 1000L);
        return (int) Math.max(0, Math.min(buckets - 1, index));
    }

    /** OK responses per bucket. */
    long[] okPerSecond() {
        return countPerSecond(false);
    }

    /** Failed responses per bucket. */
    long[] failedPerSecond() {
        return countPerSecond(true);
    }

    private long[] countPerSecond(boolean failed) {
        long[] counts = new long[buckets];
        for (RequestOutcome request : scenario.requests()) {
            if (request.failed() == failed) {
                counts[bucketOf(request.endMs())]++;
            }
        }
        return counts;
    }

    /** The latency percentile of each bucket (of the responses that ended in it), {@code null} for empty buckets. */
    Long[] latencyPercentile(double p) {
        List<List<Long>> perBucket = new ArrayList<>();
        for (int i = 0; i < buckets; i++) {
            perBucket.add(new ArrayList<>());
        }
        for (RequestOutcome request : scenario.requests()) {
            perBucket.get(bucketOf(request.endMs())).add(request.durationMs());
        }
        Long[] result = new Long[buckets];
        for (int i = 0; i < buckets; i++) {
            long[] sorted = perBucket.get(i).stream().mapToLong(Long::longValue).sorted().toArray();
            result[i] = RequestStats.percentile(sorted, p);
        }
        return result;
    }

    /** Step series of an integer field per object of one observation kind, e.g. {@code ready} of each DEPLOYMENT. */
    Map<String, List<double[]>> steps(ObservationKind kind, String field) {
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        for (Observation observation : scenario.observations(kind)) {
            Integer value = observation.deleted() ? Integer.valueOf(0) : observation.intField(field);
            if (value == null) {
                continue;
            }
            double at = Math.max(0, scenario.secondsSinceStart(observation.atMs()));
            series.computeIfAbsent(observation.qualifiedName(), key -> new ArrayList<>()).add(new double[]{at, value});
        }
        double end = scenario.secondsSinceStart(scenario.endMs());
        for (List<double[]> points : series.values()) {
            double[] last = points.get(points.size() - 1);
            if (last[0] < end) {
                points.add(new double[]{end, last[1]});   // the last state holds until the end
            }
        }
        return series;
    }

    /** Everything the page's script needs to draw this scenario's charts. */
    ObjectNode toJson() {
        ObjectNode node = JSON.objectNode();
        node.put("duration", round3(scenario.secondsSinceStart(scenario.endMs())));
        ArrayNode faults = node.putArray("faults");
        for (FaultEvent fault : scenario.faults()) {
            ObjectNode band = faults.addObject();
            band.put("label", fault.id() + " " + fault.kind());
            band.put("start", round3(scenario.secondsSinceStart(fault.startMs())));
            band.put("end", round3(scenario.secondsSinceStart(fault.endOr(scenario.endMs()))));
            band.put("open", fault.endMs() == null);
            band.put("instant", fault.endMs() != null && fault.endMs() - fault.startMs() < 50);
        }
        if (!scenario.requests().isEmpty()) {
            ObjectNode throughput = node.putObject("throughput");
            throughput.set("ok", points(Arrays.stream(okPerSecond()).boxed().toArray(Long[]::new)));
            throughput.set("failed", points(Arrays.stream(failedPerSecond()).boxed().toArray(Long[]::new)));
            ObjectNode latency = node.putObject("latency");
            latency.set("p50", points(latencyPercentile(50)));
            latency.set("p95", points(latencyPercentile(95)));
            latency.set("p99", points(latencyPercentile(99)));
        }
        ArrayNode replicas = node.putArray("replicas");
        steps(ObservationKind.DEPLOYMENT, "ready").forEach((name, points) -> addSeries(replicas, name, "ready " + name, "ready", points));
        steps(ObservationKind.HPA, "desired").forEach((name, points) -> addSeries(replicas, name, "HPA desired " + name, "hpa", points));
        return node;
    }

    /** One point per bucket at the bucket's middle; empty buckets get {@code y: null}, a gap in the line. */
    private ArrayNode points(Long[] values) {
        ArrayNode array = JSON.arrayNode();
        for (int i = 0; i < values.length; i++) {
            array.addObject().put("x", i + 0.5).put("y", values[i]);
        }
        return array;
    }

    private static void addSeries(ArrayNode replicas, String object, String label, String kind, List<double[]> points) {
        ObjectNode series = replicas.addObject();
        series.put("object", object);
        series.put("label", label);
        series.put("kind", kind);
        ArrayNode data = series.putArray("points");
        for (double[] point : points) {
            data.addObject().put("x", round3(point[0])).put("y", (long) point[1]);
        }
    }

    private static double round3(double value) {
        return Math.round(value * 1000.0) / 1000.0;
    }
}
