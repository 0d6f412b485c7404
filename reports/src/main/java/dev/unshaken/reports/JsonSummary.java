package dev.unshaken.reports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unshaken.journal.Verdict;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The run for machines: {@code summary.json}, in the stable schema documented in {@code reports/SCHEMA.md}
 * (version {@value #SCHEMA_VERSION}): run id, start and end, totals of requests and failures with latency
 * percentiles, and per scenario the same plus its verdicts (measured, budget, unit, outcome).
 * {@link CompareSummaries} compares two of them.
 *
 * @param schemaVersion the schema version the file was written in
 * @param runId         the run
 * @param startMs       when the first scenario started, epoch ms
 * @param endMs         when the last scenario ended, epoch ms
 * @param outcome       how the run came out (see {@link RunReport#outcome()})
 * @param totals        requests of all scenarios together
 * @param scenarios     the scenarios, in the order they ran
 */
public record JsonSummary(int schemaVersion, String runId, long startMs, long endMs, Outcome outcome, RequestStats totals,
                          List<ScenarioSummary> scenarios) {

    /**
     * The schema version this class writes. Additions keep it; removals, renames and new meanings raise it. Version 2
     * added {@code outcome}, and a scenario without verdicts no longer counts as passed.
     */
    public static final int SCHEMA_VERSION = 2;
    /** The oldest schema version it reads: a version 1 file's outcomes are read from its {@code passed} fields. */
    public static final int OLDEST_SCHEMA_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public JsonSummary {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(totals, "totals");
        scenarios = List.copyOf(scenarios);
    }

    /** The summary of a run, its text passed through the redactor. */
    public static JsonSummary of(RunReport run, Redactor redactor) {
        RunReport safe = run.redacted(redactor);
        return new JsonSummary(SCHEMA_VERSION, safe.runId(), safe.startMs(), safe.endMs(), safe.outcome(), safe.requestStats(),
                safe.scenarios().stream().map(ScenarioSummary::of).toList());
    }

    /**
     * Reads a {@code summary.json}.
     *
     * @throws InvalidSummaryException if the file is missing, not JSON, of a schema version it does not read, or lacks a field;
     *                                 the message names the file, the field and what was expected
     */
    public static JsonSummary read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidSummaryException(file + " does not exist; expected the summary.json an Unshaken run writes "
                    + "(target/unshaken-reports/summary.json)", e);
        } catch (IOException e) {
            throw new InvalidSummaryException("cannot read " + file + ": " + e.getMessage(), e);
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            var location = e.getLocation();
            throw new InvalidSummaryException(file + " is not JSON" + (location == null ? "" : " (line " + location.getLineNr()
                    + ", column " + location.getColumnNr() + ")") + ": " + e.getOriginalMessage()
                    + "; expected the summary.json an Unshaken run writes", e);
        }
        if (root == null || root.isMissingNode()) {
            throw new InvalidSummaryException(file + " is empty; expected the summary.json an Unshaken run writes");
        }
        return new SummaryParser(file.toString()).summary(root);
    }

    /** The JSON text, fields in the documented order, indented. */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("schemaVersion", schemaVersion);
        root.put("runId", runId);
        root.put("start", Instant.ofEpochMilli(startMs).toString());
        root.put("startMs", startMs);
        root.put("end", Instant.ofEpochMilli(endMs).toString());
        root.put("endMs", endMs);
        root.put("passed", passed());
        root.put("outcome", outcome.name());
        root.set("totals", requests(totals));
        ArrayNode array = root.putArray("scenarios");
        for (ScenarioSummary scenario : scenarios) {
            ObjectNode node = array.addObject();
            node.put("name", scenario.name());
            node.put("start", Instant.ofEpochMilli(scenario.startMs()).toString());
            node.put("startMs", scenario.startMs());
            node.put("end", Instant.ofEpochMilli(scenario.endMs()).toString());
            node.put("endMs", scenario.endMs());
            node.put("durationSeconds", (scenario.endMs() - scenario.startMs()) / 1000.0);
            if (scenario.wallMs() > 0) {
                node.put("wallSeconds", scenario.wallMs() / 1000.0);
            }
            node.put("passed", scenario.passed());
            node.put("outcome", scenario.outcome().name());
            node.set("requests", requests(scenario.requests()));
            node.put("faults", scenario.faults());
            ArrayNode verdicts = node.putArray("verdicts");
            for (Verdict verdict : scenario.verdicts()) {
                ObjectNode v = verdicts.addObject();
                v.put("name", verdict.name());
                v.put("passed", verdict.passed());
                v.put("outcome", verdict.outcome().name());
                if (verdict.measured() != null) {
                    putNumber(v, "measured", verdict.measured());
                } else {
                    v.putNull("measured");
                }
                v.put("limit", limitName(verdict.limit()));
                putNumber(v, "budget", verdict.budget());
                v.put("unit", verdict.unit());
                v.put("evidence", verdict.evidence());
                v.put("expectedFailure", verdict.expectedFailure());
            }
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the summary as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Writes {@link #toJson()} to the file (creating its directory). */
    public Path write(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.writeString(file, toJson(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the summary " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    /** Whether the run passed: every scenario passed. */
    public boolean passed() {
        return outcome == Outcome.PASS;
    }

    /** The scenario of this name, or {@code null}. */
    public ScenarioSummary scenario(String name) {
        return scenarios.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
    }

    /** {@code atMost} or {@code atLeast}, as written in the file. */
    static String limitName(Verdict.Limit limit) {
        return limit == Verdict.Limit.AT_MOST ? "atMost" : "atLeast";
    }

    private static ObjectNode requests(RequestStats stats) {
        ObjectNode node = JSON.createObjectNode();
        node.put("requests", stats.requests());
        node.put("failures", stats.failures());
        node.put("failureRate", Math.round(stats.failureRate() * 1_000_000) / 1_000_000.0);
        ObjectNode kinds = node.putObject("failureKinds");
        stats.failureKinds().forEach(kinds::put);
        ObjectNode latency = node.putObject("latencyMs");
        latency.put("p50", stats.p50Ms());
        latency.put("p95", stats.p95Ms());
        latency.put("p99", stats.p99Ms());
        return node;
    }

    private static void putNumber(ObjectNode node, String field, double value) {
        Number number = Quantity.jsonNumber(value);
        if (number instanceof Long l) {
            node.put(field, l);
        } else {
            node.put(field, number.doubleValue());
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "JsonSummary[run %s, %d scenarios, %s]", runId, scenarios.size(), outcome);
    }
}
