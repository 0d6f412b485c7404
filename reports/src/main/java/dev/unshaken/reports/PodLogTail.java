package dev.unshaken.reports;

import java.util.List;
import java.util.Objects;

/**
 * The last lines a container logged, for a pod that failed, restarted or was killed during the scenario.
 *
 * @param namespace the pod's namespace
 * @param pod       the pod's name
 * @param container the container's name
 * @param reason    why these lines are worth reading, e.g. {@code killed by fault f1}, {@code restarted 2 times}
 * @param lines     the last lines, oldest first
 */
public record PodLogTail(String namespace, String pod, String container, String reason, List<String> lines) {

    public PodLogTail {
        Objects.requireNonNull(pod, "pod");
        lines = lines == null ? List.of() : List.copyOf(lines);
    }

    PodLogTail redacted(Redactor redactor) {
        return new PodLogTail(redactor.redact(namespace), redactor.redact(pod), redactor.redact(container),
                redactor.redact(reason), redactor.redact(lines));
    }
}
