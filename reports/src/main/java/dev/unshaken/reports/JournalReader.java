package dev.unshaken.reports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads a run journal ({@code <reports dir>/<scenario>/journal.jsonl}, JSON Lines with a {@code "type"} per line:
 * {@code request}, {@code fault}, {@code observation}, {@code verdict}; format documented on {@code dev.unshaken.journal})
 * into a {@link ScenarioReport.Builder}, to which the caller adds pod logs and links before building.
 *
 * <p>Like the journal's own reader it skips unknown types and fields, so newer journals still read. A fault
 * recorded twice (start, then end) keeps its last state. A last line cut short (the run died while writing it)
 * is skipped with a note in the report; any other line that is not a journal record is an error naming the line.
 */
public final class JournalReader {

    /** The journal's file name in a scenario directory. */
    public static final String FILE_NAME = "journal.jsonl";

    private static final ObjectMapper JSON = new ObjectMapper();

    private JournalReader() {
    }

    /**
     * Reads a journal; the scenario is named after the file's directory.
     *
     * @throws UncheckedIOException     if the file cannot be read
     * @throws IllegalArgumentException if a line is not a journal record (the message names file, line and field)
     */
    public static ScenarioReport.Builder read(Path journal) {
        Path directory = journal.toAbsolutePath().getParent();
        String scenario = directory == null || directory.getFileName() == null ? "scenario" : directory.getFileName().toString();
        return read(journal, scenario);
    }

