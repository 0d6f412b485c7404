package dev.unshaken.suites.scenarios;

import dev.unshaken.chaos.Faults;
import dev.unshaken.chaos.NodeDrain;
import dev.unshaken.chaos.NodeUncordon;
import dev.unshaken.chaos.OnBusiestNode;
import dev.unshaken.chaos.PodTarget;
import dev.unshaken.fixtures.cluster.Cluster;
import dev.unshaken.fixtures.cluster.Waits;
import dev.unshaken.fixtures.stack.Shop;
import dev.unshaken.fixtures.stack.Stack;
import dev.unshaken.fixtures.stack.StackVariant;
import dev.unshaken.journal.Journal;
import dev.unshaken.load.Journeys;
import dev.unshaken.load.Load;
import dev.unshaken.suites.RunsAlone;
import dev.unshaken.suites.UnshakenScenario;
import dev.unshaken.suites.verdicts.InconclusiveVerdictError;
import org.junit.jupiter.api.Test;

import static dev.unshaken.load.LoadProfile.constantRate;
import static dev.unshaken.suites.verdicts.Verdicts.assertThat;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A node is drained for maintenance while shoppers check out, each order held 2 s inside order-service: the drain
 * evicts order-service pods with orders in flight, and journals how many each had. The reference shop answers them
 * all; the {@code no-graceful-shutdown} twin exits on SIGTERM and drops them, and the graceful-shutdown verdict counts
 * the dropped orders (never INCONCLUSIVE: the evicted pods had work in flight).
 */
@RunsAlone
@UnshakenScenario
class ShopDrainWithOrdersInFlightIT {

    @Test
    void drainingTheNodeOfMostOrderServicePodsAnswersTheOrdersInFlightOnIt(Cluster cluster, @Shop Stack shop,
                                                                          Load load, Faults faults, Journal journal) {
        drainTheOrderServiceNodeUnderSlowCheckouts(cluster, shop, load, faults);

        assertThat(journal).shutDownGracefully(ofSeconds(5));
    }

    @Test
    void drainingTheTwinThatExitsOnSigtermFailsTheOrdersInFlightOnTheNode(Cluster cluster,
                                                                       @Shop(StackVariant.NO_GRACEFUL_SHUTDOWN) Stack shop,
                                                                       Load load, Faults faults, Journal journal) {
        drainTheOrderServiceNodeUnderSlowCheckouts(cluster, shop, load, faults);

        assertThatThrownBy(() -> assertThat(journal).asNegativeControl().shutDownGracefully(ofSeconds(5)))
                .isInstanceOf(AssertionError.class)
                .isNotInstanceOf(InconclusiveVerdictError.class)
                .hasMessageContaining("Expected requests in flight on pods being deleted to be answered")
                .hasMessageContaining("evicted at")
                .hasMessageContaining("POST /api/v1/orders");
    }

    private static void drainTheOrderServiceNodeUnderSlowCheckouts(Cluster cluster, Stack shop, Load load, Faults faults) {
        var gateway = shop.gateway(cluster::nodePortUrl);
        Waits.awaitAnswering(gateway.resolve("/healthz"), "the shop's gateway NodePort");
        faults.confineTo(Stack.NAMESPACE);

        // At most 90 s: 3 checkouts a second, each order held 2 s, keep about 3 orders in flight on each order-service
        // pod. The load ends 10 s after the drain and uncordon; the drain itself waited until its evicted pods were gone.
        var run = load.start(gateway, Journeys.shopCheckoutWithSlowOrders(ofSeconds(2)), constantRate(3).during(ofSeconds(90)));
        faults.after(ofSeconds(20), OnBusiestNode.of(PodTarget.labelled(Stack.NAMESPACE, "app", "order-service"),
                node -> NodeDrain.of(node).withRetryEvery(ofSeconds(2)).then(NodeUncordon.of(node))));
        faults.awaitAll();
        run.endAfter(ofSeconds(10)).awaitEnd();
    }
}
