package dev.unshaken.suites.scenarios;

import dev.unshaken.chaos.Fault;
import dev.unshaken.chaos.Faults;
import dev.unshaken.chaos.PodDelete;
import dev.unshaken.chaos.PodTarget;
import dev.unshaken.fixtures.cluster.Waits;
import dev.unshaken.fixtures.cluster.Cluster;
import dev.unshaken.fixtures.stack.Shop;
import dev.unshaken.fixtures.stack.Stack;
import dev.unshaken.journal.FaultKind;
import dev.unshaken.journal.Journal;
import dev.unshaken.load.Journeys;
import dev.unshaken.load.Load;
import dev.unshaken.suites.UnshakenScenario;
import org.junit.jupiter.api.Test;

import static dev.unshaken.load.LoadProfile.constantRate;
import static dev.unshaken.suites.verdicts.Verdicts.assertThat;
import static java.time.Duration.ofSeconds;

/**
 * Pods of the reference shop's user-service and order-service are deleted one after another while shoppers
 * check out: preStop delays, readiness that turns false on SIGTERM and draining servers mean no request fails.
 * (Its {@code no-graceful-shutdown} twin failed no request in our run either: the gateway retries a refused
 * connection on another pod and the ClusterIP drops a deleted pod at once, so only requests in flight at SIGTERM
 * can fail, and at this rate there are few. The verdict's negative control is {@code PodDeleteUnderLoadIT}'s.)
 */
@UnshakenScenario
class ShopPodDeleteIT {

    @Test
    void gracefulDeletesOfShopPodsUnderCheckoutLoadFailNoRequest(Cluster cluster, @Shop Stack shop,
                                                                 Load load, Faults faults, Journal journal) {
        deleteShopPodsUnderCheckoutLoad(cluster, shop, load, faults);

        assertThat(journal).hasNoFailedRequestsAround(FaultKind.POD_DELETE, ofSeconds(5));
    }

    private static void deleteShopPodsUnderCheckoutLoad(Cluster cluster, Stack shop, Load load, Faults faults) {
        var gateway = shop.gateway(cluster::nodePortUrl);
        Waits.awaitAnswering(gateway.resolve("/healthz"), "the shop's gateway NodePort");
        faults.confineTo(Stack.NAMESPACE);
        var users = PodTarget.labelled(Stack.NAMESPACE, "app", "user-service");
        var orders = PodTarget.labelled(Stack.NAMESPACE, "app", "order-service");

        var run = load.start(gateway, Journeys.shopCheckout(), constantRate(3).during(ofSeconds(100)));
        faults.after(ofSeconds(15), PodDelete.graceful(users)
                .then(Fault.pause(ofSeconds(10))).then(PodDelete.graceful(orders))
                .then(Fault.pause(ofSeconds(10))).then(PodDelete.graceful(users)));
        faults.awaitAll();
        run.endAfter(ofSeconds(10)).awaitEnd(); // past the verdict's 5 s margin after the last delete
    }
}
