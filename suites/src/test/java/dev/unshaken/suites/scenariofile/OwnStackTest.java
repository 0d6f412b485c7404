package dev.unshaken.suites.scenariofile;

import com.sun.net.httpserver.HttpServer;
import dev.unshaken.fixtures.cluster.Cluster;
import dev.unshaken.fixtures.cluster.ObjectLabels;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A scenario's own stack goes only into a namespace the run creates, labelled as the run's: one that was there before
 * is someone's, and nothing is applied to it. Against a stub API server on localhost that records every request.
 */
class OwnStackTest {

    private static final KubernetesSerialization JSON = new KubernetesSerialization();
    private static final StackSpec.OwnManifests SPEC = new StackSpec.OwnManifests(
            Path.of("src/test/resources/scenario-files/own-stack-without-namespace"), List.of(), "payments", 30082, "/");

    private final Stub cluster = new Stub();

    @AfterEach
    void close() {
        cluster.close();
    }

    @Test
    void aNamespaceThatExistedBeforeTheRunIsRefusedBeforeAnythingIsApplied() {
        cluster.answers.put("GET /api/v1/namespaces/payments", JSON.asJson(new NamespaceBuilder()
                .withNewMetadata().withName("payments").addToLabels("team", "payments").endMetadata().build()));

        assertThatThrownBy(() -> OwnStack.deploy(cluster, SPEC))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("namespace payments already exists in " + cluster.client().getMasterUrl() + " and was not created"
                        + " by this run (no label dev.unshaken.run=" + ObjectLabels.runId() + ")")
                .hasMessageContaining("Nothing was applied. Set stack.namespace");
        assertThat(cluster.requests).containsExactly("GET /api/v1/namespaces/payments");
    }

    @Test
    void theNamespaceTheRunCreatesCarriesItsLabels() {
        // The stub answers nothing else, so the apply that follows fails: only the namespace's creation matters here.
        assertThatThrownBy(() -> OwnStack.deploy(cluster, SPEC));

        assertThat(cluster.requests).startsWith("GET /api/v1/namespaces/payments", "POST /api/v1/namespaces");
        Namespace created = JSON.unmarshal(cluster.bodies.get("POST /api/v1/namespaces"), Namespace.class);
        assertThat(created.getMetadata().getName()).isEqualTo("payments");
        assertThat(ObjectLabels.isThisRuns(created)).as("labels %s", created.getMetadata().getLabels()).isTrue();
    }

    /** An API server of canned answers (404 otherwise; a POST is answered with what was posted) and a cluster on it. */
    private static final class Stub implements Cluster {
        final Map<String, String> answers = new ConcurrentHashMap<>();
        final Map<String, String> bodies = new ConcurrentHashMap<>();
        final List<String> requests = new CopyOnWriteArrayList<>();
        private final HttpServer server;
        private final KubernetesClient client;

        Stub() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            server.createContext("/", exchange -> {
                String request = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
                requests.add(request);
                String posted = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                bodies.put(request, posted);
                String body = exchange.getRequestMethod().equals("POST") ? posted : answers.get(request);
                int status = exchange.getRequestMethod().equals("POST") ? 201 : body == null ? 404 : 200;
                byte[] bytes = (body == null ? "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":404}" : body)
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, bytes.length);
                exchange.getResponseBody().write(bytes);
                exchange.close();
            });
            server.start();
            client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty())
                    .withMasterUrl("http://127.0.0.1:" + server.getAddress().getPort()).withRequestRetryBackoffLimit(0).build()).build();
        }

        @Override
        public KubernetesClient client() {
            return client;
        }

        @Override
        public String kubeconfig() {
            throw new UnsupportedOperationException();
        }

        @Override
        public String server() {
            return client.getMasterUrl().toString();
        }

        @Override
        public List<String> nodeNames() {
            return List.of();
        }

        @Override
        public void loadImage(String dockerImage) {
        }

        @Override
        public URI nodePortUrl(int nodePort) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
            client.close();
            server.stop(0);
        }
    }
}
