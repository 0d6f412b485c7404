package dev.unshaken.chaos;

import dev.unshaken.fixtures.cluster.ApiStub;
import dev.unshaken.journal.Journal;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DestinationTest {

    /** A Service whose targetPorts are names, as the shop's are, and one EndpointSlice with two ports. */
    private static ApiStub postgres() {
        return new ApiStub()
                .answer("/api/v1/namespaces/shop/services/postgres", """
                        {"apiVersion":"v1","kind":"Service","metadata":{"name":"postgres","namespace":"shop"},
                         "spec":{"clusterIP":"10.43.5.5","ports":[
                           {"name":"postgres","port":5432,"protocol":"TCP","targetPort":"postgres"},
                           {"name":"metrics","port":9187,"protocol":"TCP","targetPort":"metrics"}]}}""")
                .answer("/apis/discovery.k8s.io/v1/namespaces/shop/endpointslices", """
                        {"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSliceList","metadata":{},"items":[
                          {"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice","metadata":{"name":"postgres-x","namespace":"shop",
                            "labels":{"kubernetes.io/service-name":"postgres"}},"addressType":"IPv4",
                           "endpoints":[{"addresses":["10.42.0.7"]}],
                           "ports":[{"name":"postgres","port":5432,"protocol":"TCP"},{"name":"metrics","port":9187,"protocol":"TCP"}]}]}""");
    }

    @Test
    void aServicePortMatchesItsClusterIpAndThePodsBehindItsNamedTargetPort() {
        try (var cluster = postgres()) {
            var context = new FaultContext(cluster, Journal.inMemory("destination"), 1, Set.of("shop"));

            assertThat(Destination.service("shop", "postgres", 5432).resolve(context)).containsExactly(
                    new Destination.Match("10.43.5.5", "tcp", 5432), new Destination.Match("10.42.0.7", "tcp", 5432));
            assertThat(Destination.service("shop", "postgres").resolve(context)).hasSize(4);
        }
    }

    @Test
    void aPortTheServiceDoesNotHaveFailsTheFaultNamingThePorts() {
        try (var cluster = postgres()) {
            var context = new FaultContext(cluster, Journal.inMemory("destination"), 1, Set.of("shop"));

            assertThatThrownBy(() -> Destination.service("shop", "postgres", 6379).resolve(context))
                    .isInstanceOf(FaultFailedException.class)
                    .hasMessageContaining("Service shop/postgres has no port 6379 (ports: [5432, 9187])");
        }
    }

    @Test
    void theProbeGoesOnlyToDestinationsInTheRunsNamespaces() {
        try (var cluster = postgres()) {
            var ours = new FaultContext(cluster, Journal.inMemory("destination"), 1, Set.of("shop"));
            var notOurs = new FaultContext(cluster, Journal.inMemory("destination"), 1, Set.of("other"));
            var destination = Destination.service("shop", "postgres", 5432);

            assertThat(destination.probe(destination.resolve(ours), ours)).contains(new Destination.Match("10.43.5.5", "tcp", 5432));
            assertThat(destination.probe(destination.resolve(notOurs), notOurs)).isEmpty();
            assertThat(Destination.clusterDns().probe(List.of(new Destination.Match("10.43.0.10", "tcp", 53)), ours)).isEmpty();
        }
    }
}
