package dev.unshaken.suites.scenarios;

import dev.unshaken.chaos.Destination;
import dev.unshaken.chaos.FaultFailedException;
import dev.unshaken.chaos.Faults;
import dev.unshaken.chaos.NetworkFault;
import dev.unshaken.chaos.PodTarget;
import dev.unshaken.fixtures.cluster.Cluster;
import dev.unshaken.fixtures.cluster.TestNamespace;
import dev.unshaken.journal.FaultEvent;
import dev.unshaken.journal.FaultKind;
import dev.unshaken.journal.Journal;
import dev.unshaken.load.Journeys;
import dev.unshaken.load.Load;
import dev.unshaken.suites.RunsBesideOthers;
import dev.unshaken.suites.UnshakenScenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static dev.unshaken.load.LoadProfile.constantRate;
import static dev.unshaken.suites.verdicts.Verdicts.assertThat;
import static java.time.Duration.ofMillis;
import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofSeconds;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Packet loss proves itself by its own counters: 20 % of everything the web pods send (their answers to the load
 * included) is dropped for 15 s, and the fault journals the share it measured. Loss towards an address nobody
 * talks to acts on no packet, so it fails as a fault instead of letting a verdict pass on a fault that never happened.
 * Added latency interrupted while it runs (a cancelled run) still removes its rules from every pod and stops the
 * processes that held the packets.
 *
 * <p>The three tests run side by side ({@code @Execution(CONCURRENT)}): each has its own namespace, only the first
 * takes a NodePort, and only the third starts delaying processes, which it counts on every node.
 */
