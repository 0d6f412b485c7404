package dev.unshaken.reports;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unshaken.journal.Verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads the tree of a {@code summary.json}, naming the file and the JSON path of anything that is not as documented. */
final class SummaryParser {

    private final String file;
    private int version;

    SummaryParser(String file) {
        this.file = file;
    }

    JsonSummary summary(JsonNode root) {
        object(root, "the top level");
        version = (int) integer(root, "schemaVersion", "");
        if (version < JsonSummary.OLDEST_SCHEMA_VERSION || version > JsonSummary.SCHEMA_VERSION) {
            throw new InvalidSummaryException(file + ": schemaVersion is " + version + ", but this version of Unshaken reads "
                    + "schemaVersion " + JsonSummary.OLDEST_SCHEMA_VERSION + " to " + JsonSummary.SCHEMA_VERSION
                    + "; compare summaries written by schema versions it reads (see reports/SCHEMA.md)");
        }
        // Fields in the documented order, so the first problem reported is the first in the file.
        String runId = text(root, "runId", "");
        long startMs = integer(root, "startMs", "");
        long endMs = integer(root, "endMs", "");
        Outcome outcome = outcome(root, "");
        RequestStats totals = requests(field(root, "totals", ""), "totals");
        List<ScenarioSummary> scenarios = new ArrayList<>();
        JsonNode array = array(root, "scenarios", "");
        for (int i = 0; i < array.size(); i++) {
            scenarios.add(scenario(array.get(i), "scenarios[" + i + "]"));
        }
        return new JsonSummary(version, runId, startMs, endMs, outcome, totals, scenarios);
    }

    private ScenarioSummary scenario(JsonNode node, String path) {
        object(node, path);
        String name = text(node, "name", path);
        long startMs = integer(node, "startMs", path);
        long endMs = integer(node, "endMs", path);
        Outcome outcome = outcome(node, path);
        RequestStats requests = requests(field(node, "requests", path), path + ".requests");
        int faults = (int) integer(node, "faults", path);
        List<Verdict> verdicts = new ArrayList<>();
        JsonNode array = array(node, "verdicts", path);
        for (int i = 0; i < array.size(); i++) {
            verdicts.add(verdict(array.get(i), path + ".verdicts[" + i + "]"));
        }
        // wallSeconds came with schema 2's wall time; older summaries have none (0: unknown).
        long wallMs = node.has("wallSeconds") ? Math.round(number(node, "wallSeconds", path) * 1000) : 0;
        return new ScenarioSummary(name, startMs, endMs, outcome, requests, faults, verdicts, wallMs);
    }

    private Verdict verdict(JsonNode node, String path) {
        object(node, path);
        String name = text(node, "name", path);
        Outcome outcome = outcome(node, path);
        JsonNode measuredNode = node.get("measured");
        // null: the verdict could not measure (and did not pass)
        Double measured = measuredNode != null && measuredNode.isNull() && outcome != Outcome.PASS ? null
                : number(node, "measured", path);
        String limit = text(node, "limit", path);
        Verdict.Limit parsed = switch (limit) {
            case "atMost" -> Verdict.Limit.AT_MOST;
            case "atLeast" -> Verdict.Limit.AT_LEAST;
            default -> throw new InvalidSummaryException(file + ": " + path + ".limit: expected \"atMost\" or \"atLeast\", found \""
                    + limit + "\"");
        };
        JsonNode expectedFailure = node.get("expectedFailure");
        return new Verdict(0, name, Verdict.Outcome.valueOf(outcome.name()), measured, parsed, number(node, "budget", path),
                optionalText(node, "unit"), optionalText(node, "evidence"), expectedFailure != null && expectedFailure.asBoolean(false));
    }

