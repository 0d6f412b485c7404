package dev.unshaken.suites.scenarios;

import dev.unshaken.chaos.Faults;
import dev.unshaken.chaos.HttpFault;
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
 * product-service answers 503 to 30 % of its requests for 20 s (a faulty release, say) while shoppers check out; its
 * probes are excluded, so its pods stay Ready and in rotation, and the shop recovers as soon as the fault ends. The
 * gateway does not retry a 503, so the errors reach the shoppers: the verdict that no request failed around the fault
 * rejects the run by their count, which the fault's own proxies counted as they answered them. Its {@code
 * deep-readiness} twin asks the API itself for readiness and gives up on one failed answer: under the same errors its
 * pods leave the Service, and the verdict that product-service kept its two ready replicas rejects it.
 */
@UsesTheShop
@UnshakenScenario
class ShopHttpFaultIT {

    @Test
    void productErrorsReachTheShoppersWhileProbesKeepThePodsReadyAndTheShopRecovers(Cluster cluster, @Shop Stack shop, Load load,
                                                                                   Faults faults, Journal journal) {
        productErrorsUnderCheckoutLoad(cluster, shop, load, faults);

        assertThat(journal).everyFaultFinished(FaultKind.HTTP_FAULT)
                .keptReadyReplicasDuring(FaultKind.HTTP_FAULT, Stack.NAMESPACE, "product-service", 2)
                .recoveredWithin(ofSeconds(10), FaultKind.HTTP_FAULT);
        FaultEvent http = journal.faults().stream().filter(f -> f.kind() == FaultKind.HTTP_FAULT && f.ended()).findFirst().orElseThrow();
        long faulted = Long.parseLong(http.details().get("faultedRequests"));
        long passed = Long.parseLong(http.details().get("passedRequests"));
        assertThat(faulted).as("requests the proxies answered 503").isPositive();
        assertThat(100.0 * faulted / (faulted + passed)).as("the share answered 503, in %").isBetween(10.0, 55.0);
        assertThat(Long.parseLong(http.details().get("excludedRequests"))).as("probes passed to the server").isPositive();
        assertThat(http.details().get("probeDuring")).startsWith("status 503");

        assertThatThrownBy(() -> assertThat(journal).asNegativeControl().hasNoFailedRequestsAround(FaultKind.HTTP_FAULT, Duration.ZERO))
                .isInstanceOf(AssertionError.class)
                .isNotInstanceOf(InconclusiveVerdictError.class)
                .hasMessageContaining("503");
    }

    @Test
    void aReadinessProbeOnTheFailingApiTakesThePodsOutAndIsCaughtByTheReadyReplicas(Cluster cluster,
                                                                                     @Shop(StackVariant.DEEP_READINESS) Stack shop,
                                                                                     Load load, Faults faults, Journal journal) {
        productErrorsUnderCheckoutLoad(cluster, shop, load, faults);

        assertThatThrownBy(() -> assertThat(journal).asNegativeControl()
                .keptReadyReplicasDuring(FaultKind.HTTP_FAULT, Stack.NAMESPACE, "product-service", 2))
                .isInstanceOf(AssertionError.class)
                .isNotInstanceOf(InconclusiveVerdictError.class)
                .hasMessageContaining("Expected shop/product-service to keep at least 2 ready replicas during HTTP_FAULT");
    }

    /** Checkouts at 3 a second; 15 s in, 30 % of product-service's requests answered 503 for 20 s; the load ends 20 s after. */
    private static void productErrorsUnderCheckoutLoad(Cluster cluster, Stack shop, Load load, Faults faults) {
        var gateway = shop.gateway(cluster::nodePortUrl);
        Waits.awaitAnswering(gateway.resolve("/healthz"), "the shop's gateway NodePort");
        faults.confineTo(Stack.NAMESPACE);
        var products = PodTarget.labelled(Stack.NAMESPACE, "app", "product-service");

        var run = load.start(gateway, Journeys.shopCheckout(), constantRate(3).during(ofSeconds(90)));
        faults.after(ofSeconds(15), HttpFault.abort(products, 8081, 503, 30, ofSeconds(20)).excluding("/healthz", "/readyz")
                .probing("/api/v1/products"));
        faults.awaitAll();
        run.endAfter(ofSeconds(20)).awaitEnd();
    }
}
