package dev.unshaken.chaos;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.HttpResponse;

import java.time.Duration;
import java.util.stream.Collectors;

/**
 * One call of the Eviction API and its answer. Posted directly (fabric8's {@code evict()} answers only
 * true/false), because a refusal's message names the budget that refused it, which is the evidence a drain
 * verdict shows. Post with a client made by {@link #clientWithoutRetries}: fabric8 retries a 429 by itself
 * (with backoff, for up to minutes), which would hide every refusal inside one slow call.
 *
 * @param code    the HTTP status: 201 evicted, 429 refused by a PodDisruptionBudget, 404 already gone, 500 e.g. several budgets match
 * @param message the API server's message, empty when none
 */
record Eviction(int code, String message) {

    /** A client like {@code client} that hands 429 and 5xx answers back at once instead of retrying them. */
    static KubernetesClient clientWithoutRetries(KubernetesClient client) {
        return new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder(client.getConfiguration()).withRequestRetryBackoffLimit(0).build())
                .build();
    }

    static Eviction post(KubernetesClient client, String namespace, String pod) {
        String body = """
                {"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"%s","namespace":"%s"}}""".formatted(pod, namespace);
        HttpResponse<String> response = RawApiCall.send(client, "/api/v1/namespaces/" + namespace + "/pods/" + pod + "/eviction",
                request -> request.post("application/json", body), Duration.ofSeconds(30), "the eviction of pod " + namespace + "/" + pod);
        return new Eviction(response.code(), messageOf(client, response.body()));
    }

    /**
     * The API server's message, with its causes: for a 429 the cause names the budget and its numbers ("The disruption
     * budget user-service needs 2 healthy pods and has 2 currently"), which the message alone does not.
     */
    static String messageOf(KubernetesClient client, String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            Status status = client.getKubernetesSerialization().unmarshal(body, Status.class);
            String message = status.getMessage() == null ? "" : status.getMessage();
            if (status.getDetails() != null && status.getDetails().getCauses() != null) {
                String causes = status.getDetails().getCauses().stream()
                        .map(StatusCause::getMessage).filter(m -> m != null && !m.isBlank() && !message.contains(m))
                        .collect(Collectors.joining("; "));
                return causes.isEmpty() ? message : message + " (" + causes + ")";
            }
            return message;
        } catch (RuntimeException notAStatus) {
            return body.length() > 300 ? body.substring(0, 300) : body;
        }
    }

    boolean evicted() {
        return code == 201 || code == 200;
    }

    boolean refusedByBudget() {
        return code == 429;
    }

    boolean alreadyGone() {
        return code == 404;
    }
}
