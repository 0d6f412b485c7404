package dev.unshaken.suites.scenarios;

import dev.unshaken.chaos.Fault;
import dev.unshaken.chaos.Faults;
import dev.unshaken.chaos.Rollout;
import dev.unshaken.fixtures.cluster.Waits;
import dev.unshaken.fixtures.cluster.Cluster;
import dev.unshaken.fixtures.stack.Shop;
import dev.unshaken.fixtures.stack.Stack;
import dev.unshaken.fixtures.stack.StackVariant;
import dev.unshaken.journal.FaultKind;
import dev.unshaken.journal.Journal;
import dev.unshaken.load.Journeys;
import dev.unshaken.load.Load;
import dev.unshaken.suites.UnshakenScenario;
import dev.unshaken.suites.UsesTheShop;
import dev.unshaken.suites.verdicts.InconclusiveVerdictError;
import org.junit.jupiter.api.Test;

import static dev.unshaken.load.LoadProfile.constantRate;
import static dev.unshaken.suites.verdicts.Verdicts.assertThat;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * product-service, then order-service of the shop are rolled to their next version while shoppers check out
 * (3 checkouts a second: register, login, list products, order, pay; each order held 2 s inside order-service, so
 * every old order-service pod has orders in flight when it is shut down). The reference shop keeps both replicas
 * ready and fails no request. Its {@code surge-unavailable} twin stops every old pod at once, and the readiness
 * verdict catches it; its {@code no-graceful-shutdown} twin's old pods exit on SIGTERM with orders in flight, and the
 * failed-requests verdict catches it. (The {@code no-readiness} twin is not caught by this rollout: the services listen within
 * a second and their migrations find the schema in place, so the old pods' preStop delay covers the new pods'
 * start; readiness only matters here when a new pod cannot serve.)
 */
@UsesTheShop
@UnshakenScenario
class ShopRollingUpdateIT {

    private static final String ORDER_SERVICE = "order-service";
    private static final String PRODUCT_SERVICE = "product-service";

    @Test
    void rollingUpdateOfTheReferenceShopUnderCheckoutLoadFailsNoRequest(Cluster cluster, @Shop Stack shop,
                                                                        Load load, Faults faults, Journal journal) {
        rollUnderCheckoutLoad(cluster, shop, load, faults, PRODUCT_SERVICE, ORDER_SERVICE);

        assertThat(journal)
                .keptReadyReplicasDuring(FaultKind.ROLLOUT, Stack.NAMESPACE, PRODUCT_SERVICE, 2)
                .keptReadyReplicasDuring(FaultKind.ROLLOUT, Stack.NAMESPACE, ORDER_SERVICE, 2)
                .hasNoFailedRequestsAround(FaultKind.ROLLOUT, ofSeconds(5))
                // The old pods keep serving through their preStop pause after the rollout reports complete,
                // and callers may still resolve them after that: the whole run must be clean, not only the
                // rollout's window (a 30 s DNS TTL once failed orders 8 to 22 s after the rollout ended).
                .hasNoFailedRequests();
    }

    @Test
    void aRolloutWhoseOldPodsExitOnSigtermFailsTheOrdersInFlight(Cluster cluster,
                                                                  @Shop(StackVariant.NO_GRACEFUL_SHUTDOWN) Stack shop,
                                                                  Load load, Faults faults, Journal journal) {
        rollUnderCheckoutLoad(cluster, shop, load, faults, ORDER_SERVICE);

        assertThatThrownBy(() -> assertThat(journal).asNegativeControl().hasNoFailedRequestsAround(FaultKind.ROLLOUT, ofSeconds(5)))
                .isInstanceOf(AssertionError.class)
                .isNotInstanceOf(InconclusiveVerdictError.class)
                .hasMessageContaining("Expected no failed requests within 5 s of ROLLOUT shop/deployment/order-service")
                .hasMessageContaining("POST /api/v1/orders");
    }

    @Test
    void aRolloutThatStopsEveryOldPodAtOnceIsCaught(Cluster cluster, @Shop(StackVariant.SURGE_UNAVAILABLE) Stack shop,
                                                    Load load, Faults faults, Journal journal) {
        // The verdict is product-service's: its rollout alone shows the twin's defect.
        rollUnderCheckoutLoad(cluster, shop, load, faults, PRODUCT_SERVICE);

        assertThatThrownBy(() -> assertThat(journal).asNegativeControl()
                .keptReadyReplicasDuring(FaultKind.ROLLOUT, Stack.NAMESPACE, PRODUCT_SERVICE, 2))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expected shop/product-service to keep at least 2 ready replicas during ROLLOUT shop/deployment/product-service")
                .hasMessageContaining("but only 0 of 2 were ready");
    }

    /** Rolls the services to their next version one after another, 10 s apart, from 20 s into the checkouts. */
    private static void rollUnderCheckoutLoad(Cluster cluster, Stack shop, Load load, Faults faults, String... services) {
        for (String service : services) {
            cluster.loadImage(nextImage(service));
        }
        var gateway = shop.gateway(cluster::nodePortUrl);
        Waits.awaitAnswering(gateway.resolve("/healthz"), "the shop's gateway NodePort");
        faults.confineTo(Stack.NAMESPACE);

        // At most 150 s. It ends 30 s after the last rollout completed: the old pods' 10 s preStop pause plus the
        // gateway's DNS answers (5 s TTL, 2 s nginx cache) is when a caller could still reach a pod that is gone.
        var run = load.start(gateway, Journeys.shopCheckoutWithSlowOrders(ofSeconds(2)), constantRate(3).during(ofSeconds(150)));
        Fault rollouts = Rollout.image(Stack.NAMESPACE, services[0], nextImage(services[0]));
        for (int i = 1; i < services.length; i++) {
            rollouts = rollouts.then(Fault.pause(ofSeconds(10))).then(Rollout.image(Stack.NAMESPACE, services[i], nextImage(services[i])));
        }
        faults.after(ofSeconds(20), rollouts);
        faults.awaitAll();
        run.endAfter(ofSeconds(30)).awaitEnd();
    }

    private static String nextImage(String service) {
        return "unshaken/" + service + ":" + Stack.NEXT_VERSION;
    }
}
