package dev.unshaken.chaos;

import dev.unshaken.fixtures.cluster.Machines;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DelayerTest {

    private static final PodNetworkRules RULES = new PodNetworkRules("3fa2c1d0", "f5", PodNetworkRules.Effect.DELAY, 100,
            List.of(new Destination.Match("10.43.12.7", "tcp", 8083)));

    /** Machines that answer every command with the next canned result and remember the scripts. */
    private static final class Scripted implements Machines {
        final List<String> scripts = new ArrayList<>();
        final List<CommandResult> results;

        Scripted(CommandResult... results) {
            this.results = new ArrayList<>(List.of(results));
        }

        @Override
        public CommandResult inNetworkOf(String node, String containerId, List<String> command) {
            scripts.add(command.getLast());
            return results.removeFirst();
        }

        @Override
        public CommandResult onNode(String node, List<String> command) {
            return inNetworkOf(node, "", command);
        }

        @Override
        public Optional<String> kernelConfig() {
            return Optional.empty();
        }

        @Override
        public void stop(String node) {
        }

        @Override
        public void start(String node) {
        }

        @Override
        public void pause(String node) {
        }

        @Override
        public void unpause(String node) {
        }

        @Override
        public void killContainer(String node, String containerId) {
        }
    }

    @Test
    void itStartsInTheBackgroundOnTheFaultsQueueAndWaitsUntilItHoldsIt() {
        var delayer = new Delayer(new Scripted(), "order-service-7d9-abcde", "agent-1", "containerd://c1", RULES);

        String script = delayer.startScript(Duration.ofMillis(8000), Duration.ofMillis(500), Duration.ofSeconds(80));

        assertThat(script).contains("setsid /bin/k3s netdelay --queue " + RULES.queue() + " --delay 8000ms --jitter 500ms --for 80s",
                "--id UNSHAKEN-3fa2c1d0-f5/order-service-7d9-abcde", "grep -q '^state='", " & ");
        assertThat(delayer.stopScript()).startsWith("pkill -TERM -f -- '[n]etdelay .*--id UNSHAKEN-3fa2c1d0-f5/order-service-7d9-abcde$'")
                .contains("rm -f " + delayer.statsFile());
    }

    @Test
    void undoingANatFaultRemovesTheRulesChecksThemStopsTheAgentsAndSumsTheirCounters() {
        var ok = new Machines.CommandResult(0, "", "");
        var first = new PodAgent(new Scripted(ok, new Machines.CommandResult(0, "-P OUTPUT ACCEPT\n", ""), ok,
                new Machines.CommandResult(0, "state=done\nfaulted=7\nrelayed=20\n", "")),
                new FaultedPods.Victim("gw-1", "agent-1", "containerd://c1", "10.42.1.5"), "dnsfault", "UNSHAKEN-3fa2c1d0-f7");
        var stuck = new PodAgent(new Scripted(ok, new Machines.CommandResult(0, "-N UNSHAKEN-3fa2c1d0-f7\n", ""), ok,
                new Machines.CommandResult(0, "state=bound\nfaulted=3\n", "")),
                new FaultedPods.Victim("gw-2", "agent-2", "containerd://c2", "10.42.2.5"), "dnsfault", "UNSHAKEN-3fa2c1d0-f7");

        var details = PodAgent.undoNat(List.of(first, stuck), List.of(List.of("iptables", "-X", "UNSHAKEN-3fa2c1d0-f7")),
                List.of("conntrack", "-D"), FaultContext.details("faulted", "faultedQueries", "relayed", "relayedQueries"));

        assertThat(details).containsEntry("faultedQueries", "7").containsEntry("relayedQueries", "20")
                .containsEntry("rulesLeft", "gw-2 (chain UNSHAKEN-3fa2c1d0-f7 still there)")
                .containsEntry("agentsUnread", "gw-2");
        assertThat(first.stopScript()).startsWith("pkill -TERM -f -- '[d]nsfault .*--id UNSHAKEN-3fa2c1d0-f7/gw-1$'");
    }

    @Test
    void aNodeBinaryWithoutTheSubcommandIsNamedAsTheReason() {
        var machines = new Scripted(new Machines.CommandResult(1, "", "netdelay did not come up within 5 s:\nunknown command \"netdelay\""));
        var delayer = new Delayer(machines, "p1", "agent-1", "containerd://c1", RULES);

        assertThatThrownBy(() -> delayer.start(Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(80)))
                .hasMessageContaining("the nodes' /bin/k3s has no 'netdelay'")
                .hasMessageContaining("fixtures/node-image");
    }

    @Test
    void aDelayerThatDoesNotComeUpFailsTheFaultWithWhatItSaid() {
        var machines = new Scripted(new Machines.CommandResult(1, "", "netdelay did not come up within 5 s: binding queue 4242: operation not permitted"));
        var delayer = new Delayer(machines, "p1", "agent-1", "containerd://c1", RULES);

        assertThatThrownBy(() -> delayer.start(Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(80)))
                .isInstanceOf(FaultFailedException.class)
                .hasMessageContaining("pod p1").hasMessageContaining("operation not permitted");
    }

    @Test
    void stoppingSumsWhatEveryDelayerHeldAndNamesTheOnesItCouldNotRead() {
        var first = new Delayer(new Scripted(new Machines.CommandResult(0, """
                state=done
                packets=12
                released=10
                flushed=2
                meanHeldMs=8001.5
                maxHeldMs=8010.0
                """, "")), "p1", "agent-1", "containerd://c1", RULES);
        var second = new Delayer(new Scripted(new Machines.CommandResult(0, "state=done\nreleased=30\nmeanHeldMs=7999.5\nmaxHeldMs=8004.0\n", "")),
                "p2", "agent-2", "containerd://c2", RULES);
        var gone = new Delayer(new Scripted(new Machines.CommandResult(1, "", "no such process")), "p3", "agent-2", "containerd://c3", RULES);

        assertThat(Delayer.stopAll(List.of(first, second, gone)))
                .containsEntry("heldPackets", "40")
                .containsEntry("releasedEarlyPackets", "2")
                .containsEntry("meanHeldMs", "8000")
                .containsEntry("maxHeldMs", "8010")
                .containsEntry("delayersUnread", "p3");
    }
}
