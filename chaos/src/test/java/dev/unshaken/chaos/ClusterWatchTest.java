package dev.unshaken.chaos;

import dev.unshaken.journal.Journal;
import dev.unshaken.journal.Observation;
import dev.unshaken.journal.ObservationKind;
import dev.unshaken.journal.WatchState;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** {@link ClusterWatch} against fabric8's mock API server (CRUD mode): what it journals about its own watchers. */
class ClusterWatchTest {

    private final Journal journal = Journal.inMemory("cluster-watch");
    private KubernetesMockServer server;
    private KubernetesClient client;

    @BeforeEach
    void startApiServer() {
        server = crudServer();
        server.init();
        // Reconnect quickly, so a test waits for fabric8's retries in tenths of a second, not seconds.
        client = server.createClient(builder -> builder.editOrNewConfig()
                .withWatchReconnectInterval(100).withRequestRetryBackoffLimit(0).endConfig());
    }

    @AfterEach
    void stopApiServer() {
        client.close();
        server.destroy();
    }

    @Test
    void eachWatcherJournalsConnectedOnceItHasListedAndClosedWhenStopped() {
        client.apps().deployments().inNamespace("shop").resource(new DeploymentBuilder()
                .withNewMetadata().withName("web").withNamespace("shop").endMetadata()
                .withNewSpec().withReplicas(2).withNewTemplate().withNewSpec().addNewContainer().withName("web").withImage("web:1")
                .endContainer().endSpec().endTemplate().endSpec().build()).create();

        try (var watch = ClusterWatch.start(client, journal, Duration.ofMillis(300))) {
            watch.watchNamespace("shop");

            assertThat(watchStates(WatchState.CONNECTED)).containsExactlyInAnyOrder(
                    tuple(null, "NODE"), tuple("shop", "POD"), tuple("shop", "ENDPOINT_SLICE"), tuple("shop", "DEPLOYMENT"),
                    tuple("shop", "HPA"), tuple("shop", "PDB"), tuple("shop", "EVENT"));
            Observation deploymentConnected = watchOf(WatchState.CONNECTED, "DEPLOYMENT");
            assertThat(journal.observations()).filteredOn(o -> o.kind() == ObservationKind.DEPLOYMENT)
                    .singleElement().satisfies(o -> {
                        assertThat(o.name()).isEqualTo("web");
                        assertThat(o.atMs()).isLessThanOrEqualTo(deploymentConnected.atMs());
                    });
        }

        assertThat(watchStates(WatchState.CLOSED)).hasSize(7);
        assertThat(watches()).filteredOn(o -> o.watchState() == WatchState.GAP).isEmpty();
    }

    @Test
    void aWatcherWhoseApiServerIsGoneJournalsAGapWithWhatItWatchedAndWhyAndConnectedWhenItIsBack() throws Exception {
        try (var watch = ClusterWatch.start(client, journal, Duration.ofMillis(300))) {
            watch.watchNamespace("shop");
            Observation connected = watchOf(WatchState.CONNECTED, "DEPLOYMENT");

            server.shutdown();

            Observation gap = awaitWatch(WatchState.GAP, "DEPLOYMENT", connected.atMs(), Duration.ofSeconds(20));
            assertThat(gap.namespace()).isEqualTo("shop");
            assertThat(gap.field("error")).isNotBlank();
            // Each watcher finds out on its own when its connection drops: the pod watcher's gap may come a moment later.
            assertThat(awaitWatch(WatchState.GAP, "POD", connected.atMs(), Duration.ofSeconds(20)).namespace()).isEqualTo("shop");

            var again = crudServer();
            again.init(InetAddress.getByName(server.getHostName()), server.getPort());
            try {
                Observation back = awaitWatch(WatchState.CONNECTED, "DEPLOYMENT", gap.atMs(), Duration.ofSeconds(30));
                assertThat(back.namespace()).isEqualTo("shop");
                assertThat(back.field("error")).isNull();
            } finally {
                again.destroy();
            }
        }
    }

    private static KubernetesMockServer crudServer() {
        Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
        return new KubernetesMockServer(new Context(), new MockWebServer(), expectations, new KubernetesMixedDispatcher(expectations), false);
    }

    private List<Observation> watches() {
        return journal.observations().stream().filter(o -> o.kind() == ObservationKind.WATCH).toList();
    }

    private List<org.assertj.core.groups.Tuple> watchStates(WatchState state) {
        return watches().stream().filter(o -> o.watchState() == state).map(o -> tuple(o.namespace(), o.name())).toList();
    }

    private Observation watchOf(WatchState state, String watched) {
        return watches().stream().filter(o -> o.watchState() == state && o.name().equals(watched)).findFirst().orElseThrow();
    }

    /** The first {@code state} of the watcher of {@code watched} journaled for {@code fromMs} or later, waiting for it. */
    private Observation awaitWatch(WatchState state, String watched, long fromMs, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            var found = watches().stream().filter(o -> o.watchState() == state && o.name().equals(watched) && o.atMs() >= fromMs)
                    .filter(o -> state != WatchState.CONNECTED || watches().indexOf(o) > 0 && o.atMs() > fromMs).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no " + state + " of the " + watched + " watcher within " + within + "; journaled: " + watches());
    }
}
