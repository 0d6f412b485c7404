package dev.unshaken.chaos;

import com.sun.net.httpserver.HttpServer;
import dev.unshaken.fixtures.cluster.Cluster;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Kubernetes API server of canned answers on localhost, for tests that must show what a fault asks the cluster and,
 * above all, what it does not: every request is recorded as {@code METHOD path}, and anything not answered is 404.
 * No cluster, no mock-server dependency: the JDK's HttpServer and a real fabric8 client.
 */
final class ApiStub implements Cluster {

    private final HttpServer server;
    private final Map<String, String> answers = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final KubernetesClient client;

    ApiStub() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String request = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
            requests.add(request);
            String body = answers.get(request);
            int status = body == null ? 404 : 200;
            if (body == null) {
                body = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"NotFound\",\"code\":404}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl("http://127.0.0.1:" + server.getAddress().getPort())
                .withRequestRetryBackoffLimit(0)
                .build();
        client = new KubernetesClientBuilder().withConfig(config).build();
    }

    /** Answers {@code GET path} with the JSON. */
    ApiStub answer(String path, String json) {
        answers.put("GET " + path, json);
        return this;
    }

    /** Every request so far, as {@code METHOD path}. */
    List<String> requests() {
        return List.copyOf(requests);
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
        return client.nodes().list().getItems().stream().map(n -> n.getMetadata().getName()).toList();
    }

    @Override
    public void loadImage(String dockerImage) {
        throw new UnsupportedOperationException();
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
