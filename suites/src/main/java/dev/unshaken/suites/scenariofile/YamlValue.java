package dev.unshaken.suites.scenariofile;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One YAML value of a scenario file, converted to what the schema expects there. Each conversion that fails
 * reports a problem at the value (naming the key path and what was expected) and gives an empty result.
 *
 * @param node     the composed YAML node
 * @param path     where it is in the schema, e.g. {@code cluster.agents} or {@code faults[2].kill.count}
 * @param problems where problems go
 */
record YamlValue(Node node, String path, Problems problems) {

    /** Whether the value is empty ({@code key:} with nothing after it, or {@code ~}). */
    boolean isNull() {
        return node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL);
    }

    boolean isScalar() {
        return node instanceof ScalarNode && !isNull();
    }

    boolean isMapping() {
        return node instanceof MappingNode;
    }

    /** The path for messages: {@code the top level} for the file's root. */
    String where() {
        return path.isEmpty() ? "the top level" : path;
    }

    void problem(String message) {
        problems.add(node, message);
    }

    /** The scalar as written, without reporting anything when it is not one. */
    Optional<String> written() {
        return isScalar() ? Optional.of(((ScalarNode) node).getValue()) : Optional.empty();
    }

    /** A piece of text (numbers and booleans are taken as written). */
    Optional<String> text() {
        if (!isScalar()) {
            problem(where() + ": expected text, got " + describe(node));
            return Optional.empty();
        }
        return Optional.of(((ScalarNode) node).getValue());
    }

    /** A whole number from {@code min} to {@code max}; {@code what} says what it counts, for the message. */
    Optional<Integer> wholeNumber(int min, int max, String what) {
        String range = max == Integer.MAX_VALUE ? " of at least " + min : " from " + min + " to " + max;
        String expected = where() + ": expected a whole number" + range + " (" + what + ")";
        return number(Set.of(Tag.INT), expected, Long::parseLong).flatMap(value -> {
            if (value < min || value > max) {
                problem(expected + ", got " + value);
                return Optional.empty();
            }
            return Optional.of(value.intValue());
        });
    }

    /** A finite number of at least 0, like {@code 2} or {@code 0.5}. */
    Optional<Double> nonNegativeNumber(String what) {
        String expected = where() + ": expected a number of at least 0 (" + what + ")";
        return number(Set.of(Tag.INT, Tag.FLOAT), expected, Double::parseDouble).flatMap(value -> {
            if (!(value >= 0) || Double.isInfinite(value)) {
                problem(expected + ", got " + ((ScalarNode) node).getValue());
                return Optional.empty();
            }
            return Optional.of(value);
        });
    }

    /** A scalar with one of the tags, parsed ({@code 1_000} is a thousand, as in YAML 1.1); else the problem {@code expected}. */
    private <T> Optional<T> number(Set<Tag> tags, String expected, Function<String, T> parse) {
        if (node instanceof ScalarNode scalar && tags.contains(scalar.getTag())) {
            try {
                return Optional.of(parse.apply(scalar.getValue().replace("_", "")));
            } catch (NumberFormatException e) {
                // reported below, like any other value that is not a number
            }
        }
        problem(expected + ", got " + describe(node));
        return Optional.empty();
    }

    /** A duration like {@code 30s}, {@code 500ms}, {@code 1m30s}. */
    Optional<Duration> duration() {
        if (!isScalar()) {
            problem(where() + ": expected a duration like " + DurationText.EXAMPLES + ", got " + describe(node));
            return Optional.empty();
        }
        try {
            return Optional.of(DurationText.parse(((ScalarNode) node).getValue()));
        } catch (IllegalArgumentException e) {
            problem(where() + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /** A duration above zero; {@code why} says why zero makes no sense there. */
    Optional<Duration> positiveDuration(String why) {
        Optional<Duration> duration = duration();
        if (duration.isPresent() && duration.get().isZero()) {
            problem(where() + ": must be longer than 0 (" + why + ")");
            return Optional.empty();
        }
        return duration;
    }

    /** As {@link #positiveDuration}, and at most {@code max} ({@code whatMax} says why). */
    Optional<Duration> positiveDurationAtMost(Duration max, String why, String whatMax) {
        Optional<Duration> duration = positiveDuration(why);
        if (duration.isPresent() && duration.get().compareTo(max) > 0) {
            problem(where() + ": expected at most " + DurationText.format(max) + " (" + whatMax + "), got " + DurationText.format(duration.get()));
            return Optional.empty();
        }
        return duration;
    }

    /** {@code true} or {@code false}. */
    Optional<Boolean> bool() {
        if (!(node instanceof ScalarNode scalar) || !scalar.getTag().equals(Tag.BOOL)) {
            problem(where() + ": expected true or false, got " + describe(node));
            return Optional.empty();
        }
        // YAML 1.1 also reads yes/no and on/off as booleans
        return Optional.of(Set.of("true", "yes", "on", "y").contains(scalar.getValue().toLowerCase(Locale.ROOT)));
    }

    /**
     * One of two words: {@code yes} is true, {@code no} false; anything else is a problem saying what was
     * {@code expected} (both words, with what each means).
     */
    Optional<Boolean> either(String yes, String no, String expected) {
        return text().flatMap(word -> {
            if (word.equals(yes) || word.equals(no)) {
                return Optional.of(word.equals(yes));
            }
            problem(where() + ": expected " + expected + ", got '" + word + "'");
            return Optional.empty();
        });
    }

    /** The items of a list, each with its own path ({@code path[1]}, {@code path[2]}, ...: counted from 1 like lines). */
    Optional<List<YamlValue>> list() {
        if (!(node instanceof SequenceNode sequence)) {
            problem(where() + ": expected a list (lines starting with '- '), got " + describe(node));
            return Optional.empty();
        }
        var items = new ArrayList<YamlValue>();
        for (int i = 0; i < sequence.getValue().size(); i++) {
            items.add(new YamlValue(sequence.getValue().get(i), path + "[" + (i + 1) + "]", problems));
        }
        return Optional.of(items);
    }

    /** The value as a mapping with these keys allowed; an empty value is an empty mapping. */
    Optional<YamlMapping> mapping(List<String> knownKeys) {
        return YamlMapping.read(this, knownKeys);
    }

    /** How a node looks, for "expected X, got Y" messages. */
    static String describe(Node node) {
        return switch (node) {
            case MappingNode m -> "a mapping";
            case SequenceNode s -> "a list";
            case ScalarNode s when s.getTag().equals(Tag.NULL) -> "nothing";
            case ScalarNode s -> "'" + s.getValue() + "'";
            default -> node.getNodeId().name();
        };
    }
}
