package dev.unshaken.suites.scenarios;

import dev.unshaken.chaos.DnsFault;
import dev.unshaken.chaos.Fault;
import dev.unshaken.chaos.Faults;
import dev.unshaken.chaos.PodTarget;
import dev.unshaken.fixtures.cluster.Cluster;
import dev.unshaken.fixtures.cluster.Waits;
import dev.unshaken.fixtures.stack.Shop;
import dev.unshaken.fixtures.stack.Stack;
import dev.unshaken.fixtures.stack.StackVariant;
import dev.unshaken.journal.FaultEvent;
import dev.unshaken.journal.FaultKind;
import dev.unshaken.journal.Journal;
import dev.unshaken.load.Journeys;
import dev.unshaken.load.Load;
import dev.unshaken.suites.UnshakenScenario;
import dev.unshaken.suites.UsesTheShop;
import dev.unshaken.suites.verdicts.InconclusiveVerdictError;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.unshaken.load.LoadProfile.constantRate;
import static dev.unshaken.suites.verdicts.Verdicts.assertThat;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The gateway's lookups of order-service's pods fail while shoppers check out: first they answer NXDOMAIN for 15 s
 * (what a deleted or not-yet-propagated record looks like to nginx, which resolves its upstreams per request), then,
 * after 10 s, they go unanswered for 15 s (a resolver that is down). The reference gateway answers the orders at once
 * (a 502: nothing hangs; it gives a lookup 2 s) and serves them again within seconds of the records coming back, since
 * it keeps answers for 2 s only. It keeps no stale answer through the outages either: the orders in them fail, and the
 * verdict that no request failed around the faults rejects the run with their count (the measured cost of a DNS
 * outage for one upstream). Its {@code no-dns-timeout} twin gives a lookup nginx's default 30 s: while the resolver
 * is silent, orders hang until the lookup is answered again, past the 6 s budget, and the verdict counts them.
 */
@UsesTheShop
@UnshakenScenario
class GatewayDnsFaultIT {

    private static final String ORDER_PODS = "order-service-pods.shop.svc.cluster.local";
    /** Above the reference's 2 s lookup timeout plus the rest of an order; below what a 30 s lookup timeout makes of one. */
    private static final Duration ANSWER_BUDGET = ofSeconds(6);

    @Test
    void ordersFailFastWhileTheirUpstreamDoesNotResolveAndServeAgainAfter(Cluster cluster, @Shop Stack shop, Load load, Faults faults,
                                                                        Journal journal) {
        dnsOutagesUnderCheckoutLoad(cluster, shop, load, faults);

        assertThat(journal).everyFaultFinished(FaultKind.DNS_FAULT)
                .everyRequestAnsweredWithin(ANSWER_BUDGET, FaultKind.DNS_FAULT, Duration.ZERO)
                .recoveredWithin(ofSeconds(10), FaultKind.DNS_FAULT);
        List<FaultEvent> dns = journal.faults().stream().filter(f -> f.kind() == FaultKind.DNS_FAULT && f.ended()).toList();
        assertThat(dns).as("the NXDOMAIN and the timeout outage").hasSize(2);
        assertThat(dns).allSatisfy(f -> {
            assertThat(Long.parseLong(f.details().get("faultedQueries"))).as("the gateways' lookups that failed").isPositive();
            assertThat(f.details().get("probeAfter")).startsWith("NOERROR");
        });
        assertThat(dns.get(0).details().get("probeDuring")).startsWith("NXDOMAIN");
        assertThat(dns.get(1).details().get("probeDuring")).startsWith("no answer");

        assertThatThrownBy(() -> assertThat(journal).asNegativeControl().hasNoFailedRequestsAround(FaultKind.DNS_FAULT, ofSeconds(5)))
                .isInstanceOf(AssertionError.class)
                .isNotInstanceOf(InconclusiveVerdictError.class)
                .hasMessageContaining("failed requests within 5 s of 2 DNS_FAULT");
    }

    @Test
    void aGatewayThatWaitsThirtySecondsForALookupIsCaughtByTheAnswerBudget(Cluster cluster, @Shop(StackVariant.NO_DNS_TIMEOUT) Stack shop,
                                                                          Load load, Faults faults, Journal journal) {
        dnsOutagesUnderCheckoutLoad(cluster, shop, load, faults);

        assertThatThrownBy(() -> assertThat(journal).asNegativeControl()
                .everyRequestAnsweredWithin(ANSWER_BUDGET, FaultKind.DNS_FAULT, Duration.ZERO))
                .isInstanceOf(AssertionError.class)
                .isNotInstanceOf(InconclusiveVerdictError.class)
                .hasMessageContaining("to get an HTTP status within 6000 ms, but");
    }

    /** Checkouts at 2 a second; 20 s in, 15 s of NXDOMAIN, then 10 s later 15 s without answers; the load ends 25 s after. */
    private static void dnsOutagesUnderCheckoutLoad(Cluster cluster, Stack shop, Load load, Faults faults) {
        var gateway = shop.gateway(cluster::nodePortUrl);
        Waits.awaitAnswering(gateway.resolve("/healthz"), "the shop's gateway NodePort");
        faults.confineTo(Stack.NAMESPACE);
        var gateways = PodTarget.labelled(Stack.NAMESPACE, "app", "api-gateway");

        var run = load.start(gateway, Journeys.shopCheckout(), constantRate(2).during(ofSeconds(150)));
        faults.after(ofSeconds(20), DnsFault.nxdomain(gateways, ofSeconds(15), ORDER_PODS)
                .then(Fault.pause(ofSeconds(10)))
                .then(DnsFault.timeout(gateways, ofSeconds(15), ORDER_PODS)));
        faults.awaitAll();
        run.endAfter(ofSeconds(25)).awaitEnd(); // 15 s of orders after the recovery verdict's 10 s
    }
}