    /**
     * The {@code outcome} of the run, a scenario or a verdict; version 1 had only {@code passed}, read as PASS or
     * FAIL. {@code passed} is required in every version: readers of older versions rely on it.
     */
    private Outcome outcome(JsonNode node, String path) {
        boolean passed = bool(node, "passed", path);
        if (version == 1) {
            return passed ? Outcome.PASS : Outcome.FAIL;
        }
        String text = text(node, "outcome", path);
        Outcome outcome = switch (text) {
            case "PASS" -> Outcome.PASS;
            case "FAIL" -> Outcome.FAIL;
            case "INCONCLUSIVE" -> Outcome.INCONCLUSIVE;
            default -> throw new InvalidSummaryException(file + ": " + join(path, "outcome") + ": expected \"PASS\", \"FAIL\" or"
                    + " \"INCONCLUSIVE\", found \"" + text + "\"");
        };
        if (passed != (outcome == Outcome.PASS)) {
            throw new InvalidSummaryException(file + ": " + join(path, "passed") + " is " + passed + ", but " + join(path, "outcome")
                    + " is \"" + text + "\"; passed is true exactly when outcome is \"PASS\"");
        }
        return outcome;
    }

    private RequestStats requests(JsonNode node, String path) {
        object(node, path);
        Map<String, Long> kinds = new TreeMap<>();
        JsonNode kindsNode = node.get("failureKinds");
        if (kindsNode != null && kindsNode.isObject()) {
            kindsNode.properties().forEach(e -> kinds.put(e.getKey(), e.getValue().asLong()));
        }
        JsonNode latency = field(node, "latencyMs", path);
        object(latency, path + ".latencyMs");
        String latencyPath = path + ".latencyMs";
        return new RequestStats(integer(node, "requests", path), integer(node, "failures", path), kinds,
                optionalInteger(latency, "p50", latencyPath), optionalInteger(latency, "p95", latencyPath),
                optionalInteger(latency, "p99", latencyPath));
    }

    private JsonNode field(JsonNode node, String name, String path) {
        JsonNode value = node.get(name);
        if (value == null) {
            throw new InvalidSummaryException(file + ": " + join(path, name) + " is missing; expected the summary.json an "
                    + "Unshaken run writes (see reports/SCHEMA.md)");
        }
        return value;
    }

    private void object(JsonNode node, String path) {
        if (!node.isObject()) {
            throw new InvalidSummaryException(file + ": " + path + ": expected a JSON object, found " + describe(node));
        }
    }

    private JsonNode array(JsonNode node, String name, String path) {
        JsonNode value = field(node, name, path);
        if (!value.isArray()) {
            throw new InvalidSummaryException(file + ": " + join(path, name) + ": expected an array, found " + describe(value));
        }
        return value;
    }

    private String text(JsonNode node, String name, String path) {
        JsonNode value = field(node, name, path);
        if (!value.isTextual()) {
            throw new InvalidSummaryException(file + ": " + join(path, name) + ": expected a string, found " + describe(value));
        }
        return value.asText();
    }

    private static String optionalText(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? "" : value.asText();
    }

    private boolean bool(JsonNode node, String name, String path) {
        JsonNode value = field(node, name, path);
        if (!value.isBoolean()) {
            throw new InvalidSummaryException(file + ": " + join(path, name) + ": expected true or false, found " + describe(value));
        }
        return value.asBoolean();
    }

    private long integer(JsonNode node, String name, String path) {
        JsonNode value = field(node, name, path);
        if (!value.isIntegralNumber()) {
            throw new InvalidSummaryException(file + ": " + join(path, name) + ": expected a whole number, found " + describe(value));
        }
        return value.asLong();
    }

    private Long optionalInteger(JsonNode node, String name, String path) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber()) {
            throw new InvalidSummaryException(file + ": " + join(path, name) + ": expected a whole number or null, found "
                    + describe(value));
        }
        return value.asLong();
    }

    private double number(JsonNode node, String name, String path) {
        JsonNode value = field(node, name, path);
        if (!value.isNumber()) {
            throw new InvalidSummaryException(file + ": " + join(path, name) + ": expected a number, found " + describe(value));
        }
        return value.asDouble();
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static String describe(JsonNode node) {
        String text = node.toString();
        String kind = node.isObject() ? "an object" : node.isArray() ? "an array" : node.isTextual() ? "a string"
                : node.isNumber() ? "a number" : node.isBoolean() ? "a boolean" : node.isNull() ? "null" : "a value";
        return node.isNull() ? "null" : kind + " " + (text.length() > 60 ? text.substring(0, 57) + "..." : text);
    }
}
