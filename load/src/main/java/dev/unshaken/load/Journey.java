package dev.unshaken.load;

import io.gatling.javaapi.core.ChainBuilder;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What one virtual user does, once: a Gatling chain plus the {@link Endpoint}s it calls. Every journey that
 * arrives is one new virtual user with its own connections, like a new visitor.
 *
 * <pre>{@code
 * Endpoint home = Endpoint.get("home", "/");
 * Journey browse = Journey.of("browse", () -> exec(home.request().check(status().is(200))), home);
 * }</pre>
 *
 * <p>The chain is a supplier because Gatling's DSL can only be used while Gatling loads the simulation.
 *
 * @param name      the Gatling scenario name; the journal's {@code scenario} field of each request
 * @param chain     builds the requests, checks and pauses (called once per run, by Gatling)
 * @param endpoints the endpoints the chain calls (requests of other names are journaled without method and route)
 */
public record Journey(String name, Supplier<ChainBuilder> chain, List<Endpoint> endpoints) {

    public Journey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(chain, "chain");
        endpoints = List.copyOf(endpoints);
        var names = new HashSet<String>();
        for (Endpoint endpoint : endpoints) {
            if (!names.add(endpoint.requestName())) {
                throw new IllegalArgumentException("journey " + name + " has two endpoints named '" + endpoint.requestName()
                        + "'; request names must be unique so the journal can tell their routes apart");
            }
        }
    }

    /** A journey of the chain calling these endpoints. */
    public static Journey of(String name, Supplier<ChainBuilder> chain, Endpoint... endpoints) {
        return new Journey(name, chain, List.of(endpoints));
    }

    /** The endpoint of a request name, if declared. */
    public Optional<Endpoint> endpoint(String requestName) {
        return endpoints.stream().filter(e -> e.requestName().equals(requestName)).findFirst();
    }
}
