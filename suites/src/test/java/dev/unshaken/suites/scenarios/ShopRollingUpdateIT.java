package dev.unshaken.suites.scenarios;

import dev.unshaken.chaos.Fault;
import dev.unshaken.chaos.Faults;
import dev.unshaken.chaos.Rollout;
import dev.unshaken.fixtures.cluster.Cluster;
import dev.unshaken.fixtures.stack.Stack;
import dev.unshaken.fixtures.stack.StackVariant;
import dev.unshaken.journal.FaultKind;
import dev.unshaken.journal.Journal;
import dev.unshaken.load.Journeys;
import dev.unshaken.load.Load;
import dev.unshaken.suites.UnshakenScenario;
import org.junit.jupiter.api.Test;

import static dev.unshaken.load.LoadProfile.constantRate;
import static dev.unshaken.suites.verdicts.Verdicts.assertThat;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * product-service, then order-service of the shop are rolled to their next version while shoppers check out
 * (2 checkouts a second: register, login, list products, order, pay). The reference shop keeps both replicas
 * ready and fails no request. Its {@code surge-unavailable} twin stops every old pod at once, and the readiness
 * verdict catches it. (The {@code no-readiness} twin is not caught by this rollout: the services listen within
 * a second and their migrations find the schema in place, so the old pods' preStop delay covers the new pods'
 * start; readiness only matters here when a new pod cannot serve.)
 */
@UnshakenScenario
class ShopRollingUpdateIT {

    private static final String ORDER_SERVICE = "order-service";
    private static final String PRODUCT_SERVICE = "product-service";

    @Test
    void rollingUpdateOfTheReferenceShopUnderCheckoutLoadFailsNoRequest(Cluster cluster, Load load, Faults faults, Journal journal) {
        Stack shop = Stack.deploy(cluster, StackVariant.REFERENCE);
        try {
            rollProductAndOrderServiceUnderCheckoutLoad(cluster, shop, load, faults);

            assertThat(journal)
                    .keptReadyReplicasDuring(FaultKind.ROLLOUT, Stack.NAMESPACE, PRODUCT_SERVICE, 2)
                    .keptReadyReplicasDuring(FaultKind.ROLLOUT, Stack.NAMESPACE, ORDER_SERVICE, 2)
                    .hasNoFailedRequestsAround(FaultKind.ROLLOUT, ofSeconds(5))
                    // The old pods keep serving through their preStop pause after the rollout reports complete,
                    // and callers may still resolve them after that: the whole run must be clean, not only the
                    // rollout's window (a 30 s DNS TTL once failed orders 8 to 22 s after the rollout ended).
                    .hasNoFailedRequests();
        } finally {
            shop.teardown();
        }
    }

    @Test
    void aRolloutThatStopsEveryOldPodAtOnceIsCaught(Cluster cluster, Load load, Faults faults, Journal journal) {
        Stack shop = Stack.deploy(cluster, StackVariant.SURGE_UNAVAILABLE);
        try {
            rollProductAndOrderServiceUnderCheckoutLoad(cluster, shop, load, faults);

            assertThatThrownBy(() -> assertThat(journal).asNegativeControl()
                    .keptReadyReplicasDuring(FaultKind.ROLLOUT, Stack.NAMESPACE, PRODUCT_SERVICE, 2))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("Expected shop/product-service to keep at least 2 ready replicas during ROLLOUT shop/deployment/product-service")
                    .hasMessageContaining("but only 0 of 2 were ready");
        } finally {
            shop.teardown();
        }
    }

    private static void rollProductAndOrderServiceUnderCheckoutLoad(Cluster cluster, Stack shop, Load load, Faults faults) {
        for (String service : new String[] {PRODUCT_SERVICE, ORDER_SERVICE}) {
            cluster.loadImage(nextImage(service));
        }
        var gateway = shop.gateway(cluster::nodePortUrl);
        WebWorkload.awaitAnswering(gateway.resolve("/healthz"));
        faults.confineTo(Stack.NAMESPACE);

        var run = load.start(gateway, Journeys.shopCheckout(), constantRate(2).during(ofSeconds(120)));
        faults.after(ofSeconds(20), Rollout.image(Stack.NAMESPACE, PRODUCT_SERVICE, nextImage(PRODUCT_SERVICE))
                .then(Fault.pause(ofSeconds(10)))
                .then(Rollout.image(Stack.NAMESPACE, ORDER_SERVICE, nextImage(ORDER_SERVICE))));
        run.awaitEnd();
        faults.awaitAll();
    }

    private static String nextImage(String service) {
        return "unshaken/" + service + ":" + Stack.NEXT_VERSION;
    }
}
