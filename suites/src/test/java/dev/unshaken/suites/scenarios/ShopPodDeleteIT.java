package dev.unshaken.suites.scenarios;

import dev.unshaken.chaos.Fault;
import dev.unshaken.chaos.Faults;
import dev.unshaken.chaos.PodDelete;
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

import static dev.unshaken.load.LoadProfile.constantRate;
import static dev.unshaken.suites.verdicts.Verdicts.assertThat;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Graceful shutdown of the reference shop, exercised on purpose: shoppers check out at 3 a second, each order held
 * 2 s inside order-service between the stock reservation and the charge (a slow, non-idempotent step the gateway may
 * not retry), and order-service pods are deleted only once they have two orders or more in flight. A user-service
 * pod is deleted first, on time alone. The reference shop (preStop delay, readiness false on SIGTERM, draining
 * servers) answers every request. Its {@code no-graceful-shutdown} twin exits on SIGTERM with the orders in flight,
 * and the gateway answers them 502: the same verdict must fail on those requests, never be inconclusive.
 */
@UsesTheShop
@UnshakenScenario
class ShopPodDeleteIT {

    private static final Duration MARGIN = ofSeconds(5);
    private static final Duration SLOW_ORDER = ofSeconds(2);
    private static final int IN_FLIGHT = 2;

    @Test
    void gracefulDeletesOfBusyShopPodsFailNoRequest(Cluster cluster, @Shop Stack shop, Load load, Faults faults, Journal journal) {
        deleteBusyShopPodsUnderCheckoutLoad(cluster, shop, load, faults);

        assertThat(journal).shutDownGracefully(MARGIN);
    }

    @Test
    void theTwinThatExitsOnSigtermFailsTheOrdersInFlight(Cluster cluster, @Shop(StackVariant.NO_GRACEFUL_SHUTDOWN) Stack shop,
                                                          Load load, Faults faults, Journal journal) {
        deleteBusyShopPodsUnderCheckoutLoad(cluster, shop, load, faults);

        assertThatThrownBy(() -> assertThat(journal).asNegativeControl().shutDownGracefully(MARGIN))
                .isInstanceOf(AssertionError.class)
                .isNotInstanceOf(InconclusiveVerdictError.class)
                .hasMessageContaining("Expected requests in flight on pods being deleted to be answered")
                .hasMessageContaining("POST /api/v1/orders");
        assertThat(journal.faults()).filteredOn(f -> f.kind() == FaultKind.POD_DELETE && f.ended())
                .filteredOn(f -> f.details().containsKey(FaultEvent.IN_FLIGHT_AT_DELETE))
                .as("order-service pods deleted with orders in flight")
                .hasSize(2)
                .allSatisfy(f -> assertThat(Long.parseLong(f.detail(FaultEvent.IN_FLIGHT_AT_DELETE))).isGreaterThanOrEqualTo(IN_FLIGHT));
    }

    private static void deleteBusyShopPodsUnderCheckoutLoad(Cluster cluster, Stack shop, Load load, Faults faults) {
        var gateway = shop.gateway(cluster::nodePortUrl);
        Waits.awaitAnswering(gateway.resolve("/healthz"), "the shop's gateway NodePort");
        faults.confineTo(Stack.NAMESPACE);
        var users = PodTarget.labelled(Stack.NAMESPACE, "app", "user-service");
        var orders = PodTarget.labelled(Stack.NAMESPACE, "app", "order-service");

        var run = load.start(gateway, Journeys.shopCheckoutWithSlowOrders(SLOW_ORDER), constantRate(3).during(ofSeconds(150)));
        faults.after(ofSeconds(15), PodDelete.graceful(users)
                .then(Fault.pause(ofSeconds(10))).then(PodDelete.graceful(orders).whenInFlight(IN_FLIGHT))
                .then(Fault.pause(ofSeconds(10))).then(PodDelete.graceful(orders).whenInFlight(IN_FLIGHT)));
        faults.awaitAll();
        run.endAfter(MARGIN.plusSeconds(5)).awaitEnd(); // past the verdict's margin after the last delete
    }
}
