package dev.unshaken.suites.certify;

import dev.unshaken.chaos.Destination;
import dev.unshaken.chaos.Faults;
import dev.unshaken.chaos.NetworkFault;
import dev.unshaken.chaos.NodeDrain;
import dev.unshaken.chaos.NodeFailure;
import dev.unshaken.chaos.NodeUncordon;
import dev.unshaken.chaos.OnBusiestNode;
import dev.unshaken.chaos.PodDelete;
import dev.unshaken.chaos.PodTarget;
import dev.unshaken.chaos.Rollout;
import dev.unshaken.fixtures.cluster.Cluster;
import dev.unshaken.fixtures.cluster.ExistingClusterAllowed;
import dev.unshaken.fixtures.stack.Stack;
import dev.unshaken.fixtures.stack.StackVariant;
import dev.unshaken.journal.Journal;
import dev.unshaken.load.Journeys;
import dev.unshaken.load.Load;
import dev.unshaken.suites.UnshakenScenario;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static dev.unshaken.journal.FaultKind.NETWORK_LATENCY;
import static dev.unshaken.journal.FaultKind.NODE_DRAIN;
import static dev.unshaken.journal.FaultKind.NODE_STOP;
import static dev.unshaken.journal.FaultKind.ROLLOUT;
import static dev.unshaken.load.LoadProfile.constantRate;
import static dev.unshaken.load.LoadProfile.rampedRate;
import static dev.unshaken.suites.verdicts.Verdicts.assertThat;
import static java.time.Duration.ofMillis;
import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofSeconds;

/**
 * Certifies a release of the reference shop against an existing cluster (a staging cluster, by kubeconfig): the
 * shop is deployed into its own namespace, then goes through pod deletes, a rolling update, a drain under its
 * PodDisruptionBudgets, the loss of a node, an autoscaling burst and a slow dependency, each under load and judged by
 * verdicts.
 *
 * <pre>
 * ./mvnw verify -Punshaken-certify -Dunshaken.kubeconfig=$HOME/.kube/config -Dunshaken.context=staging
 *         [-Dunshaken.allowNodeFaults=staging@3f9a1c2e] [-Dunshaken.dryRun=true]
 * </pre>
 *
 * The shop's images ({@code unshaken/*:1.0.0}, and {@code unshaken/order-service:1.1.0} for the update) must be
 * available to the cluster's nodes. Node faults are skipped unless allowed for the context and its cluster; the node loss
 * and the slow dependency are always skipped on a cluster Unshaken did not start (it cannot reach another cluster's
 * machines, or the pods' network namespaces on them). Written for a
 * cluster people care about, it is the suite that may run on one ({@link ExistingClusterAllowed}).
 */
