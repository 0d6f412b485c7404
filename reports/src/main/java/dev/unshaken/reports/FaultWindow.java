package dev.unshaken.reports;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A fault as the report shows it: a shaded band on the timeline (a journal {@code fault} line, in its final state).
 *
 * @param id      unique within the scenario, e.g. {@code f1}
 * @param kind    what it did, e.g. {@code POD_KILL}, {@code NODE_DRAIN}
 * @param target  what it hit, e.g. {@code shop/pod/user-7f9c}, {@code node/agent-1}
 * @param startMs when it began, epoch ms
 * @param endMs   when it was over, epoch ms; {@code null} if the journal never saw it end
 * @param details anything else the fault recorded, sorted by key
 */
public record FaultWindow(String id, String kind, String target, long startMs, Long endMs, Map<String, String> details) {

    public FaultWindow {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        details = details == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(details));
    }

    /** The end, or {@code fallbackMs} for a fault the journal never saw end. */
    public long endOr(long fallbackMs) {
        return endMs == null ? fallbackMs : endMs;
    }

    /** The pod it hit ({@code namespace/pod/name} targets), as {@code namespace/name}, or {@code null}. */
    String podTarget() {
        if (target == null) {
            return null;
        }
        String[] parts = target.split("/");
        return parts.length == 3 && parts[1].equals("pod") ? parts[0] + "/" + parts[2] : null;
    }

    FaultWindow redacted(Redactor redactor) {
        return new FaultWindow(redactor.redact(id), kind, redactor.redact(target), startMs, endMs, redactor.redact(details));
    }
}
