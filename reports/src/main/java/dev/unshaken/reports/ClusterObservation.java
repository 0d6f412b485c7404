package dev.unshaken.reports;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A state a watcher saw the cluster in (a journal {@code observation} line).
 *
 * @param atMs      when, epoch ms
 * @param kind      {@code POD}, {@code ENDPOINT_SLICE}, {@code DEPLOYMENT}, {@code HPA}, {@code PDB}, {@code NODE},
 *                  {@code EVENT}, or {@code WATCH} for a watcher's own health (kept as text so new kinds read fine)
 * @param namespace its namespace, {@code null} for cluster-scoped objects
 * @param name      its name
 * @param fields    the watched fields, e.g. {@code ready=2} for a Deployment, {@code reason}/{@code message} for an Event
 */
public record ClusterObservation(long atMs, String kind, String namespace, String name, Map<String, String> fields) {

    public ClusterObservation {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        fields = fields == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(fields));
    }

    /** One field, or {@code null}. */
    public String field(String key) {
        return fields.get(key);
    }

    /** One integer field, or {@code null} when absent or not a number. */
    public Integer intField(String key) {
        String value = fields.get(key);
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** {@code namespace/name}, or {@code name} for cluster-scoped objects. */
    public String qualifiedName() {
        return namespace == null ? name : namespace + "/" + name;
    }

    /** Whether this records the object's removal. */
    public boolean deleted() {
        return "true".equals(fields.get("deleted"));
    }

    ClusterObservation redacted(Redactor redactor) {
        return new ClusterObservation(atMs, kind, redactor.redact(namespace), redactor.redact(name), redactor.redact(fields));
    }
}
