package dev.unshaken.load;

import dev.unshaken.journal.ServedRequest;
import io.gatling.http.response.Response;
import io.gatling.javaapi.core.Session;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * Hands the upstream a response named ({@link ServedRequest#GATEWAY_HEADER}, else {@link ServedRequest#POD_HEADER})
 * from Gatling's response to the journal's request outcome. Gatling's stats engine sees a response's name, times
 * and status but not its headers; a response transformer (which sees headers and returns the response unchanged)
 * puts the header here under the name and times the stats engine then logs the response with, and the engine takes it.
 * Written by hand because Gatling offers no other way from a response header to its stats engine.
 */
final class Upstreams {

    /** A bound on entries never taken (a response whose logged name differs, e.g. after a redirect): cleared past it. */
    private static final int MOST_PENDING = 50_000;
    private static final Map<Key, String> PENDING = new ConcurrentHashMap<>();

    private record Key(String requestName, long startMs, long endMs) {
    }

    private Upstreams() {
    }

    /** The response transformer of the request {@code requestName}: remembers the upstream its response names. */
    static BiFunction<Response, Session, Response> recorder(String requestName) {
        return (response, session) -> {
            String upstream = named(response.headers().get(ServedRequest.GATEWAY_HEADER), response.headers().get(ServedRequest.POD_HEADER));
            if (upstream != null) {
                if (PENDING.size() >= MOST_PENDING) {
                    PENDING.clear();
                }
                PENDING.put(new Key(requestName, response.startTimestamp(), response.endTimestamp()), upstream);
            }
            return response;
        };
    }

    /** The gateway's list of upstreams if it sent one, else the pod a service named, else {@code null}. */
    static String named(String gateway, String pod) {
        if (gateway != null && !gateway.isBlank()) {
            return gateway.strip();
        }
        return pod == null || pod.isBlank() ? null : pod.strip();
    }

    /** The upstream remembered for the response logged with this name and these times, removed; {@code null} if none. */
    static String take(String requestName, long startMs, long endMs) {
        return PENDING.remove(new Key(requestName, startMs, endMs));
    }
}
