package dev.unshaken.suites.scenarios;

import dev.unshaken.chaos.Destination;
import dev.unshaken.chaos.Faults;
import dev.unshaken.chaos.NetworkFault;
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
import dev.unshaken.suites.RunsAlone;
import dev.unshaken.suites.UnshakenScenario;
import dev.unshaken.suites.verdicts.InconclusiveVerdictError;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.unshaken.load.LoadProfile.constantRate;
import static dev.unshaken.suites.verdicts.Verdicts.assertThat;
import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * payment-service turns slow: for 20 s every packet order-service sends it is held 8 s (± 0.5 s) while shoppers check
 * out. The reference order-service gives up on it after its 3 s timeout and answers a fast 502, so slowness stays
 * bounded and the shop recovers when the latency ends. Its {@code no-timeouts} twin waits for the slow answers: each
 * order takes 8 s or more, past the 6 s budget, and the verdict counts them. The fault proves it took effect by a
 * connect from an order-service pod that takes the delay, and journals how long the packets were actually held.
 */
@RunsAlone
@UnshakenScenario
class DependencyLatencyIT {

    /** Above the reference's 3 s downstream timeout plus the rest of an order; below the added delay. */
    private static final Duration ANSWER_BUDGET = ofSeconds(6);
    private static final Duration DELAY = ofSeconds(8);

    @Test
    void ordersFailFastWhilePaymentServiceIsSlowAndTheShopRecovers(Cluster cluster, @Shop Stack shop, Load load, Faults faults, Journal journal) {
        slowPaymentsUnderCheckoutLoad(cluster, shop, load, faults);

        assertThat(journal).everyFaultFinished(FaultKind.NETWORK_LATENCY)
                .everyRequestAnsweredWithin(ANSWER_BUDGET, FaultKind.NETWORK_LATENCY, Duration.ZERO)
                .recoveredWithin(ofSeconds(10), FaultKind.NETWORK_LATENCY);
        FaultEvent latency = journal.faults().stream().filter(f -> f.kind() == FaultKind.NETWORK_LATENCY && f.ended()).findFirst().orElseThrow();
        assertThat(Long.parseLong(latency.details().get("delayedPackets"))).as("order-service's packets to payment-service queued").isPositive();
        assertThat(Long.parseLong(latency.details().get("meanHeldMs"))).as("how long the delayers held them").isBetween(7500L, 8600L);
        assertThat(latency.details().get("probeDuring")).startsWith("connected in");
    }

    @Test
    void ordersOfAnOrderServiceWithoutTimeoutsWaitForTheSlowDependencyAndTheVerdictCountsThem(Cluster cluster,
            @Shop(StackVariant.NO_TIMEOUTS) Stack shop, Load load, Faults faults, Journal journal) {
        slowPaymentsUnderCheckoutLoad(cluster, shop, load, faults);

        assertThatThrownBy(() -> assertThat(journal).asNegativeControl()
                .everyRequestAnsweredWithin(ANSWER_BUDGET, FaultKind.NETWORK_LATENCY, Duration.ZERO))
                .isInstanceOf(AssertionError.class)
                .isNotInstanceOf(InconclusiveVerdictError.class)
                .hasMessageContaining("to get an HTTP status within 6000 ms, but");
    }

    private static void slowPaymentsUnderCheckoutLoad(Cluster cluster, Stack shop, Load load, Faults faults) {
        var gateway = shop.gateway(cluster::nodePortUrl);
        Waits.awaitAnswering(gateway.resolve("/healthz"), "the shop's gateway NodePort");
        faults.confineTo(Stack.NAMESPACE);
        var orders = PodTarget.labelled(Stack.NAMESPACE, "app", "order-service");
        var payments = Destination.service(Stack.NAMESPACE, "payment-service");

        var run = load.start(gateway, Journeys.shopCheckout(), constantRate(2).during(ofSeconds(90)));
        faults.after(ofSeconds(20), NetworkFault.latency(orders, payments, DELAY, ofSeconds(20)).withJitter(ofMillis(500)));
        faults.awaitAll();
        run.endAfter(ofSeconds(25)).awaitEnd(); // 15 s of orders after the recovery verdict's 10 s
    }
}
