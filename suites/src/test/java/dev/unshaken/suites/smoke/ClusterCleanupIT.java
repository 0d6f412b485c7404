package dev.unshaken.suites.smoke;

import com.github.dockerjava.api.DockerClient;
import dev.unshaken.fixtures.cluster.ClusterUnavailableException;
import dev.unshaken.fixtures.cluster.K3sCluster;
import dev.unshaken.suites.RunsAlone;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Ryuk is off, so nothing but K3sCluster itself removes its containers: after a failed start, a normal
 * close and a dead JVM's leftovers, the Docker engine must hold exactly what it held before. Other JVMs
 * may run their own clusters on the same engine meanwhile, so "what this JVM holds" is counted: the
 * {@code dev.unshaken.managed=true} resources whose owner label is this process. Runs first (see
 * junit-platform.properties) and alone, so no other test's cluster comes or goes while it counts.
 */
@RunsAlone
@Order(1)
class ClusterCleanupIT {

    private static final String MANAGED = "dev.unshaken.managed";
    private static final String RUN = "dev.unshaken.run";
    private static final String OURS = "dev.unshaken.owner-pid=" + ProcessHandle.current().pid();

    private final DockerClient docker = DockerClientFactory.instance().client();

    /** How many containers, networks and volumes carry a label filter. */
    record Counts(int containers, int networks, int volumes) {
    }

    @Test
    void failedStartAndCloseLeaveNothingBehind() throws Exception {
        Counts before = counts(MANAGED + "=true", OURS);
        int declaredVolumes = declaredVolumes(K3sCluster.defaultImage().asCanonicalNameString());

        // 1. The start fails after the server and network exist: the hook for the first agent throws.
        var failing = new K3sCluster().withAgents(1);
        var midway = new AtomicReference<Counts>();
        var runLabels = new AtomicReference<Map<String, String>>();
        failing.withAgentCustomizer(agent -> {
            midway.set(counts(RUN + "=" + failing.runId()));
            runLabels.set(docker.listNetworksCmd().withFilter("label", List.of(RUN + "=" + failing.runId())).exec().getFirst().getLabels());
            throw new IllegalStateException("deliberate failure after the server started");
        });
        assertThatThrownBy(failing::start)
                .isInstanceOf(ClusterUnavailableException.class)
                .hasMessageContaining("deliberate failure after the server started")
                .hasMessageContaining("were removed")
                .hasMessageContaining("log lines of server");
        assertThat(midway.get()).as("what the failed run had created").isEqualTo(new Counts(1, 1, declaredVolumes));
        assertThat(counts(RUN + "=" + failing.runId())).isEqualTo(new Counts(0, 0, 0));
        assertThat(counts(MANAGED + "=true", OURS)).isEqualTo(before);

        // 2. Leftovers of a JVM that died without closing: owned by a process that has exited.
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        var leftoverLabels = new HashMap<>(runLabels.get());
        leftoverLabels.put(RUN, "deadbeef");
        leftoverLabels.put("dev.unshaken.owner-pid", Long.toString(dead.pid()));
        docker.createNetworkCmd().withName("unshaken-deadbeef").withLabels(leftoverLabels).exec();
        docker.createVolumeCmd().withName("unshaken-deadbeef-server-data").withLabels(leftoverLabels).exec();
        assertThat(counts(RUN + "=deadbeef")).isEqualTo(new Counts(0, 1, 1));
        // The same dead pid and host name, but recorded in another PID namespace (another container on this kernel):
        // that pid is someone else's, so this run may be alive and is not the sweeper's to judge.
        var elsewhereLabels = new HashMap<>(leftoverLabels);
        elsewhereLabels.put(RUN, "cafef00d");
        elsewhereLabels.put("dev.unshaken.owner-process-space", leftoverLabels.get("dev.unshaken.owner-process-space")
                .replaceFirst("pid:\\[\\d+]", "pid:[4026599999]"));
        docker.createNetworkCmd().withName("unshaken-cafef00d").withLabels(elsewhereLabels).exec();
        docker.createVolumeCmd().withName("unshaken-cafef00d-server-data").withLabels(elsewhereLabels).exec();

        // 3. A normal start sweeps the leftovers; close removes the whole run.
        String runId;
        try (var cluster = new K3sCluster().withAgents(1).start()) {
            runId = cluster.runId();
            assertThat(counts(RUN + "=deadbeef")).as("leftovers swept at start").isEqualTo(new Counts(0, 0, 0));
            assertThat(counts(RUN + "=cafef00d")).as("a run of another PID namespace is left alone").isEqualTo(new Counts(0, 1, 1));
            assertThat(counts(RUN + "=" + runId)).isEqualTo(new Counts(2, 1, 2 * declaredVolumes));
            assertThat(cluster.client().nodes().list().getItems()).hasSize(2);
        } finally {
            removeQuietly(() -> docker.removeNetworkCmd("unshaken-cafef00d").exec());
            removeQuietly(() -> docker.removeVolumeCmd("unshaken-cafef00d-server-data").exec());
        }
        assertThat(counts(RUN + "=" + runId)).isEqualTo(new Counts(0, 0, 0));
        assertThat(counts(MANAGED + "=true", OURS)).isEqualTo(before);
    }

    @Test
    void agentThatCannotJoinFailsTheStartNamingItAndLeavesNothing() {
        Counts before = counts(MANAGED + "=true", OURS);
        var cluster = new K3sCluster().withAgents(1).withAgentArgs("--unshaken-no-such-flag");

        assertThatThrownBy(cluster::start)
                .isInstanceOf(ClusterUnavailableException.class)
                .hasMessageContaining("agent-1 container stopped before its node became Ready")
                .hasMessageContaining("log lines of agent-1");
        assertThat(counts(RUN + "=" + cluster.runId())).isEqualTo(new Counts(0, 0, 0));
        assertThat(counts(MANAGED + "=true", OURS)).isEqualTo(before);
    }

    /** Removes what this test created; one already gone (a failed assertion says why) is no second failure. */
    private static void removeQuietly(Runnable remove) {
        try {
            remove.run();
        } catch (com.github.dockerjava.api.exception.NotFoundException alreadyGone) {
            // reported by the assertion that failed
        }
    }

    /** Containers, networks and volumes that carry all the given {@code key=value} labels. */
    private Counts counts(String... labels) {
        var labelMap = new HashMap<String, String>();
        for (String label : labels) {
            String[] keyValue = label.split("=", 2);
            labelMap.put(keyValue[0], keyValue[1]);
        }
        int containers = docker.listContainersCmd().withShowAll(true).withLabelFilter(labelMap).exec().size();
        int networks = docker.listNetworksCmd().withFilter("label", List.of(labels)).exec().size();
        var volumes = docker.listVolumesCmd().withFilter("label", List.of(labels)).exec().getVolumes();
        return new Counts(containers, networks, volumes == null ? 0 : volumes.size());
    }

    private int declaredVolumes(String image) {
        var volumes = docker.inspectImageCmd(image).exec().getConfig().getVolumes();
        return volumes == null ? 0 : volumes.size();
    }
}
