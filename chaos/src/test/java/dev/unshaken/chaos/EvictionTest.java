package dev.unshaken.chaos;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EvictionTest {

    private final KubernetesClient client = new KubernetesClientBuilder().build();

    @Test
    void aRefusalKeepsTheCauseThatNamesTheBudget() {
        String body = """
                {"kind":"Status","apiVersion":"v1","status":"Failure","code":429,"reason":"TooManyRequests",
                 "message":"Cannot evict pod as it would violate the pod's disruption budget.",
                 "details":{"causes":[{"reason":"DisruptionBudget",
                   "message":"The disruption budget user-service needs 2 healthy pods and has 2 currently"}]}}""";

        assertThat(Eviction.messageOf(client, body)).isEqualTo("Cannot evict pod as it would violate the pod's disruption budget."
                + " (The disruption budget user-service needs 2 healthy pods and has 2 currently)");
    }

    @Test
    void aStatusWithoutCausesIsItsMessageAndAnythingElseIsItsStart() {
        assertThat(Eviction.messageOf(client, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"message\":\"pods \\\"web-a\\\" not found\"}"))
                .isEqualTo("pods \"web-a\" not found");
        assertThat(Eviction.messageOf(client, "x".repeat(400))).hasSize(300);
        assertThat(Eviction.messageOf(client, " ")).isEmpty();
    }
}
