package dev.unshaken.chaos;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PodNetworkRulesTest {

    private static final List<Destination.Match> PAYMENTS = List.of(
            new Destination.Match("10.43.12.7", "TCP", 8083), new Destination.Match("10.42.1.9", "tcp", 8083));

    @Test
    void aDropPartitionHasItsOwnChainNamedAndCommentedWithTheRunAndFault() {
        var rules = new PodNetworkRules("3fa2c1d0", "f12", PodNetworkRules.Effect.DROP, 100, PAYMENTS);

        assertThat(rules.chain()).isEqualTo("UNSHAKEN-3fa2c1d0-f12").hasSizeLessThanOrEqualTo(28);
        assertThat(rules.install()).containsExactly(
                List.of("iptables", "-w", "5", "-N", "UNSHAKEN-3fa2c1d0-f12"),
                List.of("iptables", "-w", "5", "-A", "UNSHAKEN-3fa2c1d0-f12", "-p", "tcp", "--sport", "61990:61999", "-m", "comment",
                        "--comment", "unshaken run=3fa2c1d0 fault=f12 probe", "-j", "DROP"),
                List.of("iptables", "-w", "5", "-A", "UNSHAKEN-3fa2c1d0-f12", "-d", "10.43.12.7/32", "-p", "tcp", "--dport", "8083",
                        "-m", "comment", "--comment", "unshaken run=3fa2c1d0 fault=f12", "-j", "DROP"),
                List.of("iptables", "-w", "5", "-A", "UNSHAKEN-3fa2c1d0-f12", "-d", "10.42.1.9/32", "-p", "tcp", "--dport", "8083",
                        "-m", "comment", "--comment", "unshaken run=3fa2c1d0 fault=f12", "-j", "DROP"),
                List.of("iptables", "-w", "5", "-I", "OUTPUT", "1", "-m", "comment", "--comment", "unshaken run=3fa2c1d0 fault=f12",
                        "-j", "UNSHAKEN-3fa2c1d0-f12"));
        assertThat(rules.remove()).containsExactly(
                List.of("iptables", "-w", "5", "-D", "OUTPUT", "-m", "comment", "--comment", "unshaken run=3fa2c1d0 fault=f12",
                        "-j", "UNSHAKEN-3fa2c1d0-f12"),
                List.of("iptables", "-w", "5", "-F", "UNSHAKEN-3fa2c1d0-f12"),
                List.of("iptables", "-w", "5", "-X", "UNSHAKEN-3fa2c1d0-f12"));
    }

    @Test
    void aPartitionBothWaysStopsWhatTheDestinationSendsInAChainOfItsOwnAndLetsTheIncomingProbeOut() {
        var rules = new PodNetworkRules("3fa2c1d0", "f12", PodNetworkRules.Effect.DROP, 100, PAYMENTS, true);
        var outgoing = "UNSHAKEN-3fa2c1d0-f12";
        var incoming = "UNSHAKEN-3fa2c1d0-f12-in";

        assertThat(rules.install()).containsExactly(
                List.of("iptables", "-w", "5", "-N", outgoing),
                List.of("iptables", "-w", "5", "-A", outgoing, "-p", "tcp", "--sport", "62000", "-m", "comment",
                        "--comment", "unshaken run=3fa2c1d0 fault=f12 incoming probe", "-j", "RETURN"),
                List.of("iptables", "-w", "5", "-A", outgoing, "-p", "tcp", "--sport", "61990:61999", "-m", "comment",
                        "--comment", "unshaken run=3fa2c1d0 fault=f12 probe", "-j", "DROP"),
                List.of("iptables", "-w", "5", "-A", outgoing, "-d", "10.43.12.7/32", "-p", "tcp", "--dport", "8083",
                        "-m", "comment", "--comment", "unshaken run=3fa2c1d0 fault=f12", "-j", "DROP"),
                List.of("iptables", "-w", "5", "-A", outgoing, "-d", "10.42.1.9/32", "-p", "tcp", "--dport", "8083",
                        "-m", "comment", "--comment", "unshaken run=3fa2c1d0 fault=f12", "-j", "DROP"),
                List.of("iptables", "-w", "5", "-I", "OUTPUT", "1", "-m", "comment", "--comment", "unshaken run=3fa2c1d0 fault=f12",
                        "-j", outgoing),
                List.of("iptables", "-w", "5", "-N", incoming),
                List.of("iptables", "-w", "5", "-A", incoming, "-p", "tcp", "--dport", "61990:62000", "-m", "comment",
                        "--comment", "unshaken run=3fa2c1d0 fault=f12-in probe", "-j", "DROP"),
                List.of("iptables", "-w", "5", "-A", incoming, "-s", "10.43.12.7/32", "-p", "tcp",
                        "-m", "comment", "--comment", "unshaken run=3fa2c1d0 fault=f12-in", "-j", "DROP"),
                List.of("iptables", "-w", "5", "-A", incoming, "-s", "10.42.1.9/32", "-p", "tcp",
                        "-m", "comment", "--comment", "unshaken run=3fa2c1d0 fault=f12-in", "-j", "DROP"),
                List.of("iptables", "-w", "5", "-I", "INPUT", "1", "-m", "comment", "--comment", "unshaken run=3fa2c1d0 fault=f12-in",
                        "-j", incoming));
        assertThat(incoming).hasSizeLessThanOrEqualTo(28).startsWith(rules.chain()); // found by the chain's name after the end
        assertThat(rules.remove()).containsSubsequence(
                List.of("iptables", "-w", "5", "-D", "OUTPUT", "-m", "comment", "--comment", "unshaken run=3fa2c1d0 fault=f12", "-j", outgoing),
                List.of("iptables", "-w", "5", "-X", outgoing),
                List.of("iptables", "-w", "5", "-D", "INPUT", "-m", "comment", "--comment", "unshaken run=3fa2c1d0 fault=f12-in", "-j", incoming),
                List.of("iptables", "-w", "5", "-F", incoming),
                List.of("iptables", "-w", "5", "-X", incoming));
        assertThat(rules.listIncomingCounters()).containsSequence("-L", incoming);

        var rejecting = new PodNetworkRules("3fa2c1d0", "f13", PodNetworkRules.Effect.REJECT, 100, PAYMENTS, true).install();
        assertThat(rejecting.get(rejecting.size() - 3)).containsSequence("-s", "10.43.12.7/32")
                .endsWith("-j", "REJECT", "--reject-with", "tcp-reset");
    }

    @Test
    void theIncomingChainsCountersKeepItsProbeApart() {
        var counted = PodNetworkRules.parseCounters("""
                Chain UNSHAKEN-3fa2c1d0-f12-in (1 references)
                    pkts      bytes target     prot opt in     out     source               destination
                       2      120 DROP       6    --  *      *       0.0.0.0/0            0.0.0.0/0            tcp dpts:61990:62000 /* unshaken run=3fa2c1d0 fault=f12-in probe */
                       9      540 DROP       6    --  *      *       10.42.1.9            0.0.0.0/0            /* unshaken run=3fa2c1d0 fault=f12-in */
                """);
        assertThat(counted).isEqualTo(new PodNetworkRules.Counters(9, 0, 2));
        var outgoing = PodNetworkRules.parseCounters("""
                Chain UNSHAKEN-3fa2c1d0-f12 (1 references)
                    pkts      bytes target     prot opt in     out     source               destination
                       1       60 RETURN     6    --  *      *       0.0.0.0/0            0.0.0.0/0            tcp spt:62000 /* unshaken run=3fa2c1d0 fault=f12 incoming probe */
                       4      240 DROP       6    --  *      *       0.0.0.0/0            10.43.12.7           tcp dpt:8083 /* unshaken run=3fa2c1d0 fault=f12 */
                """);
        assertThat(outgoing).as("the incoming probe let out is not the workload's").isEqualTo(new PodNetworkRules.Counters(4, 0, 1));
    }

    @Test
    void onlyAPartitionActsBothWays() {
        assertThatThrownBy(() -> new PodNetworkRules("r", "f1", PodNetworkRules.Effect.DELAY, 100, PAYMENTS, true))
                .hasMessageContaining("only a partition acts both ways");
        assertThatThrownBy(() -> new PodNetworkRules("r", "f1", PodNetworkRules.Effect.DROP, 100, PAYMENTS).listIncomingCounters())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aRejectingPartitionResetsTcpAndRefusesOtherProtocols() {
        var rules = new PodNetworkRules("3fa2c1d0", "f3", PodNetworkRules.Effect.REJECT, 100,
                List.of(new Destination.Match("10.43.0.10", "udp", 53), new Destination.Match("10.43.0.10", "tcp", 53)));

        assertThat(rules.install().get(1)).endsWith("-j", "REJECT", "--reject-with", "tcp-reset");
        assertThat(rules.install().get(2)).contains("udp").endsWith("-j", "REJECT", "--reject-with", "icmp-port-unreachable");
        assertThat(rules.install().get(3)).contains("tcp").endsWith("-j", "REJECT", "--reject-with", "tcp-reset");
    }

    @Test
    void packetLossDropsAtRandomAndCountsWhatPassed() {
        var rules = new PodNetworkRules("3fa2c1d0", "f4", PodNetworkRules.Effect.LOSS, 30, List.of(new Destination.Match("10.42.0.0/16", "all", 0)));

        assertThat(rules.install()).hasSize(4); // no probe rule: loss is proven by its counters
        assertThat(rules.install().get(1)).containsSequence("-d", "10.42.0.0/16", "-m", "comment")
                .containsSequence("-m", "statistic", "--mode", "random", "--probability", "0.3000", "-j", "DROP")
                .doesNotContain("-p");
        assertThat(rules.install().get(2)).endsWith("-j", "RETURN");
    }

    @Test
    void latencyHandsThePacketsAndTheProbesToTheFaultsQueueWithBypass() {
        var rules = new PodNetworkRules("3fa2c1d0", "f5", PodNetworkRules.Effect.DELAY, 100, PAYMENTS);

        assertThat(rules.queue()).isBetween(1000, 60999);
        String[] queued = {"-j", "NFQUEUE", "--queue-num", Integer.toString(rules.queue()), "--queue-bypass"};
        assertThat(rules.install().get(1)).containsSequence("--sport", "61990:61999").endsWith(queued);
        assertThat(rules.install().get(2)).containsSequence("-d", "10.43.12.7/32", "-p", "tcp", "--dport", "8083").endsWith(queued);
        assertThat(rules.install().get(3)).containsSequence("-d", "10.42.1.9/32").endsWith(queued);
        assertThat(new PodNetworkRules("3fa2c1d0", "f6", PodNetworkRules.Effect.DELAY, 100, PAYMENTS).queue())
                .as("another fault of the run, another queue").isNotEqualTo(rules.queue());

        var counted = PodNetworkRules.parseCounters("""
                Chain UNSHAKEN-3fa2c1d0-f5 (1 references)
                    pkts      bytes target     prot opt in     out     source               destination
                       3      180 NFQUEUE    6    --  *      *       0.0.0.0/0            0.0.0.0/0            tcp spts:61990:61999 /* unshaken run=3fa2c1d0 fault=f5 probe */ NFQUEUE num 4242 bypass
                      41     3690 NFQUEUE    6    --  *      *       0.0.0.0/0            10.43.12.7           tcp dpt:8083 /* unshaken run=3fa2c1d0 fault=f5 */ NFQUEUE num 4242 bypass
                """);
        assertThat(counted).isEqualTo(new PodNetworkRules.Counters(41, 0, 3));
    }

    @Test
    void countersAreSummedByWhatTheRuleDidWithTheProbesApart() {
        String listing = """
                Chain UNSHAKEN-3fa2c1d0-f4 (1 references)
                    pkts      bytes target     prot opt in     out     source               destination
                       3      180 DROP       6    --  *      *       0.0.0.0/0            0.0.0.0/0            tcp spts:61990:61999 /* unshaken run=3fa2c1d0 fault=f4 probe */
                      41     2460 DROP       6    --  *      *       0.0.0.0/0            10.43.12.7           tcp dpt:8083 /* unshaken run=3fa2c1d0 fault=f4 */
                       7      420 DROP       0    --  *      *       0.0.0.0/0            10.42.1.9            statistic mode random probability 0.30000000009 /* unshaken */
                      15      900 RETURN     0    --  *      *       0.0.0.0/0            10.42.1.9            /* unshaken */
                """;

        assertThat(PodNetworkRules.parseCounters(listing)).isEqualTo(new PodNetworkRules.Counters(48, 15, 3));
    }

    @Test
    void refusesNothingToActOnAndImpossibleLoss() {
        assertThatThrownBy(() -> new PodNetworkRules("r", "f1", PodNetworkRules.Effect.DROP, 100, List.of()))
                .hasMessageContaining("no packets");
        assertThatThrownBy(() -> new PodNetworkRules("r", "f1", PodNetworkRules.Effect.LOSS, 0, PAYMENTS))
                .hasMessageContaining("expected 1..100");
    }

    @Test
    void matchesAreValidatedWhenWritten() {
        assertThat(new Destination.Match("10.43.0.10", "UDP", 53).cidr()).isEqualTo("10.43.0.10/32");
        assertThatThrownBy(() -> new Destination.Match("payment-service", "tcp", 8083)).hasMessageContaining("not an IPv4 address or CIDR");
        assertThatThrownBy(() -> new Destination.Match("10.0.0.1", "sctp", 1)).hasMessageContaining("expected tcp, udp or all");
        assertThatThrownBy(() -> new Destination.Match("10.0.0.1", "all", 80)).hasMessageContaining("a port needs tcp or udp");
        assertThatThrownBy(() -> Destination.cidr("10.0.0.0/99x", 0)).hasMessageContaining("not an IPv4 address or CIDR");
        assertThatThrownBy(() -> Destination.cidr("999.1.1.1", 0)).hasMessageContaining("four numbers 0..255");
        assertThatThrownBy(() -> Destination.cidr("10.0.0.0/33", 0)).hasMessageContaining("a prefix 0..32");
        assertThat(Destination.cidr("0.0.0.0/0", 0).resolve(null)).containsExactly(new Destination.Match("0.0.0.0/0", "all", 0));
    }
}
