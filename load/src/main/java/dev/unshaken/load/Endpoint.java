package dev.unshaken.load;

import io.gatling.javaapi.http.HttpRequestActionBuilder;

import java.util.Objects;

import static io.gatling.javaapi.http.HttpDsl.http;

/**
 * One request of a journey, named, with the method and route it calls, so the journal can say which route
 * failed. {@link #request()} is the Gatling request to go on with:
 *
 * <pre>{@code
 * static final Endpoint LOGIN = Endpoint.post("login", "/api/v1/users/login");
 * ... exec(LOGIN.request().body(StringBody("...")).asJson().check(status().is(200))) ...
 * }</pre>
 *
 * @param requestName the request's name in Gatling and in the journal, unique within its journey
 * @param method      the HTTP method
 * @param route       the path, possibly with Gatling EL ({@code /api/v1/orders/#{orderId}}); the journal keeps it as the route template
 */
public record Endpoint(String requestName, String method, String route) {

    public Endpoint {
        Objects.requireNonNull(requestName, "requestName");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(route, "route");
    }

    /** A GET endpoint. */
    public static Endpoint get(String requestName, String route) {
        return new Endpoint(requestName, "GET", route);
    }

    /** A POST endpoint. */
    public static Endpoint post(String requestName, String route) {
        return new Endpoint(requestName, "POST", route);
    }

    /**
     * The Gatling request for this endpoint, to add headers, a body and checks to. Its response transformer hands the
     * upstream the response names (the gateway's {@code X-Unshaken-Upstream}, or a service's {@code X-Unshaken-Pod})
     * to the journal; a journey that sets its own {@code transformResponse} replaces it and loses that.
     */
    public HttpRequestActionBuilder request() {
        return http(requestName).httpRequest(method, route).transformResponse(Upstreams.recorder(requestName));
    }
}
