package dev.unshaken.suites.cleanup;

import dev.unshaken.fixtures.cluster.ClusterExtension;
import dev.unshaken.fixtures.cluster.ExistingCluster;
import dev.unshaken.fixtures.cluster.Leftovers;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The cleanup command for a cluster Unshaken did not start, after a run that could not clean up itself ({@code kill -9},
 * a lost machine): lists every run's leftovers, found by label, and removes those of the runs named.
 *
 * <pre>
 * ./mvnw verify -Punshaken-cleanup -Dunshaken.kubeconfig=PATH -Dunshaken.context=NAME                 # lists
 * ./mvnw verify -Punshaken-cleanup -Dunshaken.kubeconfig=PATH -Dunshaken.context=NAME -Dunshaken.cleanup.runs=3fa2c1d0[,…]
 * </pre>
 *
 * Which run is over is for a person to say: on a shared cluster another machine's run may still be going, so nothing
 * is removed unless named. Only objects labelled with a named run are touched; the build fails, naming each one,
 * when something could not be removed.
 */
class LeftoverCleanup {

    /** The runs whose leftovers to remove, comma-separated. */
    static final String RUNS_PROPERTY = "unshaken.cleanup.runs";

    @Test
    void listsEveryRunsLeftoversAndRemovesTheNamedRuns() {
        String kubeconfig = System.getProperty(ClusterExtension.KUBECONFIG_PROPERTY, "");
        if (kubeconfig.isBlank()) {
            fail("-Punshaken-cleanup cleans a cluster named by -D" + ClusterExtension.KUBECONFIG_PROPERTY + "=PATH -D"
                    + ClusterExtension.CONTEXT_PROPERTY + "=NAME; a cluster Unshaken starts removes itself");
        }
        List<String> runs = Arrays.stream(System.getProperty(RUNS_PROPERTY, "").split(","))
                .map(String::strip).filter(run -> !run.isEmpty()).toList();
        try (var cluster = ExistingCluster.connect(Path.of(kubeconfig), System.getProperty(ClusterExtension.CONTEXT_PROPERTY))) {
            var found = Leftovers.find(cluster.client());
            System.out.printf("[unshaken] cleanup: %s at %s: %s%n", cluster.context(), cluster.server(),
                    found.isEmpty() ? "no run left anything" : found.size() + " run(s) left something");
            found.forEach(leftovers -> System.out.println("[unshaken] cleanup:   " + leftovers.describe()));
            if (runs.isEmpty()) {
                if (!found.isEmpty()) {
                    System.out.printf("[unshaken] cleanup: nothing removed; to remove runs that are over, add -D%s=%s%n",
                            RUNS_PROPERTY, String.join(",", found.stream().map(Leftovers::runId).toList()));
                }
                return;
            }
            var problems = Leftovers.remove(cluster.client(), runs, Duration.ofMinutes(2));
            assertThat(problems).as("what could not be removed of runs %s", runs).isEmpty();
            System.out.printf("[unshaken] cleanup: runs %s removed%n", runs);
        }
    }
}
