package dev.unshaken.suites.scenarios;

import dev.unshaken.chaos.Destination;
import dev.unshaken.chaos.Faults;
import dev.unshaken.chaos.NetworkFault;
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
 * One user-service pod loses PostgreSQL for 45 s (both ways: its packets to it and PostgreSQL's to it dropped) while
 * shoppers check out. The reference
 * pod's readiness turns false within two probe periods, so the endpoints, kube-proxy and then the gateway's DNS
 * cache stop sending it requests, and failures stop. The {@code no-readiness} twin has no readiness probe: the cut-off
 * pod stays in rotation and fails its share of the traffic for as long as the partition lasts.
 */
@UsesTheShop
@UnshakenScenario
class DatabasePartitionIT {

    /**
     * Readiness false after at most 2 failed probes (2 s apart, 2 s timeout), then the endpoint removal, the gateway's
     * DNS cache (5 s TTL + 2 s) and a request that was already waiting on the database: about 15 s, with room.
     */
    private static final Duration ROUTED_AROUND = ofSeconds(20);

    @Test
    void aReplicaThatLosesItsDatabaseIsTakenOutOfRotation(Cluster cluster, @Shop Stack shop, Load load, Faults faults, Journal journal) {
        cutOneUserServicePodOffPostgres(cluster, shop, load, faults);

        assertThat(journal).everyFaultFinished(FaultKind.NETWORK_PARTITION)
                .routedAroundWithin(ROUTED_AROUND, FaultKind.NETWORK_PARTITION);
        FaultEvent cut = journal.faults().stream().filter(f -> f.kind() == FaultKind.NETWORK_PARTITION && f.ended()).findFirst().orElseThrow();
        // Both ways proven: a connect whose own packets were let out timed out, PostgreSQL's answer stopped at the pod.
        assertThat(cut.details().get("probeIncoming")).startsWith("timed out");
        assertThat(Long.parseLong(cut.details().get("probeIncomingStopped"))).as("PostgreSQL's answers stopped by the incoming rules").isPositive();
        assertThat(cut.details()).containsKey("droppedIncomingPackets").doesNotContainKey("rulesLeft");
    }

    @Test
    void withoutReadinessTheCutOffReplicaKeepsFailingItsShareAndTheVerdictSaysSo(Cluster cluster, @Shop(StackVariant.NO_READINESS) Stack shop,
                                                                               Load load, Faults faults, Journal journal) {
        cutOneUserServicePodOffPostgres(cluster, shop, load, faults);

        assertThatThrownBy(() -> assertThat(journal).asNegativeControl().routedAroundWithin(ROUTED_AROUND, FaultKind.NETWORK_PARTITION))
                .isInstanceOf(AssertionError.class)
                .isNotInstanceOf(InconclusiveVerdictError.class)
                .hasMessageContaining("Expected failures to stop within 20 s of each NETWORK_PARTITION");
    }

    private static void cutOneUserServicePodOffPostgres(Cluster cluster, Stack shop, Load load, Faults faults) {
        var gateway = shop.gateway(cluster::nodePortUrl);
        Waits.awaitAnswering(gateway.resolve("/healthz"), "the shop's gateway NodePort");
        faults.confineTo(Stack.NAMESPACE);
        var users = PodTarget.labelled(Stack.NAMESPACE, "app", "user-service");

        var run = load.start(gateway, Journeys.shopCheckout(), constantRate(3).during(ofSeconds(100)));
        faults.after(ofSeconds(15), NetworkFault.partition(users, Destination.service(Stack.NAMESPACE, "postgres"), ofSeconds(45)).bothWays().onePod());
        faults.awaitAll();
        run.endAfter(ofSeconds(5)).awaitEnd(); // the verdict judges the partition itself; requests in flight at its end finish
    }
}
