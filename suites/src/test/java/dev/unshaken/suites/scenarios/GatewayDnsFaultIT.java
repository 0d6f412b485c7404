package dev.unshaken.suites.scenarios;

import dev.unshaken.chaos.DnsFault;
import dev.unshaken.chaos.Faults;
import dev.unshaken.chaos.PodTarget;
import dev.unshaken.fixtures.cluster.Cluster;
import dev.unshaken.fixtures.cluster.Waits;
import dev.unshaken.fixtures.stack.Shop;
import dev.unshaken.fixtures.stack.Stack;
import dev.unshaken.journal.FaultEvent;
import dev.unshaken.journal.FaultKind;
import dev.unshaken.journal.Journal;
import dev.unshaken.load.Journeys;
import dev.unshaken.load.Load;
import dev.unshaken.suites.UnshakenScenario;
import dev.unshaken.suites.verdicts.InconclusiveVerdictError;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.unshaken.load.LoadProfile.constantRate;
import static dev.unshaken.suites.verdicts.Verdicts.assertThat;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The gateway's lookups of order-service's pods answer NXDOMAIN for 15 s while shoppers check out: what a deleted or
 * not-yet-propagated record looks like to nginx, which resolves its upstreams per request. The reference gateway
 * answers the orders at once (a 502: nothing hangs) and serves them again within seconds of the record coming back,
 * since it keeps answers for 2 s only. It keeps no stale answer through the outage either: the orders in it fail, and
 * the verdict that no request failed around the fault rejects the run with their count (the measured cost of a DNS
 * outage for one upstream).
 */
@UnshakenScenario
class GatewayDnsFaultIT {

    private static final String ORDER_PODS = "order-service-pods.shop.svc.cluster.local";

    @Test
    void ordersFailFastWhileTheirUpstreamDoesNotResolveAndServeAgainAfter(Cluster cluster, @Shop Stack shop, Load load, Faults faults,
                                                                        Journal journal) {
        var gateway = shop.gateway(cluster::nodePortUrl);
        Waits.awaitAnswering(gateway.resolve("/healthz"), "the shop's gateway NodePort");
        faults.confineTo(Stack.NAMESPACE);
        var gateways = PodTarget.labelled(Stack.NAMESPACE, "app", "api-gateway");

        var run = load.start(gateway, Journeys.shopCheckout(), constantRate(2).during(ofSeconds(90)));
        faults.after(ofSeconds(20), DnsFault.nxdomain(gateways, ofSeconds(15), ORDER_PODS));
        faults.awaitAll();
        run.endAfter(ofSeconds(25)).awaitEnd(); // 15 s of orders after the recovery verdict's 10 s

        assertThat(journal).everyFaultFinished(FaultKind.DNS_FAULT)
                .everyRequestAnsweredWithin(ofSeconds(6), FaultKind.DNS_FAULT, Duration.ZERO)
                .recoveredWithin(ofSeconds(10), FaultKind.DNS_FAULT);
        FaultEvent dns = journal.faults().stream().filter(f -> f.kind() == FaultKind.DNS_FAULT && f.ended()).findFirst().orElseThrow();
        assertThat(Long.parseLong(dns.details().get("faultedQueries"))).as("the gateways' lookups answered NXDOMAIN").isPositive();
        assertThat(dns.details().get("probeDuring")).startsWith("NXDOMAIN");
        assertThat(dns.details().get("probeAfter")).startsWith("NOERROR");

        assertThatThrownBy(() -> assertThat(journal).asNegativeControl().hasNoFailedRequestsAround(FaultKind.DNS_FAULT, ofSeconds(5)))
                .isInstanceOf(AssertionError.class)
                .isNotInstanceOf(InconclusiveVerdictError.class)
                .hasMessageContaining("failed requests within 5 s of DNS_FAULT");
    }
}