    /** Reads a journal into a scenario of the given name. */
    public static ScenarioReport.Builder read(Path journal, String scenario) {
        String text;
        try {
            text = Files.readString(journal, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("the journal " + journal + " does not exist; a scenario writes it to "
                    + "<reports dir>/<scenario>/" + FILE_NAME + " while it runs", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the journal " + journal + ": " + e.getMessage(), e);
        }
        ScenarioReport.Builder builder = ScenarioReport.builder(scenario);
        Map<String, Integer> unknownTypes = new TreeMap<>();
        String[] lines = text.split("\n", -1);
        boolean endsWithNewline = text.endsWith("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            boolean lastLine = i == lines.length - 1;
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (JsonProcessingException e) {
                if (lastLine && !endsWithNewline) {
                    builder.note("The journal's last line (" + (i + 1) + ") was cut short, probably because the run stopped "
                            + "while writing it; it was skipped.");
                    continue;
                }
                throw new IllegalArgumentException(journal + " line " + (i + 1) + " is not JSON: " + e.getOriginalMessage()
                        + "; expected one journal record (a JSON object with a \"type\") per line", e);
            }
            new Line(journal, i + 1, node).addTo(builder, unknownTypes);
        }
        unknownTypes.forEach((type, count) -> builder.note(count + (count == 1 ? " line" : " lines") + " of type \"" + type
                + "\" in the journal were skipped: this version of the report does not know that type."));
        return builder;
    }

    /**
     * Reads every scenario journal under a reports directory ({@code <dir>/<scenario>/journal.jsonl}), in
     * the order the scenarios started.
     */
    public static List<ScenarioReport.Builder> readAll(Path reportsDirectory) {
        List<Path> journals = new ArrayList<>();
        try (Stream<Path> children = Files.list(reportsDirectory)) {
            children.map(child -> child.resolve(FILE_NAME)).filter(Files::isRegularFile).forEach(journals::add);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the reports directory " + reportsDirectory + ": " + e.getMessage(), e);
        }
        Map<ScenarioReport.Builder, Long> starts = new LinkedHashMap<>();
        for (Path journal : journals.stream().sorted().toList()) {
            ScenarioReport.Builder builder = read(journal);
            starts.put(builder, builder.build().startMs());
        }
        return starts.entrySet().stream().sorted(Map.Entry.comparingByValue()).map(Map.Entry::getKey).toList();
    }

    /** One parsed line, with the file and line number for error messages. */
    private record Line(Path file, int number, JsonNode node) {

        void addTo(ScenarioReport.Builder builder, Map<String, Integer> unknownTypes) {
            if (!node.isObject()) {
                throw error("is not a JSON object");
            }
            String type = text("type", true);
            switch (type) {
                case "request" -> builder.request(new RequestSample(number("startMs"), number("endMs"), text("scenario", false),
                        text("requestName", false), text("method", false), text("route", false), optionalInt("status"),
                        text("failure", true), text("detail", false), text("upstream", false)));
                case "fault" -> builder.fault(new FaultWindow(text("id", true), text("kind", true), text("target", false),
                        number("startMs"), optionalNumber("endMs"), map("details")));
                case "observation" -> builder.observation(new ClusterObservation(number("atMs"), text("kind", true),
                        text("namespace", false), text("name", true), map("fields")));
                case "verdict" -> builder.verdict(verdict());
                default -> unknownTypes.merge(type, 1, Integer::sum);
            }
        }

        /** A verdict the test checked; the last result of a name wins, as the builder keeps it. */
        private VerdictResult verdict() {
            String limitName = text("limit", true);
            VerdictResult.Limit limit = switch (limitName) {
                case "AT_MOST" -> VerdictResult.Limit.AT_MOST;
                case "AT_LEAST" -> VerdictResult.Limit.AT_LEAST;
                default -> throw error("has a \"limit\" that is neither AT_MOST nor AT_LEAST: " + limitName);
            };
            Outcome outcome = outcome();
            JsonNode measured = node.get("measured");
            if (measured == null || measured.isNull()) {
                if (outcome == Outcome.PASS) {
                    throw error("is a verdict that passed without a \"measured\" value");
                }
            } else if (!measured.isNumber()) {
                throw error("has a \"measured\" that is not a number: " + measured);
            }
            JsonNode budget = node.get("budget");
            if (budget == null || !budget.isNumber()) {
                throw error("has no numeric \"budget\"");
            }
            JsonNode expectedFailure = node.get("expectedFailure");
            return new VerdictResult(text("name", true), outcome, measured == null || measured.isNull() ? Double.NaN : measured.asDouble(),
                    limit, budget.asDouble(), text("unit", false), text("evidence", false),
                    expectedFailure != null && expectedFailure.asBoolean(false));
        }

        /** A verdict's {@code outcome}; a line written before outcomes existed has only {@code passed}: PASS or FAIL. */
        private Outcome outcome() {
            JsonNode outcome = node.get("outcome");
            if (outcome == null || outcome.isNull()) {
                return bool("passed") ? Outcome.PASS : Outcome.FAIL;
            }
            return switch (outcome.asText()) {
                case "PASS" -> Outcome.PASS;
                case "FAIL" -> Outcome.FAIL;
                case "INCONCLUSIVE" -> Outcome.INCONCLUSIVE;
                default -> throw error("has an \"outcome\" that is not PASS, FAIL or INCONCLUSIVE: " + outcome);
            };
        }

        private boolean bool(String field) {
            JsonNode value = node.get(field);
            if (value == null || !value.isBoolean()) {
                throw error("has no \"" + field + "\" (true or false)");
            }
            return value.asBoolean();
        }

        private String text(String field, boolean required) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                if (required) {
                    throw error("has no \"" + field + "\"");
                }
                return null;
            }
            if (!value.isValueNode()) {
                throw error("has a \"" + field + "\" that is not a string: " + value);
            }
            return value.asText();
        }

        private long number(String field) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                throw error("has no \"" + field + "\" (epoch ms)");
            }
            if (!value.isIntegralNumber()) {
                throw error("has a \"" + field + "\" that is not a whole number of epoch ms: " + value);
            }
            return value.asLong();
        }

        private Long optionalNumber(String field) {
            JsonNode value = node.get(field);
            return value == null || value.isNull() ? null : number(field);
        }

        private Integer optionalInt(String field) {
            Long value = optionalNumber(field);
            return value == null ? null : value.intValue();
        }

        private Map<String, String> map(String field) {
            JsonNode value = node.get(field);
            Map<String, String> map = new TreeMap<>();
            if (value == null || value.isNull()) {
                return map;
            }
            if (!value.isObject()) {
                throw error("has a \"" + field + "\" that is not an object of strings: " + value);
            }
            value.properties().forEach(e -> map.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
            return map;
        }

        private IllegalArgumentException error(String problem) {
            return new IllegalArgumentException(file + " line " + number + " " + problem + "; expected a journal record as "
                    + "documented on dev.unshaken.journal (type request, fault, observation or verdict)");
        }
    }
}
