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
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.unshaken.load.LoadProfile.constantRate;
import static dev.unshaken.load.LoadProfile.rampedRate;
import static dev.unshaken.suites.verdicts.Verdicts.assertThat;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Sign-ups (bcrypt, CPU-heavy) ramp up against the shop: user-service's HorizontalPodAutoscaler must take it
 * from 3 to at least 4 Ready pods within 75 s of the first sign-up, through its phases (metrics visible, desired replicas raised,
 * pods scheduled, pods Ready). The {@code hpa-cannot-scale} twin has no CPU request, so the HPA never sees a
 * utilisation, and the verdict names the phase that never came.
 */
@RunsAlone
@UnshakenScenario
class ShopAutoscalingIT {

    private static final String USER_SERVICE = "user-service";
    private static final Duration BUDGET = ofSeconds(75);

    @Test
    void userServiceScalesOutUnderSignUpLoad(Cluster cluster, @Shop Stack shop, Load load, Faults faults, Journal journal) {
        signUpsRampUp(cluster, shop, load, faults);

        assertThat(journal).scaledOut(Stack.NAMESPACE, USER_SERVICE, USER_SERVICE, 4, BUDGET);
    }

    @Test
    void anHpaWithoutCpuRequestsNeverScalesAndTheVerdictSaysWhy(Cluster cluster, @Shop(StackVariant.HPA_CANNOT_SCALE) Stack shop,
                                                                Load load, Faults faults, Journal journal) {
        signUpsRampUp(cluster, shop, load, faults);

        assertThatThrownBy(() -> assertThat(journal).asNegativeControl()
                .scaledOut(Stack.NAMESPACE, USER_SERVICE, USER_SERVICE, 4, BUDGET))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expected shop/user-service scaled out to 4 Ready pods")
                .hasMessageContaining("metrics visible: never")
                .hasMessageContaining("desired replicas raised to 4: never");
    }

    private static void signUpsRampUp(Cluster cluster, Stack shop, Load load, Faults faults) {
        var gateway = shop.gateway(cluster::nodePortUrl);
        Waits.awaitAnswering(gateway.resolve("/healthz"), "the shop's gateway NodePort");
        faults.watch(Stack.NAMESPACE); // records the HPA, the pods and the Deployment; no fault here

        load.start(gateway, Journeys.shopSignUp(), rampedRate(1, 3).during(ofSeconds(20)).then(constantRate(3).during(ofSeconds(70))))
                .awaitEnd();
    }
}
