package dev.unshaken.chaos;

import dev.unshaken.chaos.DrainBlockers.Refusals;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What a drain that gave up says about the pods still on its node: built by hand, no cluster. */
class DrainBlockersTest {

    private static final String REFUSED = "Cannot evict pod as it would violate the pod's disruption budget.";

    private static Pod pod(String namespace, String name, Map<String, String> labels) {
        return new PodBuilder().withNewMetadata().withNamespace(namespace).withName(name).withLabels(labels).endMetadata().build();
    }

    private static PodDisruptionBudget minAvailable(String namespace, String name, int min, String app) {
        return new PodDisruptionBudgetBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withNewSpec().withMinAvailable(new IntOrString(min)).withNewSelector().addToMatchLabels("app", app).endSelector().endSpec()
                .withNewStatus().withCurrentHealthy(3).withDesiredHealthy(3).withExpectedPods(3).withDisruptionsAllowed(0).endStatus()
                .build();
    }

    @Test
    void aPodRefusedByABudgetIsNamedWithTheBudgetAndItsStatus() {
        var web = pod("shop", "web-a", Map.of("app", "web"));
        var budgets = List.of(minAvailable("shop", "web", 3, "web"), minAvailable("shop", "orders", 1, "order-service"),
                minAvailable("other", "web", 1, "web"));

        assertThat(DrainBlockers.describe(List.of(web), Map.of("shop/web-a", new Refusals(12, new Eviction(429, REFUSED))), budgets))
                .isEqualTo("shop/web-a (eviction refused 12 times, last with 429, under PodDisruptionBudget shop/web: minAvailable 3,"
                        + " 3 of 3 healthy (3 needed), 0 disruptions allowed)");
    }

    @Test
    void everyPodStillOnTheNodeIsNamedWithWhyItIsThere() {
        var terminating = new PodBuilder(pod("shop", "web-b", Map.of("app", "web"))).editMetadata()
                .withDeletionTimestamp("2026-01-01T10:00:00Z").endMetadata().build();
        var twoBudgets = pod("shop", "pay-a", Map.of("app", "payment-service", "tier", "backend"));
        var notTried = pod("shop", "cart-a", Map.of("app", "cart"));
        var unbudgeted = pod("shop", "user-a", Map.of("app", "user-service"));
        var budgets = List.of(minAvailable("shop", "payments", 1, "payment-service"), new PodDisruptionBudgetBuilder()
                .withNewMetadata().withNamespace("shop").withName("backend").endMetadata()
                .withNewSpec().withMaxUnavailable(new IntOrString("50%")).withNewSelector().addNewMatchExpression().withKey("tier")
                .withOperator("In").withValues("backend").endMatchExpression().endSelector().endSpec().build());
        String several = "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.";

        String text = DrainBlockers.describe(List.of(terminating, twoBudgets, notTried, unbudgeted), Map.of(
                "shop/web-b", new Refusals(3, new Eviction(429, REFUSED)),
                "shop/pay-a", new Refusals(1, new Eviction(500, several)),
                "shop/user-a", new Refusals(2, new Eviction(429, REFUSED))), budgets);

        assertThat(text.split("; ")).containsExactly(
                "shop/web-b (being deleted, not gone yet: look at its grace period and finalizers)",
                "shop/pay-a (eviction refused 1 time, last with 500 (" + several + "), under PodDisruptionBudgets shop/payments: minAvailable 1,"
                        + " 3 of 3 healthy (3 needed), 0 disruptions allowed, shop/backend: maxUnavailable 50%, no status yet)",
                "shop/cart-a (not evicted yet)",
                "shop/user-a (eviction refused 2 times, last with 429, yet no PodDisruptionBudget selects it now)");
    }

    @Test
    void aBudgetSelectsPodsOfItsNamespaceAsALabelSelectorDoes() {
        var pod = pod("shop", "web-a", Map.of("app", "web", "tier", "front"));
        assertThat(DrainBlockers.selects(minAvailable("shop", "web", 1, "web"), pod)).isTrue();
        assertThat(DrainBlockers.selects(minAvailable("shop", "api", 1, "api"), pod)).isFalse();
        assertThat(DrainBlockers.selects(minAvailable("other", "web", 1, "web"), pod)).as("another namespace").isFalse();

        assertThat(DrainBlockers.selects(expression("tier", "In", "front", "edge"), pod)).isTrue();
        assertThat(DrainBlockers.selects(expression("tier", "NotIn", "front"), pod)).isFalse();
        assertThat(DrainBlockers.selects(expression("zone", "NotIn", "a"), pod)).as("NotIn matches a missing label").isTrue();
        assertThat(DrainBlockers.selects(expression("tier", "Exists"), pod)).isTrue();
        assertThat(DrainBlockers.selects(expression("tier", "DoesNotExist"), pod)).isFalse();

        var emptySelector = new PodDisruptionBudgetBuilder().withNewMetadata().withNamespace("shop").withName("all").endMetadata()
                .withNewSpec().withNewSelector().endSelector().endSpec().build();
        var noSelector = new PodDisruptionBudgetBuilder().withNewMetadata().withNamespace("shop").withName("none").endMetadata()
                .withNewSpec().endSpec().build();
        assertThat(DrainBlockers.selects(emptySelector, pod)).as("an empty selector covers the namespace").isTrue();
        assertThat(DrainBlockers.selects(noSelector, pod)).as("no selector covers nothing").isFalse();
    }

    private static PodDisruptionBudget expression(String key, String operator, String... values) {
        return new PodDisruptionBudgetBuilder().withNewMetadata().withNamespace("shop").withName("x").endMetadata()
                .withNewSpec().withNewSelector().addNewMatchExpression().withKey(key).withOperator(operator).withValues(values)
                .endMatchExpression().endSelector().endSpec().build();
    }
}
