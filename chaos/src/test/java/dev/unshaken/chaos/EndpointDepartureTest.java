package dev.unshaken.chaos;

import dev.unshaken.journal.FaultEvent;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** A pod delete journals when the pod's endpoint left the EndpointSlices of its Services. */
class EndpointDepartureTest {

    private static final String POD = "order-service-7f9c-x2";

    @Test
    void namesTheServicesWhoseSlicesListThePod() {
        var slices = List.of(
                slice("order-service-abc", "order-service", endpoint(POD, true, false), endpoint("order-service-7f9c-y7", true, false)),
                slice("order-metrics-def", "order-metrics", endpoint(POD, false, false)),
                slice("user-service-ghi", "user-service", endpoint("user-service-5d4b-q1", true, false)),
                new EndpointSliceBuilder().withNewMetadata().withName("custom").endMetadata().withAddressType("IPv4")
                        .addNewEndpoint().addToAddresses("10.42.0.9").withNewTargetRef().withKind("Pod").withName(POD).endTargetRef().endEndpoint()
                        .build());

        assertThat(EndpointDeparture.services(slices, POD)).containsExactly("custom", "order-metrics", "order-service");
        assertThat(EndpointDeparture.services(slices, "nobody")).isEmpty();
    }

    @Test
    void theEndpointIsReadySomewhereWhileOneSliceListsItReadyAndNotTerminating() {
        var ready = slice("a", "order-service", endpoint(POD, true, false));
        var terminating = slice("a", "order-service", endpoint(POD, false, true));
        var notReady = slice("b", "order-metrics", endpoint(POD, false, false));
        var removed = slice("a", "order-service", endpoint("order-service-7f9c-y7", true, false));

        assertThat(EndpointDeparture.readySomewhere(List.of(ready, notReady), POD)).isTrue();
        assertThat(EndpointDeparture.readySomewhere(List.of(terminating, notReady), POD)).isFalse();
        assertThat(EndpointDeparture.readySomewhere(List.of(removed), POD)).isFalse();
        assertThat(EndpointDeparture.readySomewhere(List.of(), POD)).isFalse();
    }

    @Test
    void anEndpointWithoutReadyConditionCountsAsReadyAsTheApiSays() {
        var unknown = new EndpointSliceBuilder().withNewMetadata().withName("a").endMetadata().withAddressType("IPv4")
                .addNewEndpoint().addToAddresses("10.42.0.7").withNewTargetRef().withKind("Pod").withName(POD).endTargetRef().endEndpoint()
                .build();
        var otherKind = new EndpointSliceBuilder().withNewMetadata().withName("b").endMetadata().withAddressType("IPv4")
                .addNewEndpoint().addToAddresses("10.42.0.8").withNewTargetRef().withKind("Node").withName(POD).endTargetRef().endEndpoint()
                .build();

        assertThat(EndpointDeparture.readySomewhere(List.of(unknown), POD)).isTrue();
        assertThat(EndpointDeparture.readySomewhere(List.of(otherKind), POD)).isFalse();
    }

    @Test
    void journalsTheMillisecondsFromTheDeleteOrWhyThereAreNone() {
        Set<String> services = Set.of("order-service");
        assertThat(EndpointDeparture.details(services, 1_000, 1_340, false)).isEqualTo(Map.of(
                FaultEvent.ENDPOINT_SERVICES, "order-service", FaultEvent.ENDPOINT_LEFT_AFTER_MS, "340"));
        assertThat(EndpointDeparture.details(services, 1_000, -1, false))
                .containsEntry(FaultEvent.ENDPOINT_LEFT, "unseen").doesNotContainKey(FaultEvent.ENDPOINT_LEFT_AFTER_MS);
        assertThat(EndpointDeparture.details(services, 1_000, 990, true))
                .containsEntry(FaultEvent.ENDPOINT_LEFT, "not-ready-before-delete");
        assertThat(EndpointDeparture.details(Set.of(), 1_000, -1, false))
                .isEqualTo(Map.of(FaultEvent.ENDPOINT_SERVICES, "none"));
        assertThat(EndpointDeparture.details(null, 1_000, -1, false)).isEqualTo(Map.of(
                FaultEvent.ENDPOINT_SERVICES, "unseen", FaultEvent.ENDPOINT_LEFT, "unseen"));
    }

    /** The watch, against fabric8's mock API server (CRUD mode); the clock is the test's, so the figures are exact. */
    @Nested
    class Watching {

        private final AtomicLong clock = new AtomicLong(1_000);

