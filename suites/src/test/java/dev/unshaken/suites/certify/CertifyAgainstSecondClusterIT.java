package dev.unshaken.suites.certify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unshaken.fixtures.cluster.ExistingCluster;
import dev.unshaken.fixtures.cluster.K3sCluster;
import dev.unshaken.fixtures.cluster.ObjectLabels;
import dev.unshaken.fixtures.cluster.RunCleanup;
import dev.unshaken.fixtures.cluster.TestNamespace;
import dev.unshaken.fixtures.stack.Stack;
import dev.unshaken.journal.Journal;
import dev.unshaken.suites.RunsAlone;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.MethodFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * Certification for real: a second k3s cluster, started here and then reached only through a kubeconfig file, as
 * a user's staging cluster would be. The platform team has made the release's images available on its node;
 * the certification suite runs through the JUnit Platform as {@code -Punshaken-certify} would run it, with a
 * short selection of its steps (pod deletes under load; the drain, the node loss and the slow dependency, which must be
 * skipped).
 * Afterwards nothing labelled by Unshaken may survive in that cluster, also when the run is interrupted (Ctrl-C).
 *
 * <p>Runs right after {@code ClusterCleanupIT}, before the shared cluster of the other ITs exists.
 */
@RunsAlone
@Order(2)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CertifyAgainstSecondClusterIT {

    private static K3sCluster staging;
    private static Path kubeconfig;
    private static String context;

    @BeforeAll
    static void startAStagingCluster(@TempDir Path dir) throws IOException {
        staging = new K3sCluster().withAgents(0).start();
        Stack.images(Stack.VERSION).forEach(staging::loadImage);
        kubeconfig = Files.writeString(dir.resolve("staging-kubeconfig.yaml"), staging.kubeconfig());
        // A context is always named explicitly: the kubeconfig of the cluster started here has exactly one, and it is that one.
        var contexts = ExistingCluster.contextsOf(kubeconfig);
        assertThat(contexts.available()).as("contexts of the staging cluster's kubeconfig").hasSize(1);
        context = ExistingCluster.checkKubeconfig(kubeconfig, contexts.available().getFirst());
    }

    @AfterAll
    static void stopIt() {
        if (staging != null) {
            staging.close();
        }
    }

    @Test
    @Order(1)
    void aDryRunCreatesNothing() {
        var run = certify(Map.of("unshaken.dryRun", "true"));

        assertThat(run.finished).as("no step ran").isEmpty();
        assertThat(run.skipped).containsEntry("ShopCertification",
                "dry run (-Dunshaken.dryRun=true): the plan was printed, nothing was created");
        assertThat(staging.client().namespaces().withName(Stack.NAMESPACE).get()).isNull();
        assertThat(RunCleanup.survivors(staging.client())).isEmpty();
    }

    @Test
    @Order(2)
    void theCertificationReportsVerdictsVersionAndDigestsSkipsNodeFaultsAndLeavesNothingBehind() throws IOException {
        Path reportFile = Journal.reportsDirectory().resolve(CertificationReport.JSON_FILE);
        Files.deleteIfExists(reportFile);

        var run = certify(Map.of());

        // The opt-in to pass names the context and the cluster: the first 8 characters of its kube-system namespace's UID.
        String optIn = "-Dunshaken.allowNodeFaults=" + context + "@"
                + staging.client().namespaces().withName("kube-system").get().getMetadata().getUid().substring(0, 8);
        assertThat(run.finished).as("steps run: %s", run.finished).containsOnlyKeys("podDeletes", "drain", "nodeLoss", "slowPayments");
        assertThat(run.finished.get("podDeletes")).startsWith("SUCCESSFUL");
        assertThat(run.finished.get("drain")).startsWith("ABORTED")
                .contains("it changes nodes of context " + context + ", a cluster Unshaken did not start")
                .contains("allow node faults there with " + optIn);
        assertThat(run.finished.get("nodeLoss")).startsWith("ABORTED").contains("stops or freezes a node's machine");
        assertThat(run.finished.get("slowPayments")).startsWith("ABORTED").contains("it changes the pods' network from their nodes")
                .doesNotContain("stops or freezes");

        JsonNode report = new ObjectMapper().readTree(Files.readString(reportFile));
        assertThat(report.path("result").asText()).as("skipped and unselected steps prove nothing").isEqualTo("NOT CERTIFIED");
        assertThat(report.path("notCertifiedBecause").get(0).asText())
                .startsWith("SKIPPED: drain of the node with most order-service pods: ")
                .contains("it changes nodes of context " + context);
        assertThat(report.path("cluster").path("context").asText()).isEqualTo(context);
        assertThat(report.path("nodeFaults").asText()).isEqualTo("node and machine faults skipped (allow node faults with " + optIn + ")");
        assertThat(report.path("cluster").path("serverVersion").asText())
                .isEqualTo(staging.client().getKubernetesVersion().getGitVersion()).startsWith("v1.34.4");
        // pod deletes; drain (3 verdicts), node loss (1), slow payments (2), all three refused; then the rolling update (3)
        // and the autoscaling (1), which were not selected and so did not run
        assertThat(report.path("verdicts").findValuesAsText("outcome")).containsExactly("PASSED", "SKIPPED", "SKIPPED", "SKIPPED",
                "NOT_APPLICABLE", "NOT_APPLICABLE", "NOT_APPLICABLE", "SKIPPED", "SKIPPED", "SKIPPED", "SKIPPED");
        assertThat(report.path("notCertifiedBecause").toString())
                .as("node loss and slow payments cannot run here: listed, not held against the release")
                .doesNotContain("loss of the node").doesNotContain("payment-service slow");
        assertThat(report.path("verdicts").get(7).path("evidence").asText()).startsWith("the step did not run");
        assertThat(report.path("verdicts").get(0).path("evidence").asText()).matches("\\d+ requests, 0 failed; faults: POD_DELETE .*");
        assertThat(report.path("images").findValuesAsText("image")).containsAll(Stack.images(Stack.VERSION));
        assertThat(report.path("images").findValuesAsText("digest")).allMatch(digest -> digest.matches("sha256:[0-9a-f]{64}"));
        assertThat(report.path("cleanup").path("complete").asBoolean()).as("the report says the run's cleanup removed all: "
                + report.path("cleanup")).isTrue();
        assertThat(Journal.reportsDirectory().resolve(CertificationReport.MARKDOWN_FILE)).exists();

        assertThat(RunCleanup.survivors(staging.client())).as("labelled objects left in the staging cluster").isEmpty();
        assertThat(staging.client().nodes().list().getItems()).noneMatch(node -> Boolean.TRUE.equals(node.getSpec().getUnschedulable()));
    }

    @Test
    @Order(3)
    void anInterruptedRunCleansUpOnTheWayOut() throws Exception {
        var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process run = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), InterruptedRun.class.getName(),
                kubeconfig.toString(), context).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (var out = new BufferedReader(new InputStreamReader(run.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals(InterruptedRun.READY)) {
                System.out.println("[interrupted run] " + line);
            }
            assertThat(line).as("the interrupted run got as far as creating its objects").isEqualTo(InterruptedRun.READY);
            assertThat(RunCleanup.survivors(staging.client())).as("what the run created").hasSize(3);

            // SIGTERM, not SIGINT: the JVM runs the same shutdown hooks for both (Ctrl-C is SIGINT), but a process started
            // from a non-interactive shell's background job (as CI may start the build) inherits SIGINT ignored, and the
            // run would then sleep its 5 minutes out, exit 0 and clean up as a normal exit does: a pass that proves nothing.
            new ProcessBuilder("kill", "-TERM", Long.toString(run.pid())).inheritIO().start().waitFor();
            out.lines().forEach(rest -> System.out.println("[interrupted run] " + rest));
        }
        assertThat(run.waitFor(90, TimeUnit.SECONDS)).as("the interrupted run exited").isTrue();
        assertThat(run.exitValue()).as("exit code: 143 is death by SIGTERM, after the shutdown hooks; 0 would be the sleep's end").isEqualTo(143);

        assertThat(RunCleanup.survivors(staging.client())).as("labelled objects left after Ctrl-C").isEmpty();
        assertThat(staging.client().nodes().list().getItems()).noneMatch(node -> Boolean.TRUE.equals(node.getSpec().getUnschedulable()));
    }

    /**
     * A run against the staging cluster that Ctrl-C interrupts after it created a namespace, a ConfigMap in it and
     * cordoned a node, as a drain does; it prints {@value #READY} and waits to be interrupted.
     */
    static final class InterruptedRun {
        static final String READY = "created, waiting for Ctrl-C";

        public static void main(String[] args) throws InterruptedException {
            var cluster = ExistingCluster.connect(Path.of(args[0]), args[1]);
            var namespace = TestNamespace.create(cluster.client(), "interrupted-run");
            cluster.client().configMaps().inNamespace(namespace.name()).resource(ObjectLabels.applyTo(new ConfigMapBuilder()
                    .withNewMetadata().withName("state").endMetadata().addToData("step", "2").build())).create();
            String node = cluster.nodeNames().getFirst();
            cluster.client().nodes().withName(node).edit(n -> new NodeBuilder(n)
                    .editMetadata().addToLabels(ObjectLabels.CORDONED_BY, ObjectLabels.runId()).endMetadata()
                    .editSpec().withUnschedulable(true).endSpec().build());
            System.out.println(READY);
            Thread.sleep(TimeUnit.MINUTES.toMillis(5));
        }
    }

    /** How each test ended ({@code SUCCESSFUL}, {@code ABORTED: reason}, ...) and what was skipped why, by name. */
    private record Run(Map<String, String> finished, Map<String, String> skipped) {
    }

    /** Runs the certification suite against the staging cluster, as the profile would, with these extra parameters. */
    private static Run certify(Map<String, String> parameters) {
        var all = new HashMap<String, String>();
        all.put("unshaken.dryRun", "");  // blank, so the build's system properties (the fallback) do not leak in
        all.put("unshaken.allowNodeFaults", "");
        all.putAll(parameters);
        all.put("unshaken.kubeconfig", kubeconfig.toString());
        all.put("unshaken.context", context);
        var finished = new ConcurrentHashMap<String, String>();
        var skipped = new ConcurrentHashMap<String, String>();
        var listener = new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                if (test.isTest()) {
                    finished.put(name(test), result.getStatus() + result.getThrowable().map(t -> ": " + t.getMessage()).orElse(""));
                }
            }

            @Override
            public void executionSkipped(TestIdentifier test, String reason) {
                skipped.put(name(test), reason);
            }

            private static String name(TestIdentifier test) {
                return test.getDisplayName().replaceAll("\\(.*", "");
            }
        };
        var request = request()
                .selectors(selectClass(ShopCertification.class))
                .filters(MethodFilter.includeMethodNamePatterns(".*#(podDeletes|drain|nodeLoss|slowPayments)"))
                .configurationParameters(all)
                .build();
        LauncherFactory.create().execute(request, listener);
        return new Run(Map.copyOf(finished), Map.copyOf(skipped));
    }
}
