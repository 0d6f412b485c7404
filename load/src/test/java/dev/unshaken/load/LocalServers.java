package dev.unshaken.load;

import com.sun.net.httpserver.HttpServer;


import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Servers on localhost that misbehave in the ways a pod does during a fault: answer, answer 503, refuse,
 * reset, or hang.
 */
final class LocalServers implements AutoCloseable {

    private final HttpServer http;
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final ServerSocket resetting;
    private final ServerSocket hanging;
    private final int closedPort;
    private final List<Socket> held = new CopyOnWriteArrayList<>();

    LocalServers() throws IOException {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/ok", exchange -> {
            // As the reference gateway says which upstreams it tried: the first refused, the second answered.
            exchange.getResponseHeaders().set("X-Unshaken-Upstream", GATEWAY_UPSTREAMS);
            answer(exchange, 200);
        });
        http.createContext("/broken", exchange -> {
            exchange.getResponseHeaders().set("X-Unshaken-Pod", BROKEN_POD);
            answer(exchange, 503);
        });
        http.createContext("/missing", exchange -> answer(exchange, 404));
        http.createContext("/slow", exchange -> {
            try {
                Thread.sleep(SLOW_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(exchange, 200);
        });
        // One thread per exchange, so a slow answer does not hold up the others.
        http.setExecutor(handlers);
        http.start();
        resetting = serve(socket -> {
            readRequestHead(socket);
            socket.setSoLinger(true, 0); // close with RST instead of FIN
            socket.close();
        });
        hanging = serve(socket -> {
            readRequestHead(socket);
            held.add(socket); // never answered, closed with the servers
        });
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
    }

    /** What {@code /ok} answers in {@code X-Unshaken-Upstream}. */
    static final String GATEWAY_UPSTREAMS = "10.42.1.7:8082, 10.42.2.9:8082";
    /** What {@code /broken} answers in {@code X-Unshaken-Pod}. */
    static final String BROKEN_POD = "order-service-5d8c7-abcde";

    /** How long {@code /slow} takes to answer 200. */
    static final long SLOW_MS = 1_500;

    String okUrl() {
        return "http://127.0.0.1:" + http.getAddress().getPort() + "/ok";
    }

    String brokenUrl() {
        return "http://127.0.0.1:" + http.getAddress().getPort() + "/broken";
    }

    String missingUrl() {
        return "http://127.0.0.1:" + http.getAddress().getPort() + "/missing";
    }

    String baseUrl() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    String refusingUrl() {
        return "http://127.0.0.1:" + closedPort + "/nothing-listens";
    }

    String resettingUrl() {
        return "http://127.0.0.1:" + resetting.getLocalPort() + "/reset";
    }

    String hangingUrl() {
        return "http://127.0.0.1:" + hanging.getLocalPort() + "/hang";
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status) throws IOException {
        byte[] body = ("{\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private interface SocketHandler {
        void handle(Socket socket) throws IOException;
    }

    private ServerSocket serve(SocketHandler handler) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    Thread.ofVirtual().start(() -> {
                        try {
                            handler.handle(socket);
                        } catch (IOException ignored) {
                            // the client went away
                        }
                    });
                } catch (IOException closed) {
                    return;
                }
            }
        });
        return server;
    }

    /** Reads until the blank line ending the request head, so the client has sent its request. */
    private static void readRequestHead(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        int b;
        while (matched < 4 && (b = in.read()) >= 0) {
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }

    @Override
    public void close() throws IOException {
        http.stop(0);
        handlers.shutdownNow();
        resetting.close();
        hanging.close();
        for (Socket socket : held) {
            socket.close();
        }
    }
}