@RunsBesideOthers
@UnshakenScenario
class PacketLossIT {

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void lossOfTheWebPodsPacketsIsMeasuredByTheFaultItself(Cluster cluster, TestNamespace namespace, Load load, Faults faults, Journal journal) {
        var url = WebWorkload.graceful(namespace.name(), 30090).deploy(cluster);
        faults.confineTo(namespace.name());
        var web = PodTarget.labelled(namespace.name(), "app", WebWorkload.APP);

        var run = load.start(url, Journeys.simpleGet("/"), constantRate(10).during(ofSeconds(40)));
        faults.after(ofSeconds(10), NetworkFault.packetLoss(web, Destination.cidr("0.0.0.0/0", 0), 20, ofSeconds(15)));
        faults.awaitAll();
        run.endAfter(ofSeconds(5)).awaitEnd();

        assertThat(journal).everyFaultFinished(FaultKind.PACKET_LOSS);
        FaultEvent loss = ended(journal, FaultKind.PACKET_LOSS);
        assertThat(Long.parseLong(loss.details().get("droppedPackets"))).isPositive();
        assertThat(Double.parseDouble(loss.details().get("measuredLossPercent"))).isBetween(10.0, 30.0);
        assertThat(loss.details()).doesNotContainKey("rulesLeft");
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void lossTowardsAnAddressNobodyTalksToHasNoEffectAndFailsAsAFault(Cluster cluster, TestNamespace namespace, Faults faults, Journal journal) {
        WebWorkload.graceful(namespace.name(), 30091).deployPods(cluster); // no load: nothing needs its NodePort
        faults.confineTo(namespace.name());
        var web = PodTarget.labelled(namespace.name(), "app", WebWorkload.APP);

        // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): documentation only, never routed, so nothing sends to it.
        assertThatThrownBy(() -> faults.run(NetworkFault.packetLoss(web, Destination.cidr("192.0.2.0/24", 0), 50, ofSeconds(5))))
                .isInstanceOf(FaultFailedException.class)
                .hasMessageContaining("the fault had no effect: no packet");

        FaultEvent loss = ended(journal, FaultKind.PACKET_LOSS);
        assertThat(loss.details()).containsEntry("outcome", "no-effect").containsEntry("droppedPackets", "0").doesNotContainKey("rulesLeft");
        assertThatThrownBy(() -> assertThat(journal).asNegativeControl().everyFaultFinished(FaultKind.PACKET_LOSS))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("1 of 1 did not");
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void anInterruptedLatencyRemovesItsRulesAndItsDelayersFromEveryPod(Cluster cluster, TestNamespace namespace, Faults faults, Journal journal)
            throws InterruptedException {
        WebWorkload.graceful(namespace.name(), 30091).deployPods(cluster);
        faults.confineTo(namespace.name());
        var web = PodTarget.labelled(namespace.name(), "app", WebWorkload.APP);
        var latency = NetworkFault.latency(web, Destination.cidr("192.0.2.0/24", 0), ofMillis(200), ofMinutes(10));

        var failure = new AtomicReference<Throwable>();
        Thread fault = Thread.ofVirtual().start(() -> {
            try {
                faults.run(latency);
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        await("the latency's rules in place in all 3 pods").atMost(ofSeconds(60)).until(() -> {
            List<String> rules = chains(cluster, namespace);
            return rules.size() == 3 && rules.stream().allMatch(c -> c.contains("UNSHAKEN-"));
        });
        assertThat(delayers(cluster)).as("netdelay processes on the nodes").hasSize(3);
        fault.interrupt(); // what a cancelled run does to a fault still running
        fault.join(ofSeconds(60));

        assertThat(fault.isAlive()).as("the fault thread ended").isFalse();
        assertThat(failure.get()).isInstanceOf(FaultFailedException.class).hasMessageContaining("interrupted");
        assertThat(chains(cluster, namespace)).as("iptables -S in each web pod's network namespace").hasSize(3)
                .allSatisfy(rules -> assertThat(rules).doesNotContain("UNSHAKEN-"));
        assertThat(delayers(cluster)).as("netdelay processes left on the nodes").isEmpty();
        FaultEvent slowed = ended(journal, FaultKind.NETWORK_LATENCY);
        assertThat(slowed.details()).containsEntry("outcome", "failed").doesNotContainKey("rulesLeft").doesNotContainKey("delayersUnread");
        assertThatThrownBy(() -> assertThat(journal).asNegativeControl().everyFaultFinished(FaultKind.NETWORK_LATENCY))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("1 of 1 did not");
    }

    /** {@code iptables -S} in the network namespace of each running web pod, read from its node. */
    private static List<String> chains(Cluster cluster, TestNamespace namespace) {
        var machines = cluster.machines().orElseThrow();
        return cluster.client().pods().inNamespace(namespace.name()).withLabel("app", WebWorkload.APP).list().getItems().stream()
                .filter(pod -> pod.getStatus().getContainerStatuses() != null && !pod.getStatus().getContainerStatuses().isEmpty())
                .map(pod -> machines.inNetworkOf(pod.getSpec().getNodeName(), pod.getStatus().getContainerStatuses().getFirst().getContainerID(),
                        List.of("iptables", "-w", "5", "-S")).stdout())
                .toList();
    }

    /** The command lines of the {@code netdelay} processes on every node of the cluster. */
    private static List<String> delayers(Cluster cluster) {
        var machines = cluster.machines().orElseThrow();
        return cluster.client().pods().inAnyNamespace().list().getItems().stream()
                .filter(pod -> pod.getStatus().getContainerStatuses() != null && !pod.getStatus().getContainerStatuses().isEmpty()
                        && pod.getStatus().getContainerStatuses().getFirst().getState().getRunning() != null)
                .collect(Collectors.toMap(pod -> pod.getSpec().getNodeName(), pod -> pod, (a, b) -> a))
                .values().stream()
                .flatMap(pod -> machines.inNetworkOf(pod.getSpec().getNodeName(), pod.getStatus().getContainerStatuses().getFirst().getContainerID(),
                        List.of("sh", "-c", "pgrep -af '[n]etdelay' || true")).stdout().lines())
                .filter(line -> !line.isBlank())
                .toList();
    }

    private static FaultEvent ended(Journal journal, FaultKind kind) {
        return journal.faults().stream().filter(f -> f.kind() == kind && f.ended()).findFirst()
                .orElseThrow(() -> new AssertionError("no ended " + kind + " fault in the journal: " + journal.faults()));
    }
}
