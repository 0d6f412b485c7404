package dev.unshaken.suites.certify;

import dev.unshaken.chaos.NodeDrain;
import dev.unshaken.chaos.NodeFaultOptIn;
import dev.unshaken.chaos.NodeFailure;
import dev.unshaken.chaos.OnBusiestNode;
import dev.unshaken.chaos.PodDelete;
import dev.unshaken.chaos.PodTarget;
import dev.unshaken.fixtures.cluster.ObjectLabels;
import dev.unshaken.fixtures.stack.StackVariant;
import dev.unshaken.load.Journeys;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static dev.unshaken.load.LoadProfile.constantRate;
import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

/** The dry run's output: what would be created and labelled, which fault hits what and when, what is skipped. */
class CertificationPlanTest {

    private static final Path KUBECONFIG = Path.of("/home/release/.kube/config");
    private static final PodTarget ORDERS = PodTarget.labelled("shop", "app", "order-service");

    private static final CertificationPlan PLAN = CertificationPlan.of(StackVariant.NO_PDB,
            CertificationStep.named("deletes")
                    .load(Journeys.shopCheckout(), constantRate(2).during(ofSeconds(60)))
                    .at(ofSeconds(30), PodDelete.kill(ORDERS))
                    .at(ofMillis(12_500), PodDelete.graceful(PodTarget.labelled("shop", "app", "user-service")))
                    .verdict("no request fails", journal -> { }),
            CertificationStep.named("drain")
                    .load(Journeys.simpleGet("/healthz"), constantRate(5).during(ofSeconds(90)))
                    .at(ofSeconds(20), OnBusiestNode.of(ORDERS, NodeDrain::of))
                    .at(ofSeconds(40), NodeFailure.stop("agent-2", ofSeconds(30)))
                    .verdict("order-service keeps 1 ready replica", journal -> { }));

    @Test
    void withoutOptInThePlanSaysWhatWouldBeCreatedAndWhichFaultsAreSkipped() {
        String run = ObjectLabels.runId();

        String plan = PLAN.render(KUBECONFIG, "staging", NodeFaultOptIn.forContext("staging", null));

        assertThat(plan).isEqualTo("""
                Unshaken certification plan (dry run: nothing is created, the cluster is not contacted)
                  cluster:     context staging of kubeconfig /home/release/.kube/config
                  node faults: node and machine faults skipped (allow node faults with -Dunshaken.allowNodeFaults=staging@<id>); <id> is the first 8 characters of: kubectl --context staging get namespace kube-system -o jsonpath='{.metadata.uid}'
                  abort:       a step's faults stop early and are undone when its error rate over 10 s at most 50 %% (windows of 10 or more requests) no longer holds
                  the no-pdb shop would be created in namespace shop, every object labelled dev.unshaken.managed=true, dev.unshaken.run=%s:
                %s
                  steps (fault times count from the start of the step's load):
                    1. deletes
                       load:    checkout journeys, 2/s for 60.0s, at the api-gateway (NodePort 30080)
                       at 12.5 s: graceful delete of a pod labelled app=user-service in shop
                       at 30 s: SIGKILL (grace 0) of a pod labelled app=order-service in shop
                       verdict: no request fails
                    2. drain
                       load:    get journeys, 5/s for 90.0s, at the api-gateway (NodePort 30080)
                       at 20 s: drain of node <node with most app=order-service pods in shop> skipped: it changes nodes of context staging, a cluster Unshaken did not start; allow node faults there with -Dunshaken.allowNodeFaults=staging@<id>
                       at 40 s: power-off of node agent-2 for 30 s skipped: it stops or freezes a node's machine, which Unshaken can only do to a k3s cluster it started itself; context staging is an existing cluster
                       verdict: order-service keeps 1 ready replica
                  afterwards: namespace shop is deleted; at the end of the run (also on failure and Ctrl-C) every namespace labelled dev.unshaken.run=%s is deleted and nodes labelled dev.unshaken.cordoned-by=%s are uncordoned
                """.formatted(run, objectLines(), run, run));
    }

    @Test
    void withTheOptInForThisContextAndAClusterTheDrainRunsIfTheIdMatchesAtRunTimeButANodePowerOffNever() {
        String plan = PLAN.render(KUBECONFIG, "staging", NodeFaultOptIn.forContext("staging", "staging@3f9a1c2e"));

        assertThat(plan)
                .contains("  node faults: node faults allowed for context staging only if 3f9a1c2e is the id of its cluster at run"
                        + " time (-Dunshaken.allowNodeFaults; the first 8 characters of the UID of namespace kube-system); machine"
                        + " faults skipped\n")
                .contains("       at 20 s: drain of node <node with most app=order-service pods in shop> (runs only if 3f9a1c2e is"
                        + " the id of context staging's cluster at run time)\n")
                .contains("       at 40 s: power-off of node agent-2 for 30 s skipped: it stops or freezes a node's machine");
    }

    @Test
    void anOptInNamingTheContextOnlyIsRefusedInThePlanWithTheValueToPass() {
        String plan = PLAN.render(KUBECONFIG, "staging", NodeFaultOptIn.forContext("staging", "staging"));

        assertThat(plan).contains("       at 20 s: drain of node <node with most app=order-service pods in shop> skipped:"
                + " -Dunshaken.allowNodeFaults=staging names the context only, and a context name like staging recurs across"
                + " clusters; -Dunshaken.allowNodeFaults=staging@<id> names the cluster as well as the context\n");
    }

    @Test
    void theObjectsAreTheVariantsInTheOrderTheyAreApplied() {
        assertThat(PLAN.objects()).startsWith("Namespace shop", "ConfigMap shop/shop-config")
                .contains("StatefulSet shop/postgres", "Deployment shop/order-service", "HorizontalPodAutoscaler shop/user-service",
                        "Service shop/api-gateway")
                .as("the no-pdb twin has no budgets").noneMatch(object -> object.startsWith("PodDisruptionBudget"));
        assertThat(CertificationPlan.of(StackVariant.REFERENCE).objects()).contains("PodDisruptionBudget shop/order-service");
    }

    private static String objectLines() {
        return String.join("\n", PLAN.objects().stream().map(object -> "    " + object).toList());
    }
}
