package dev.unshaken.suites.scenarios;

import dev.unshaken.chaos.Destination;
import dev.unshaken.chaos.Faults;
import dev.unshaken.chaos.NetworkFault;
import dev.unshaken.chaos.PodTarget;
import dev.unshaken.fixtures.cluster.Cluster;
import dev.unshaken.fixtures.cluster.Waits;
import dev.unshaken.fixtures.stack.Shop;
import dev.unshaken.fixtures.stack.Stack;
import dev.unshaken.journal.FaultKind;
import dev.unshaken.journal.Journal;
import dev.unshaken.load.Journeys;
import dev.unshaken.load.Load;
import dev.unshaken.suites.UnshakenScenario;
import dev.unshaken.suites.UsesTheShop;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.unshaken.load.LoadProfile.constantRate;
import static dev.unshaken.suites.verdicts.Verdicts.assertThat;
import static java.time.Duration.ofSeconds;

/**
 * order-service is cut off from payment-service for 20 s (its packets dropped, in its pods' network namespaces)
 * while shoppers check out. The reference order-service calls its dependencies with a 3 s timeout, so each order
 * fails fast with a 502 and the shop recovers as soon as the partition ends. The verdict's negative control, the
 * {@code no-timeouts} twin that waits on payment-service for minutes, runs under added latency in
 * {@link DependencyLatencyIT}: a dependency that hangs and one that answers after 8 s leave it waiting alike.
 */
@UsesTheShop
@UnshakenScenario
class DependencyPartitionIT {

    /** Above the reference's 3 s downstream timeout plus the rest of an order; below the load generator's 10 s timeout. */
    private static final Duration ANSWER_BUDGET = ofSeconds(6);

    @Test
    void ordersFailFastWhilePaymentServiceIsUnreachableAndTheShopRecovers(Cluster cluster, @Shop Stack shop, Load load,
                                                                        Faults faults, Journal journal) {
        cutOffPaymentsUnderCheckoutLoad(cluster, shop, load, faults);

        assertThat(journal).everyFaultFinished(FaultKind.NETWORK_PARTITION)
                .everyRequestAnsweredWithin(ANSWER_BUDGET, FaultKind.NETWORK_PARTITION, Duration.ZERO)
                .recoveredWithin(ofSeconds(10), FaultKind.NETWORK_PARTITION);
    }

    private static void cutOffPaymentsUnderCheckoutLoad(Cluster cluster, Stack shop, Load load, Faults faults) {
        var gateway = shop.gateway(cluster::nodePortUrl);
        Waits.awaitAnswering(gateway.resolve("/healthz"), "the shop's gateway NodePort");
        faults.confineTo(Stack.NAMESPACE);
        var orders = PodTarget.labelled(Stack.NAMESPACE, "app", "order-service");

        var run = load.start(gateway, Journeys.shopCheckout(), constantRate(2).during(ofSeconds(90)));
        faults.after(ofSeconds(20), NetworkFault.partition(orders, Destination.service(Stack.NAMESPACE, "payment-service"), ofSeconds(20)));
        faults.awaitAll();
        run.endAfter(ofSeconds(25)).awaitEnd(); // 15 s of orders after the recovery verdict's 10 s
    }
}
