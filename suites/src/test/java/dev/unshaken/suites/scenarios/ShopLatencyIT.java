package dev.unshaken.suites.scenarios;

import dev.unshaken.chaos.Faults;
import dev.unshaken.fixtures.cluster.Waits;
import dev.unshaken.fixtures.cluster.Cluster;
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

import java.time.Duration;

import static dev.unshaken.load.LoadProfile.constantRate;
import static dev.unshaken.suites.verdicts.Verdicts.assertThat;
import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The articles' SLO: in steady state (no fault), 99 % of checkout requests answer within 500 ms. The reference shop
 * meets it at 2 checkouts a second; its {@code cpu-throttled} twin caps user-service at 20m of CPU, so every
 * bcrypt hash of a sign-up or login queues for seconds, and the latency verdict says by how much it missed.
 */
@RunsAlone
@UnshakenScenario
class ShopLatencyIT {

    private static final Duration SLO = ofMillis(500);

    @Test
    void checkoutsMeetTheP99Slo(Cluster cluster, @Shop Stack shop, Load load, Faults faults, Journal journal) {
        steadyCheckouts(cluster, shop, load, faults);

        assertThat(journal).hasNoFailedRequests().hasLatencyP99OutsideFaultsBelow(SLO, ofSeconds(5));
    }

    @Test
    void aThrottledUserServiceMissesTheSloAndTheVerdictSaysByHowMuch(Cluster cluster, @Shop(StackVariant.CPU_THROTTLED) Stack shop,
                                                                     Load load, Faults faults, Journal journal) {
        steadyCheckouts(cluster, shop, load, faults);

        assertThatThrownBy(() -> assertThat(journal).asNegativeControl().hasLatencyP99OutsideFaultsBelow(SLO, ofSeconds(5)))
                .isInstanceOf(AssertionError.class)
                .isNotInstanceOf(InconclusiveVerdictError.class)
                .hasMessageContaining("p99")
                .hasMessageContaining("but it was");
    }

    private static void steadyCheckouts(Cluster cluster, Stack shop, Load load, Faults faults) {
        var gateway = shop.gateway(cluster::nodePortUrl);
        Waits.awaitAnswering(gateway.resolve("/healthz"), "the shop's gateway NodePort");
        faults.watch(Stack.NAMESPACE); // records the pods, so a slow run can be read in the report; no fault here
        load.start(gateway, Journeys.shopCheckout(), constantRate(2).during(ofSeconds(60))).awaitEnd();
    }
}