        @Test
        void notesWhenTheLastSliceStopsListingTheEndpointAsReady() {
            withServer(client -> {
                var slices = client.discovery().v1().endpointSlices().inNamespace("shop");
                slices.resource(slice("order-service-abc", "order-service", endpoint(POD, true, false))).create();
                slices.resource(slice("order-metrics-def", "order-metrics", endpoint(POD, true, false))).create();

                try (var departure = EndpointDeparture.watch(client, "shop", POD, clock::get)) {
                    departure.deleting();
                    clock.set(1_200);
                    slices.resource(slice("order-service-abc", "order-service", endpoint(POD, false, true))).update();
                    assertThat(departure.awaitLeft(Duration.ofMillis(500))).isFalse();
                    clock.set(1_450);
                    slices.resource(slice("order-metrics-def", "order-metrics")).update();

                    assertThat(departure.awaitLeft(Duration.ofSeconds(10))).isTrue();
                    assertThat(departure.details()).isEqualTo(Map.of(
                            FaultEvent.ENDPOINT_SERVICES, "order-metrics,order-service", FaultEvent.ENDPOINT_LEFT_AFTER_MS, "450"));
                }
            });
        }

        @Test
        void aPodInNoSliceHasNoServices() {
            withServer(client -> {
                client.discovery().v1().endpointSlices().inNamespace("shop")
                        .resource(slice("user-service-ghi", "user-service", endpoint("user-service-5d4b-q1", true, false))).create();

                try (var departure = EndpointDeparture.watch(client, "shop", POD, clock::get)) {
                    departure.deleting();
                    assertThat(departure.awaitLeft(Duration.ofSeconds(1))).isFalse();
                    assertThat(departure.details()).isEqualTo(Map.of(FaultEvent.ENDPOINT_SERVICES, "none"));
                }
            });
        }

        @Test
        void anEndpointNotReadyBeforeTheDeleteIsNotCreditedToIt() {
            withServer(client -> {
                client.discovery().v1().endpointSlices().inNamespace("shop")
                        .resource(slice("order-service-abc", "order-service", endpoint(POD, false, false))).create();

                try (var departure = EndpointDeparture.watch(client, "shop", POD, clock::get)) {
                    departure.deleting();
                    assertThat(departure.details())
                            .containsEntry(FaultEvent.ENDPOINT_SERVICES, "order-service")
                            .containsEntry(FaultEvent.ENDPOINT_LEFT, "not-ready-before-delete");
                    settle();
                }
            });
        }

        @Test
        void slicesThatCannotBeListedAreUnseenAndDoNotFailAnything() {
            var server = new KubernetesMockServer(false);
            server.init();
            try (KubernetesClient client = server.createClient(builder -> builder.editOrNewConfig()
                    .withRequestRetryBackoffLimit(0).endConfig());
                 var departure = EndpointDeparture.watch(client, "shop", POD, clock::get)) {
                departure.deleting();
                assertThat(departure.awaitLeft(Duration.ofSeconds(1))).isFalse();
                assertThat(departure.details()).isEqualTo(Map.of(
                        FaultEvent.ENDPOINT_SERVICES, "unseen", FaultEvent.ENDPOINT_LEFT, "unseen"));
            } finally {
                server.destroy();
            }
        }

        /**
         * Gives the mock server a moment to send its first watch frames: it blocks its event loop for 10 s when a
         * watch is closed while they are still queued (a quirk of the mock, not of a real API server).
         */
        private static void settle() {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void withServer(Consumer<KubernetesClient> test) {
            Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
            var server = new KubernetesMockServer(new Context(), new MockWebServer(), expectations,
                    new KubernetesMixedDispatcher(expectations), false);
            server.init();
            try (KubernetesClient client = server.createClient()) {
                test.accept(client);
            } finally {
                server.destroy();
            }
        }
    }

    private static EndpointSlice slice(String name, String service, Endpoint... endpoints) {
        return new EndpointSliceBuilder()
                .withNewMetadata().withName(name).withNamespace("shop").addToLabels(EndpointDeparture.SERVICE_NAME_LABEL, service).endMetadata()
                .withAddressType("IPv4").withEndpoints(endpoints).build();
    }

    private static Endpoint endpoint(String pod, boolean ready, boolean terminating) {
        return new EndpointBuilder()
                .addToAddresses("10.42.0." + Math.abs(pod.hashCode() % 250))
                .withNewConditions().withReady(ready).withServing(ready || terminating).withTerminating(terminating).endConditions()
                .withNewTargetRef().withKind("Pod").withName(pod).withNamespace("shop").endTargetRef()
                .build();
    }
}
