package dev.unshaken.suites.certify;

import dev.unshaken.chaos.NodeFaultOptIn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * What a certification does before it touches a cluster: without a usable kubeconfig it fails at once naming the
 * file and what was expected; as a dry run it prints the plan and runs nothing. The kubeconfig here points at a port
 * nothing listens on, so any attempt to reach the cluster would fail these tests.
 */
class CertificationPreflightTest {

    @TempDir
    Path dir;

    @Test
    void withoutAKubeconfigTheCertificationFailsAtOnceAndSaysWhatToPass() {
        var run = certify(Map.of());

        assertThat(run.summary.getTestsStartedCount()).isZero();
        assertThat(run.summary.getFailures()).singleElement().satisfies(failure -> assertThat(failure.getException())
                .hasMessageContaining("A certification runs against an existing cluster, but no kubeconfig was given")
                .hasRootCauseMessage("A certification runs against an existing cluster, but no kubeconfig was given. Pass the file"
                        + " and the context to certify, e.g. ./mvnw verify -Punshaken-certify -Dunshaken.kubeconfig=$HOME/.kube/config"
                        + " -Dunshaken.context=staging"));
    }

    @Test
    void aContextTheKubeconfigLacksFailsNamingTheFileAndTheContextsItHas() throws IOException {
        Path kubeconfig = kubeconfig();

        var run = certify(Map.of("unshaken.kubeconfig", kubeconfig.toString(), "unshaken.context", "prod"));

        assertThat(run.summary.getTestsStartedCount()).isZero();
        assertThat(run.summary.getFailures()).singleElement().satisfies(failure -> assertThat(failure.getException())
                .hasRootCauseMessage("Kubeconfig " + kubeconfig + " has no context 'prod'; available contexts: staging."
                        + " Set -Dunshaken.context to one of them.")
                .hasMessageNotContaining("not-a-real-token"));
    }

    @Test
    void withoutAContextTheCertificationFailsNamingTheCurrentOneAndTheAvailableOnes() throws IOException {
        Path kubeconfig = kubeconfig();

        var run = certify(Map.of("unshaken.kubeconfig", kubeconfig.toString()));

        assertThat(run.summary.getTestsStartedCount()).isZero();
        assertThat(run.summary.getFailures()).singleElement().satisfies(failure -> assertThat(failure.getException())
                .hasRootCauseMessage("Kubeconfig " + kubeconfig + ": no context was named. On a cluster it did not start Unshaken"
                        + " never falls back to the file's current-context (staging), which may be production; nothing was"
                        + " contacted. Available contexts: staging. Name the one to use with -Dunshaken.context=<name>."));
    }

    @Test
    void aDryRunPrintsThePlanAndRunsNothing() throws IOException {
        Path kubeconfig = kubeconfig();

        var run = certify(Map.of("unshaken.kubeconfig", kubeconfig.toString(), "unshaken.context", "staging",
                "unshaken.dryRun", "true"));

        assertThat(run.summary.getTestsStartedCount()).isZero();
        assertThat(run.summary.getFailures()).isEmpty();
        assertThat(run.summary.getContainersSkippedCount()).as("the suite, skipped").isEqualTo(1);
        assertThat(run.output).isEqualTo(ShopCertification.CERTIFICATION.plan()
                .render(kubeconfig, "staging", NodeFaultOptIn.forContext("staging", null)));
        assertThat(run.output).startsWith("Unshaken certification plan (dry run: nothing is created, the cluster is not contacted)\n"
                + "  cluster:     context staging of kubeconfig " + kubeconfig + "\n");
    }

    private Path kubeconfig() throws IOException {
        return Files.writeString(dir.resolve("staging.yaml"), """
                apiVersion: v1
                kind: Config
                clusters:
                - name: staging
                  cluster:
                    server: https://127.0.0.1:1
                contexts:
                - name: staging
                  context:
                    cluster: staging
                    user: release
                current-context: staging
                users:
                - name: release
                  user:
                    token: not-a-real-token
                """);
    }

    private record Run(TestExecutionSummary summary, String output) {
    }

    /**
     * Runs ShopCertification through the JUnit Platform with these configuration parameters, capturing what it prints.
     * Parameters not given are blank, so system properties of the build (they are the fallback) do not leak in.
     */
    private static Run certify(Map<String, String> parameters) {
        var all = new HashMap<String, String>();
        List.of("unshaken.kubeconfig", "unshaken.context", "unshaken.dryRun", "unshaken.allowNodeFaults").forEach(key -> all.put(key, ""));
        all.putAll(parameters);
        LauncherDiscoveryRequest request = request().selectors(selectClass(ShopCertification.class))
                .configurationParameters(all).build();
        var listener = new SummaryGeneratingListener();
        var captured = new ByteArrayOutputStream();
        PrintStream out = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            LauncherFactory.create().execute(request, listener);
        } finally {
            System.setOut(out);
        }
        return new Run(listener.getSummary(), captured.toString(StandardCharsets.UTF_8));
    }
}
