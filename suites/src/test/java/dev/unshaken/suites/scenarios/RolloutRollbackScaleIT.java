package dev.unshaken.suites.scenarios;

import dev.unshaken.chaos.Fault;
import dev.unshaken.chaos.Faults;
import dev.unshaken.chaos.Rollback;
import dev.unshaken.chaos.Rollout;
import dev.unshaken.chaos.Scale;
import dev.unshaken.fixtures.cluster.Cluster;
import dev.unshaken.fixtures.cluster.TestNamespace;
import dev.unshaken.journal.FaultKind;
import dev.unshaken.journal.Journal;
import dev.unshaken.load.Journeys;
import dev.unshaken.load.Load;
import dev.unshaken.suites.UnshakenScenario;
import org.junit.jupiter.api.Test;

import static dev.unshaken.load.LoadProfile.constantRate;
import static dev.unshaken.suites.verdicts.Verdicts.assertThat;
import static java.time.Duration.ofSeconds;

/**
 * The graceful web workload is released (a new environment variable rolls every pod), rolled back, scaled out
 * and in, all under load: a well-behaved Deployment does all of it without a failed request and keeps its
 * three replicas ready through the rollout and the rollback.
 */
@UnshakenScenario
class RolloutRollbackScaleIT {

    @Test
    void releaseRollbackAndScalingUnderLoadFailNoRequest(Cluster cluster, TestNamespace namespace, Load load, Faults faults, Journal journal) {
        String ns = namespace.name();
        var url = WebWorkload.graceful(ns, 30088).deploy(cluster);
        faults.confineTo(ns);

        var run = load.start(url, Journeys.simpleGet("/"), constantRate(10).during(ofSeconds(180)));
        faults.after(ofSeconds(10), Rollout.env(ns, WebWorkload.APP, "RELEASE", "2")
                .then(Fault.pause(ofSeconds(5))).then(Rollback.of(ns, WebWorkload.APP))
                .then(Fault.pause(ofSeconds(5))).then(Scale.to(ns, WebWorkload.APP, 5))
                .then(Fault.pause(ofSeconds(5))).then(Scale.to(ns, WebWorkload.APP, 3)));
        faults.awaitAll();
        run.awaitEnd();

        assertThat(journal)
                .keptReadyReplicasDuring(FaultKind.ROLLOUT, ns, WebWorkload.APP, 3)
                .keptReadyReplicasDuring(FaultKind.ROLLBACK, ns, WebWorkload.APP, 3)
                .hasNoFailedRequestsAround(FaultKind.ROLLOUT, ofSeconds(5))
                .hasNoFailedRequestsAround(FaultKind.ROLLBACK, ofSeconds(5))
                .hasNoFailedRequestsAround(FaultKind.SCALE, ofSeconds(5))
                .hasLatencyP99OutsideFaultsBelow(ofSeconds(1), ofSeconds(5));
    }
}
