package dev.unshaken.chaos;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NatRedirectTest {

    @Test
    void anHttpFaultRedirectsConnectionsArrivingForThePortToItsProxy() {
        var rules = NatRedirect.arrivingConnections(new FaultChain("3fa2c1d0", "f9"), 8081);

        assertThat(rules.toPort()).isBetween(30000, 32699);
        assertThat(rules.install()).containsExactly(
                List.of("iptables", "-w", "5", "-t", "nat", "-N", "UNSHAKEN-3fa2c1d0-f9"),
                List.of("iptables", "-w", "5", "-t", "nat", "-A", "UNSHAKEN-3fa2c1d0-f9", "-p", "tcp", "--dport", "8081",
                        "-m", "comment", "--comment", "unshaken run=3fa2c1d0 fault=f9", "-j", "REDIRECT", "--to-ports",
                        Integer.toString(rules.toPort())),
                List.of("iptables", "-w", "5", "-t", "nat", "-I", "PREROUTING", "1", "-m", "comment", "--comment",
                        "unshaken run=3fa2c1d0 fault=f9", "-j", "UNSHAKEN-3fa2c1d0-f9"));
        assertThat(rules.remove()).containsExactly(
                List.of("iptables", "-w", "5", "-t", "nat", "-D", "PREROUTING", "-m", "comment", "--comment",
                        "unshaken run=3fa2c1d0 fault=f9", "-j", "UNSHAKEN-3fa2c1d0-f9"),
                List.of("iptables", "-w", "5", "-t", "nat", "-F", "UNSHAKEN-3fa2c1d0-f9"),
                List.of("iptables", "-w", "5", "-t", "nat", "-X", "UNSHAKEN-3fa2c1d0-f9"));
    }

    @Test
    void aLongRunIdIsCutToTheLengthIptablesAllowsAndTheHelpersPortFollowsTheCutName() {
        var chain = new FaultChain("20261201-043000-abcdef123456", "f12");
        assertThat(chain.name()).hasSize(28).startsWith("UNSHAKEN-20261201-043000-");
        assertThat(NatRedirect.dnsQueries(chain, "10.43.0.10", 1).toPort()).isEqualTo(chain.number(20000, 10000));
    }
}
