package dev.unshaken.suites.scenarios;

import dev.unshaken.chaos.Faults;
import dev.unshaken.chaos.NodeDrain;
import dev.unshaken.chaos.NodeUncordon;
import dev.unshaken.fixtures.cluster.Cluster;
import dev.unshaken.fixtures.cluster.TestNamespace;
import dev.unshaken.journal.FaultKind;
import dev.unshaken.journal.Journal;
import dev.unshaken.load.Journeys;
import dev.unshaken.load.Load;
import dev.unshaken.suites.RunsAlone;
import dev.unshaken.suites.UnshakenScenario;
import org.junit.jupiter.api.Test;

import static dev.unshaken.load.LoadProfile.constantRate;
import static dev.unshaken.suites.verdicts.Verdicts.assertThat;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The agent running most of a 3-replica web workload is drained while it serves 10 requests a second. With a
 * budget of 2 available pods, the second eviction is refused until the first pod's replacement is ready, and no
 * request fails. Without the budget (the negative control) both pods go at once and the verdict says so.
 */
@RunsAlone
@UnshakenScenario
class NodeDrainUnderLoadIT {

    @Test
    void aDrainHeldBackByTheBudgetKeepsTwoPodsReadyAndFailsNoRequest(Cluster cluster, TestNamespace namespace, Load load,
                                                                   Faults faults, Journal journal) {
        var web = WebWorkload.graceful(namespace.name(), 30084);
        var url = web.deploy(cluster);
        web.protectWithBudget(cluster, 2);
        faults.confineTo(namespace.name());
        String node = web.busiestAgent(cluster);

        // At most 90 s; it ends 10 s after the drain and uncordon, enough for the ±5 s verdict around the drain.
        var run = load.start(url, Journeys.simpleGet("/"), constantRate(10).during(ofSeconds(90)));
        faults.after(ofSeconds(10), NodeDrain.of(node).withRetryEvery(ofSeconds(2)).then(NodeUncordon.of(node)));
        faults.awaitAll();
        run.endAfter(ofSeconds(10)).awaitEnd();

        assertThat(journal)
                .drainRespectedBudget(namespace.name(), WebWorkload.APP, 2)
                .hasNoFailedRequestsAround(FaultKind.NODE_DRAIN, ofSeconds(5));
    }

    @Test
    void withoutABudgetTheDrainTakesBothPodsAtOnceAndTheVerdictSaysSo(Cluster cluster, TestNamespace namespace, Load load,
                                                                    Faults faults, Journal journal) {
        var web = WebWorkload.graceful(namespace.name(), 30085);
        var url = web.deploy(cluster);
        faults.confineTo(namespace.name());
        String node = web.busiestAgent(cluster);

        // The budget verdict reads evictions and ready replicas: traffic only has to span the drain.
        var run = load.start(url, Journeys.simpleGet("/"), constantRate(10).during(ofSeconds(60)));
        faults.after(ofSeconds(10), NodeDrain.of(node).withRetryEvery(ofSeconds(2)).then(NodeUncordon.of(node)));
        faults.awaitAll();
        run.endAfter(ofSeconds(5)).awaitEnd();

        assertThatThrownBy(() -> assertThat(journal).asNegativeControl()
                .drainRespectedBudget(namespace.name(), WebWorkload.APP, 2))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("no eviction was refused with 429 during the drain")
                .hasMessageContaining("ready replicas of " + namespace.name() + "/web fell to 1 (< 2)");
    }
}
