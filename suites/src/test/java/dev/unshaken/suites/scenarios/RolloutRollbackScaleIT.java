package dev.unshaken.suites.scenarios;

import dev.unshaken.chaos.Fault;
import dev.unshaken.chaos.FaultFailedException;
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
import dev.unshaken.suites.RunsBesideOthers;
import dev.unshaken.suites.UnshakenScenario;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import static dev.unshaken.load.LoadProfile.constantRate;
import static dev.unshaken.suites.verdicts.Verdicts.assertThat;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The graceful web workload is released (a new environment variable rolls every pod), rolled back, scaled out
 * and in, all under load: a well-behaved Deployment does all of it without a failed request and keeps its
 * three replicas ready through the rollout and the rollback. And the negative control: a release whose pods never
 * become ready fails its scenario instead of passing on the old pods.
 *
 * <p>The two tests run side by side ({@code @Execution(CONCURRENT)}): each has its own namespace (the second needs no
 * NodePort), and the rollouts are confined to it.
 */
@RunsBesideOthers
@UnshakenScenario
class RolloutRollbackScaleIT {

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void releaseRollbackAndScalingUnderLoadFailNoRequest(Cluster cluster, TestNamespace namespace, Load load, Faults faults, Journal journal) {
        String ns = namespace.name();
        var url = WebWorkload.graceful(ns, 30088).deploy(cluster);
        faults.confineTo(ns);

        // At most 180 s; it ends 10 s after the last scale, enough for the ±5 s verdicts around it.
        var run = load.start(url, Journeys.simpleGet("/"), constantRate(10).during(ofSeconds(180)));
        faults.after(ofSeconds(10), Rollout.env(ns, WebWorkload.APP, "RELEASE", "2")
                .then(Fault.pause(ofSeconds(5))).then(Rollback.of(ns, WebWorkload.APP))
                .then(Fault.pause(ofSeconds(5))).then(Scale.to(ns, WebWorkload.APP, 5))
                .then(Fault.pause(ofSeconds(5))).then(Scale.to(ns, WebWorkload.APP, 3)));
        faults.awaitAll();
        run.endAfter(ofSeconds(10)).awaitEnd();

        assertThat(journal)
                .keptReadyReplicasDuring(FaultKind.ROLLOUT, ns, WebWorkload.APP, 3)
                .keptReadyReplicasDuring(FaultKind.ROLLBACK, ns, WebWorkload.APP, 3)
                .hasNoFailedRequestsAround(FaultKind.ROLLOUT, ofSeconds(5))
                .hasNoFailedRequestsAround(FaultKind.ROLLBACK, ofSeconds(5))
                .hasNoFailedRequestsAround(FaultKind.SCALE, ofSeconds(5))
                .hasLatencyP99OutsideFaultsBelow(ofSeconds(1), ofSeconds(5));
    }

    /**
     * A release whose new pods never become ready: with maxUnavailable 0 the old pods go on serving, so every verdict
     * "during the rollout" would pass on them. The rollout fault must fail instead, and so the scenario. smoke-http
     * listens on $PORT and the readiness probe asks 8080, so PORT=9999 is such a release (the sidecar gets the same
     * PORT, and one of the two containers cannot bind it; either way nothing answers on 8080). With
     * progressDeadlineSeconds at 20 s the controller reports ProgressDeadlineExceeded well within the fault's 90 s.
     */
    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aReleaseWhosePodsNeverBecomeReadyFailsItsScenario(Cluster cluster, TestNamespace namespace, Faults faults, Journal journal) {
        String ns = namespace.name();
        // No load, so no Service: it would need a NodePort, and each of the cluster's is another scenario's.
        WebWorkload.graceful(ns, 0).deployPods(cluster);
        cluster.client().apps().deployments().inNamespace(ns).withName(WebWorkload.APP)
                .edit(d -> new DeploymentBuilder(d).editSpec().withProgressDeadlineSeconds(20).endSpec().build());
        faults.confineTo(ns);

        faults.after(ofSeconds(1), Rollout.env(ns, WebWorkload.APP, "PORT", "9999").withTimeout(ofSeconds(90)));

        assertThatThrownBy(faults::awaitAll)
                .isInstanceOf(FaultFailedException.class)
                .hasMessageContaining("rollout of " + ns + "/" + WebWorkload.APP + " to env PORT=*** stalled")
                .hasMessageContaining("Progressing=False ProgressDeadlineExceeded");
        Assertions.assertThat(journal.faults()).filteredOn(f -> f.kind() == FaultKind.ROLLOUT).singleElement()
                .satisfies(f -> Assertions.assertThat(f.details()).containsEntry("outcome", "stalled"));
        // The same rejection as a verdict, so the report shows the twin caught (XFAIL) rather than a scenario without one.
        assertThatThrownBy(() -> assertThat(journal).asNegativeControl().everyFaultFinished(FaultKind.ROLLOUT))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("but 1 of 1 did not")
                .hasMessageContaining("ProgressDeadlineExceeded");
    }
}
