package dev.unshaken.suites.report;

import dev.unshaken.fixtures.stack.StackManifests;
import dev.unshaken.journal.Journal;
import dev.unshaken.journal.Observation;
import dev.unshaken.journal.Progress;
import dev.unshaken.reports.PodLogTail;
import dev.unshaken.reports.ScenarioReport;
import dev.unshaken.reports.TroubledPod;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the report needs from the cluster right after a scenario, while its pods and Secrets still exist: the last
 * log lines of its troubled pods, and the Secret values the report must not show. Lookups that fail (the pod is
 * gone, the namespace was deleted) are skipped: the report then lists the pod without logs.
 */
public final class ClusterEvidence {

    /** Log lines kept per container. */
    static final int TAIL_LINES = 40;
    /** Pods whose logs are fetched per scenario, at most. */
    static final int MAX_PODS = 12;

    private ClusterEvidence() {
    }

    /**
     * What the report of a scenario needs from the cluster while its namespaces and pods still exist (before the
     * teardown): the last log lines of its troubled pods (killed, deleted, evicted, restarted, failed), and the Secret
     * values of its namespaces, added to {@code secrets} to be redacted. Without a client, or when the cluster does not
     * answer, the scenario is reported without logs.
     *
     * @param testClass the test class whose failsafe XML the report links to, or null
     * @param wallMs    the scenario's wall time, set-up and teardown included
     */
    public static ScenarioRun gather(Journal journal, KubernetesClient client, String testClass, long wallMs, Set<String> secrets) {
        List<PodLogTail> logs = List.of();
        if (client != null) {
            try {
                ScenarioReport sofar = ScenarioReport.builder(journal).build();
                List<TroubledPod> troubled = sofar.troubledPods();
                if (!troubled.isEmpty()) {
                    Progress.untimed().step("report", "fetching the logs of %d troubled pods of %s", troubled.size(), journal.scenario());
                }
                logs = podLogs(client, troubled);
                Set<String> namespaces = new LinkedHashSet<>();
                sofar.observations().stream().map(Observation::namespace).filter(Objects::nonNull).forEach(namespaces::add);
                secrets.addAll(secretValues(client, namespaces));
            } catch (RuntimeException e) {
                Progress.untimed().problem("report", "no pod logs for %s: %s", journal.scenario(), e.getMessage());
            }
        }
        return new ScenarioRun(journal.scenario(), journal.file(), testClass, logs, wallMs);
    }

    /**
     * The last lines of every container of the troubled pods that still exist; for a container that restarted, the
     * last lines of its previous run first (that is where it crashed).
     */
    static List<PodLogTail> podLogs(KubernetesClient client, List<TroubledPod> troubled) {
        List<PodLogTail> tails = new ArrayList<>();
        for (TroubledPod pod : troubled.stream().filter(p -> p.namespace() != null).limit(MAX_PODS).toList()) {
            try {
                Pod live = client.pods().inNamespace(pod.namespace()).withName(pod.name()).get();
                if (live == null || live.getStatus() == null || live.getStatus().getContainerStatuses() == null) {
                    continue;
                }
                for (ContainerStatus container : live.getStatus().getContainerStatuses()) {
                    List<String> lines = new ArrayList<>();
                    var logs = client.pods().inNamespace(pod.namespace()).withName(pod.name()).inContainer(container.getName());
                    if (container.getRestartCount() != null && container.getRestartCount() > 0) {
                        lines.add("--- previous run of the container (before its last restart) ---");
                        lines.addAll(lines(logs.terminated().tailingLines(TAIL_LINES).getLog()));
                        lines.add("--- current run ---");
                    }
                    lines.addAll(lines(logs.tailingLines(TAIL_LINES).getLog()));
                    tails.add(new PodLogTail(pod.namespace(), pod.name(), container.getName(), pod.reason(), lines));
                }
            } catch (KubernetesClientException e) {
                // gone meanwhile, or its node is down: the report lists it without logs
            }
        }
        return tails;
    }

    /**
     * Keys whose values are secret. Other keys of a Secret (a user name, a database name like {@code shop}) are not
     * redacted: they are not secret, and short common words would be masked all over the report (the namespace
     * {@code shop} too). A URL with a password in it still loses the password, as that is redacted wherever it is.
     */
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(password|passwd|secret|token|key|credential|auth).*");

    /** The secret values of every Secret in these namespaces (decoded), to be redacted from the report. */
    static Set<String> secretValues(KubernetesClient client, Collection<String> namespaces) {
        Set<String> values = new LinkedHashSet<>();
        for (String namespace : namespaces) {
            try {
                client.secrets().inNamespace(namespace).list().getItems().forEach(secret -> values.addAll(valuesOf(secret)));
            } catch (KubernetesClientException e) {
                // the namespace is gone: its Secrets cannot leak into logs fetched now
            }
        }
        return values;
    }

    /** The secret values of the reference stack's Secrets, as its manifests define them. */
    static Set<String> stackSecretValues() {
        Set<String> values = new LinkedHashSet<>();
        try {
            StackManifests.load().stream().filter(o -> o instanceof Secret).forEach(o -> values.addAll(valuesOf((Secret) o)));
        } catch (RuntimeException e) {
            Progress.untimed().problem("report", "the stack's Secrets could not be read (%s); only secret-looking text is redacted",
                    e.getMessage());
        }
        return values;
    }

    static Set<String> valuesOf(Secret secret) {
        Set<String> values = new LinkedHashSet<>();
        addAll(values, secret.getStringData(), false);
        addAll(values, secret.getData(), true);
        return values;
    }

    private static void addAll(Set<String> values, Map<String, String> data, boolean base64) {
        if (data == null) {
            return;
        }
        for (var entry : data.entrySet()) {
            String value = entry.getValue();
            if (value == null || value.isEmpty() || !SECRET_KEY.matcher(entry.getKey()).matches()) {
                continue;
            }
            if (!base64) {
                values.add(value);
                continue;
            }
            try {
                values.add(new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException notBase64) {
                values.add(value);
            }
        }
    }

    private static List<String> lines(String log) {
        return log == null || log.isEmpty() ? List.of() : List.of(log.split("\\R"));
    }
}
