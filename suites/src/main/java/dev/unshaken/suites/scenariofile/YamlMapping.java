package dev.unshaken.suites.scenariofile;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A YAML mapping of a scenario file whose keys were checked against the schema when it was read: unknown keys
 * (with the nearest known one as a hint) and keys given twice are reported then, so accessors only see known keys.
 */
final class YamlMapping {

    private final YamlValue self;
    private final Map<String, Node> keys = new LinkedHashMap<>();
    private final Map<String, YamlValue> values = new LinkedHashMap<>();

    private YamlMapping(YamlValue self) {
        this.self = self;
    }

    static Optional<YamlMapping> read(YamlValue value, List<String> knownKeys) {
        var mapping = new YamlMapping(value);
        if (value.isNull()) {
            return Optional.of(mapping);
        }
        if (!(value.node() instanceof MappingNode node)) {
            value.problem(value.where() + ": expected a mapping (key: value), got " + YamlValue.describe(value.node())
                    + "; keys here: " + String.join(", ", knownKeys));
            return Optional.empty();
        }
        for (NodeTuple entry : node.getValue()) {
            Node keyNode = entry.getKeyNode();
            if (!(keyNode instanceof ScalarNode scalar)) {
                value.problems().add(keyNode, value.where() + ": expected a key name, got " + YamlValue.describe(keyNode));
                continue;
            }
            String key = scalar.getValue();
            if (mapping.keys.containsKey(key)) {
                value.problems().add(keyNode, value.where() + ": key '" + key + "' appears twice (first on line "
                        + (mapping.keys.get(key).getStartMark().getLine() + 1) + ")");
                continue;
            }
            if (!knownKeys.contains(key)) {
                value.problems().add(keyNode, "unknown key '" + key + "' in " + value.where() + NearestName.hint(key, knownKeys)
                        + " (keys here: " + String.join(", ", knownKeys) + ")");
                continue;
            }
            mapping.keys.put(key, keyNode);
            mapping.values.put(key, new YamlValue(entry.getValueNode(), childPath(value.path(), key), value.problems()));
        }
        return Optional.of(mapping);
    }

    private static String childPath(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    /** The mapping itself, for problems about it as a whole (like a missing key). */
    YamlValue self() {
        return self;
    }

    boolean has(String key) {
        return values.containsKey(key);
    }

    /** The value of a key, if given. */
    Optional<YamlValue> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** The value of a key, or a problem saying it is missing and what it holds. */
    Optional<YamlValue> require(String key, String holds) {
        if (!values.containsKey(key)) {
            missing(key, holds);
        }
        return get(key);
    }

    /** The key's value converted; {@code fallback} when the key is absent; empty when the value is invalid (reported). */
    <T> Optional<T> getOr(String key, T fallback, Function<YamlValue, Optional<T>> convert) {
        return get(key).map(convert).orElse(Optional.of(fallback));
    }

    /** Whether every converted value is there: a value missing was reported when it was converted. */
    static boolean allPresent(Optional<?>... values) {
        for (Optional<?> value : values) {
            if (value.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    void missing(String key, String holds) {
        self.problem(self.where() + ": missing '" + key + "' (" + holds + ")");
    }

    /** The keys given, in file order. */
    List<String> keys() {
        return List.copyOf(values.keySet());
    }

    /** The key node of a given key, for problems about the key itself. */
    Node keyNode(String key) {
        return keys.get(key);
    }
}
