package dev.unshaken.chaos;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DnsFaultTest {

    @Test
    void theRedirectSendsThePodsQueriesToTheFaultsResolverExceptItsOwnRelayedOnes() {
        var rules = NatRedirect.dnsQueries(new FaultChain("3fa2c1d0", "f7"), "10.43.0.10", DnsFault.RELAY_MARK);

        assertThat(rules.toPort()).isBetween(20000, 29999);
        assertThat(rules.install()).containsExactly(
                List.of("iptables", "-w", "5", "-t", "nat", "-N", "UNSHAKEN-3fa2c1d0-f7"),
                List.of("iptables", "-w", "5", "-t", "nat", "-A", "UNSHAKEN-3fa2c1d0-f7", "-p", "udp", "-d", "10.43.0.10/32", "--dport", "53",
                        "-m", "mark", "!", "--mark", Integer.toString(DnsFault.RELAY_MARK), "-m", "comment", "--comment",
                        "unshaken run=3fa2c1d0 fault=f7", "-j", "REDIRECT", "--to-ports", Integer.toString(rules.toPort())),
                List.of("iptables", "-w", "5", "-t", "nat", "-I", "OUTPUT", "1", "-m", "comment", "--comment", "unshaken run=3fa2c1d0 fault=f7",
                        "-j", "UNSHAKEN-3fa2c1d0-f7"));
        assertThat(rules.remove()).first().asList().containsSequence("-t", "nat", "-D", "OUTPUT");
        assertThat(rules.remove()).last().asList().endsWith("-X", "UNSHAKEN-3fa2c1d0-f7");
    }

    @Test
    void aLookupIsReadFromWhatTheProbePrinted() {
        var resolved = DnsFault.Lookup.parse("rcode=NOERROR answers=2 ms=3\n", "");
        assertThat(resolved.resolved()).isTrue();
        assertThat(resolved.describe()).isEqualTo("NOERROR with 2 addresses in 3 ms");

        var gone = DnsFault.Lookup.parse("rcode=NXDOMAIN answers=0 ms=1", "");
        assertThat(gone.resolved()).isFalse();
        assertThat(gone.rcode()).isEqualTo("NXDOMAIN");

        var silent = DnsFault.Lookup.parse("timeout ms=2001", "");
        assertThat(silent.timedOut()).isTrue();
        assertThat(silent.describe()).isEqualTo("no answer within 2001 ms");

        assertThatThrownBy(() -> DnsFault.Lookup.parse("", "sh: /bin/k3s: not found"))
                .isInstanceOf(FaultFailedException.class).hasMessageContaining("not found");
    }

    @Test
    void namesAndDurationsAreCheckedWhenTheFaultIsMade() {
        var gateway = PodTarget.labelled("shop", "app", "api-gateway");

        assertThat(DnsFault.nxdomain(gateway, Duration.ofSeconds(15), "Order-Service-Pods.shop.svc.cluster.local.").describe())
                .isEqualTo("DNS NXDOMAIN for order-service-pods.shop.svc.cluster.local from the pods labelled app=api-gateway in shop for 15 s");
        assertThat(DnsFault.timeout(gateway, Duration.ofSeconds(5), "a", "b").describe()).startsWith("DNS timeouts for a, b");
        assertThatThrownBy(() -> DnsFault.servfail(gateway, Duration.ofSeconds(5))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DnsFault.servfail(gateway, Duration.ofSeconds(5), "not a name!")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DnsFault.servfail(gateway, Duration.ofHours(1), "a")).isInstanceOf(IllegalArgumentException.class);
    }
}