@UnshakenScenario
@ExistingClusterAllowed
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShopCertification {

    private static final PodTarget USERS = PodTarget.labelled(Stack.NAMESPACE, "app", "user-service");
    private static final PodTarget ORDERS = PodTarget.labelled(Stack.NAMESPACE, "app", "order-service");

    // Each order is held 2 s inside order-service, and its pod is deleted only once it has 2 orders in flight: the
    // shutdown has work to protect, and the verdict is inconclusive, not passed, if it had none.
    static final CertificationStep POD_DELETES = CertificationStep.named("graceful pod deletes under checkout load")
            .load(Journeys.shopCheckoutWithSlowOrders(ofSeconds(2)), constantRate(3).during(ofSeconds(60)))
            .at(ofSeconds(10), PodDelete.graceful(USERS))
            .at(ofSeconds(30), PodDelete.graceful(ORDERS).whenInFlight(2))
            .verdict("no request fails within 5 s of a pod delete, with orders in flight on the deleted pod",
                    journal -> assertThat(journal).shutDownGracefully(ofSeconds(5)));

    static final CertificationStep ROLLING_UPDATE = CertificationStep.named("rolling update of order-service under checkout load")
            .load(Journeys.shopCheckout(), constantRate(2).during(ofSeconds(90)))
            .at(ofSeconds(15), Rollout.image(Stack.NAMESPACE, "order-service", "unshaken/order-service:" + Stack.NEXT_VERSION))
            .verdict("order-service keeps its 2 ready replicas during the rollout",
                    journal -> assertThat(journal).keptReadyReplicasDuring(ROLLOUT, Stack.NAMESPACE, "order-service", 2))
            .verdict("no request fails within 5 s of the rollout",
                    journal -> assertThat(journal).hasNoFailedRequestsAround(ROLLOUT, ofSeconds(5)))
            // The old pods serve through their preStop pause after the rollout completes, and callers may still
            // resolve them after that (a long DNS TTL): failures then come well after the rollout's window.
            .verdict("no request fails during the whole step",
                    journal -> assertThat(journal).hasNoFailedRequests());

    static final CertificationStep DRAIN = CertificationStep.named("drain of the node with most order-service pods")
            // Orders held 2 s keep work in flight on the pods the drain evicts, so the shutdown verdict has something to judge.
            .load(Journeys.shopCheckoutWithSlowOrders(ofSeconds(2)), constantRate(3).during(ofSeconds(90)))
            .at(ofSeconds(15), OnBusiestNode.of(ORDERS, node -> NodeDrain.of(node).then(NodeUncordon.of(node))))
            .verdict("no request fails within 5 s of the drain's evictions, with orders in flight on the evicted pods",
                    journal -> assertThat(journal).shutDownGracefully(ofSeconds(5)))
            .verdict("order-service keeps 1 ready replica during the drain (its budget allows 50% unavailable)",
                    journal -> assertThat(journal).keptReadyReplicasDuring(NODE_DRAIN, Stack.NAMESPACE, "order-service", 1))
            .verdict("user-service keeps 2 ready replicas during the drain (its budget's minAvailable)",
                    journal -> assertThat(journal).keptReadyReplicasDuring(NODE_DRAIN, Stack.NAMESPACE, "user-service", 2));

    static final CertificationStep NODE_LOSS = CertificationStep.named("loss of the node with most order-service pods")
            .load(Journeys.shopCheckout(), constantRate(2).during(ofSeconds(120)))
            .at(ofSeconds(15), OnBusiestNode.of(ORDERS, node -> NodeFailure.stop(node, ofSeconds(60))))
            .verdict("order-service is fully ready again within 3 minutes of the node's loss",
                    journal -> assertThat(journal).returnedToFullReadiness(NODE_STOP, Stack.NAMESPACE, "order-service", ofMinutes(3)));

    static final CertificationStep AUTOSCALING = CertificationStep.named("sign-up burst against user-service's autoscaler")
            .load(Journeys.shopSignUp(), rampedRate(1, 3).during(ofSeconds(30)).then(constantRate(3).during(ofSeconds(150))))
            .verdict("user-service scales out to 4 ready pods within 3 minutes",
                    journal -> assertThat(journal).scaledOut(Stack.NAMESPACE, "user-service", "user-service", 4, ofMinutes(3)));

    // The dependency turns slow: order-service must answer its callers in time (its 3 s downstream timeout), if only with
    // an error, and the shop must serve again once the latency ends. It works in order-service's network namespace from
    // its node, so it runs only on a cluster Unshaken started (NOT_APPLICABLE elsewhere, like the node loss).
    static final CertificationStep SLOW_PAYMENTS = CertificationStep.named("payment-service slow for order-service (packets held 8 s)")
            .load(Journeys.shopCheckout(), constantRate(2).during(ofSeconds(75)))
            .at(ofSeconds(20), NetworkFault.latency(ORDERS, Destination.service(Stack.NAMESPACE, "payment-service"), ofSeconds(8),
                    ofSeconds(20)).withJitter(ofMillis(500)))
            .verdict("every request is answered (any status) within 6 s while payment-service is slow",
                    journal -> assertThat(journal).everyRequestAnsweredWithin(ofSeconds(6), NETWORK_LATENCY, Duration.ZERO))
            .verdict("no request fails from 10 s after the latency ends",
                    journal -> assertThat(journal).recoveredWithin(ofSeconds(10), NETWORK_LATENCY));

    @RegisterExtension
    static final Certification CERTIFICATION = new Certification(CertificationPlan.of(StackVariant.REFERENCE,
            POD_DELETES, ROLLING_UPDATE, DRAIN, NODE_LOSS, AUTOSCALING, SLOW_PAYMENTS));

    @Test
    @Order(1)
    void podDeletes(Cluster cluster, Load load, Faults faults, Journal journal) {
        CERTIFICATION.run(POD_DELETES, cluster, load, faults, journal);
    }

    @Test
    @Order(2)
    void rollingUpdate(Cluster cluster, Load load, Faults faults, Journal journal) {
        CERTIFICATION.run(ROLLING_UPDATE, cluster, load, faults, journal);
    }

    @Test
    @Order(3)
    void drain(Cluster cluster, Load load, Faults faults, Journal journal) {
        CERTIFICATION.run(DRAIN, cluster, load, faults, journal);
    }

    @Test
    @Order(4)
    void nodeLoss(Cluster cluster, Load load, Faults faults, Journal journal) {
        CERTIFICATION.run(NODE_LOSS, cluster, load, faults, journal);
    }

    @Test
    @Order(5)
    void autoscaling(Cluster cluster, Load load, Faults faults, Journal journal) {
        CERTIFICATION.run(AUTOSCALING, cluster, load, faults, journal);
    }

    @Test
    @Order(6)
    void slowPayments(Cluster cluster, Load load, Faults faults, Journal journal) {
        CERTIFICATION.run(SLOW_PAYMENTS, cluster, load, faults, journal);
    }
}
