package dev.unshaken.suites.certify;

import dev.unshaken.chaos.Fault;
import dev.unshaken.chaos.Faults;
import dev.unshaken.chaos.NodeFaultOptIn;
import dev.unshaken.chaos.ScenarioAbortedException;
import dev.unshaken.fixtures.cluster.RunCleanup;
import dev.unshaken.fixtures.cluster.Waits;
import dev.unshaken.fixtures.cluster.Cluster;
import dev.unshaken.fixtures.cluster.ClusterExtension;
import dev.unshaken.fixtures.cluster.ClusterUnavailableException;
import dev.unshaken.fixtures.cluster.ExistingCluster;
import dev.unshaken.fixtures.cluster.ObjectLabels;
import dev.unshaken.fixtures.stack.Stack;
import dev.unshaken.journal.FaultEvent;
import dev.unshaken.journal.Journal;
import dev.unshaken.journal.Progress;
import dev.unshaken.journal.RequestOutcome;
import dev.unshaken.load.Load;
import dev.unshaken.load.LoadRun;
import dev.unshaken.suites.certify.CertificationReport.Outcome;
import dev.unshaken.suites.certify.CertificationReport.StackImage;
import dev.unshaken.suites.certify.CertificationReport.VerdictOutcome;
import dev.unshaken.suites.verdicts.InconclusiveVerdictError;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Certifies a release against an existing cluster: the JUnit extension of a certification suite, holding its
 * {@link CertificationPlan}. Register it on a {@code @UnshakenScenario} class and let each test run one step:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final Certification CERTIFICATION = new Certification(CertificationPlan.of(StackVariant.REFERENCE, POD_DELETES));
 *
 * @Test void podDeletes(Cluster cluster, Load load, Faults faults, Journal journal) {
 *     CERTIFICATION.run(POD_DELETES, cluster, load, faults, journal);
 * }
 * }</pre>
 *
 * <p>Before anything starts it checks {@code -Dunshaken.kubeconfig} and {@code -Dunshaken.context} without contacting
 * the cluster, and fails the suite with a message naming the file and what was expected: a certification never
 * starts a throwaway cluster instead. With {@code -D}{@value #DRY_RUN_PROPERTY}{@code =true} it prints the plan and
 * skips the suite: nothing is created and the cluster is not contacted.
 *
 * <p>The shop is deployed once, by the first step, and deleted after the last; the report ({@link CertificationReport})
 * goes to {@code target/unshaken-reports/certification.json} and {@code .md}. A step of the plan that did not run
 * (its test was not selected, or failed before it called {@link #run}) is reported as skipped, so the release is not
 * certified on part of its plan. What the run created is removed at the end, before the report is written, and the
 * report says whether all of it went (and, if not, what is left and how to remove it); on Ctrl-C {@code ExistingCluster}
 * cleans up what carries the run's labels.
 */
public final class Certification implements ExecutionCondition, AfterAllCallback {

    /** System property or JUnit configuration parameter: {@code true} prints the plan and runs nothing. */
    public static final String DRY_RUN_PROPERTY = "unshaken.dryRun";

    /** How long the end of the run waits for the run's namespaces to be gone (namespace deletion takes its finalizers' time). */
    private static final Duration CLEANUP_WAIT = Duration.ofMinutes(3);

    private final CertificationPlan plan;
    // One certification run at a time per suite class; reset when the next run evaluates the class.
    private final List<VerdictOutcome> verdicts = new ArrayList<>();
    private final Map<String, StackImage> images = new TreeMap<>();
    private String kubeconfig;
    private String context;
    private String nodeFaults;
    private Instant startedAt;
    private Cluster cluster;
    private List<String> cleanupLeft;
    private String serverVersion;
    private Stack shop;

    /** The certification of this plan. */
    public Certification(CertificationPlan plan) {
        this.plan = plan;
    }

    /** Its plan. */
    public CertificationPlan plan() {
        return plan;
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext extension) {
        if (extension.getTestMethod().isPresent()) {
            return ConditionEvaluationResult.enabled("decided for the whole certification");
        }
        reset();
        String file = extension.getConfigurationParameter(ClusterExtension.KUBECONFIG_PROPERTY).filter(s -> !s.isBlank())
                .orElseThrow(() -> new ClusterUnavailableException("A certification runs against an existing cluster, but no"
                        + " kubeconfig was given. Pass the file and the context to certify, e.g. ./mvnw verify -Punshaken-certify"
                        + " -D" + ClusterExtension.KUBECONFIG_PROPERTY + "=$HOME/.kube/config -D" + ClusterExtension.CONTEXT_PROPERTY
                        + "=staging"));
        Path path = Path.of(file).toAbsolutePath().normalize();
        context = ExistingCluster.checkKubeconfig(path, extension.getConfigurationParameter(ClusterExtension.CONTEXT_PROPERTY).orElse(null));
        kubeconfig = path.toString();
        // Not contacted yet, so no cluster id to check: what the plan says until the first step reads it.
        var optIn = NodeFaultOptIn.forContext(context, extension.getConfigurationParameter(NodeFaultOptIn.PROPERTY).orElse(null));
        nodeFaults = optIn.summary();
        if (extension.getConfigurationParameter(DRY_RUN_PROPERTY).map(Boolean::parseBoolean).orElse(false)) {
            System.out.print(plan.render(path, context, optIn));
            return ConditionEvaluationResult.disabled("dry run (-D" + DRY_RUN_PROPERTY + "=true): the plan was printed, nothing was created");
        }
        Progress.untimed().step("certification", "context %s of %s; %s", context, path, nodeFaults);
        return ConditionEvaluationResult.enabled("certifying context " + context + " of " + path);
    }

    private void reset() {
        verdicts.clear();
        images.clear();
        startedAt = Instant.now();
        cluster = null;
        serverVersion = null;
        shop = null;
    }

    /**
     * Runs one step: deploys the shop if no step did yet, schedules the step's faults, drives its load, waits for
     * both, then checks every verdict and records each outcome for the report.
     *
     * @throws org.opentest4j.TestAbortedException when the cluster does not allow one of its faults (the step is
     *                                             reported as skipped with the reason; nothing was started)
     * @throws InconclusiveVerdictError            when the step has no verdict: it would prove nothing (nothing is started)
     * @throws AssertionError                      naming every verdict that failed or was inconclusive, with its evidence
     */
    public void run(CertificationStep step, Cluster cluster, Load load, Faults faults, Journal journal) {
        if (step.verdicts().isEmpty()) {
            String why = "the step has no verdict, so running it would prove nothing about the release";
            verdicts.add(new VerdictOutcome(step.name(), CertificationReport.NO_VERDICT, Outcome.INCONCLUSIVE, why, null));
            throw new InconclusiveVerdictError("INCONCLUSIVE: " + step.name() + ": " + why);
        }
        attach(cluster, faults);
        for (var planned : step.faults()) {
            var refusal = faults.refusal(planned.fault());
            if (refusal.isPresent()) {
                // A machine fault is refused on every cluster Unshaken did not start: no option makes the step
                // possible there, so it is not applicable rather than skipped by the user's choice.
                boolean impossibleHere = planned.fault().reach() == Fault.Reach.MACHINES;
                record(step, impossibleHere ? Outcome.NOT_APPLICABLE : Outcome.SKIPPED, refusal.get(), null);
                Assumptions.abort(refusal.get());
            }
        }
        try {
            URI gateway = shop(cluster).gateway(cluster::nodePortUrl);
            Waits.awaitAnswering(gateway.resolve("/healthz"), "the shop's gateway NodePort must be reachable from this machine");
            faults.confineTo(Stack.NAMESPACE);
            // Every fault is checked before the load starts, as a scenario file's are; their times count from the load's start.
            step.faults().forEach(planned -> faults.preflight(planned.fault()));
            if (step.load() != null) { // without load there is no error rate to watch
                faults.abortWhen(CertificationPlan.ABORT);
            }
            LoadRun run = step.load() == null ? null : load.start(gateway, step.journey(), step.load());
            step.faults().forEach(planned -> faults.after(planned.at(), planned.fault()));
            if (run != null) {
                run.awaitEnd();
            }
            faults.awaitAll();
        } catch (RuntimeException | ScenarioAbortedException e) {
            record(step, Outcome.FAILED, "the step did not run to its end: " + e.getMessage(), journal);
            throw e;
        }
        var failures = new ArrayList<String>();
        for (var verdict : step.verdicts()) {
            try {
                verdict.check().accept(journal);
                verdicts.add(new VerdictOutcome(step.name(), verdict.claim(), Outcome.PASSED, whatRan(journal), file(journal)));
            } catch (AssertionError e) {
                Outcome outcome = e instanceof InconclusiveVerdictError ? Outcome.INCONCLUSIVE : Outcome.FAILED;
                verdicts.add(new VerdictOutcome(step.name(), verdict.claim(), outcome, e.getMessage(), file(journal)));
                failures.add(verdict.claim() + ":\n" + e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            throw new AssertionError(step.name() + ": " + failures.size() + " of " + step.verdicts().size()
                    + " verdicts failed or were inconclusive\n\n" + String.join("\n\n", failures));
        }
    }

    private void attach(Cluster cluster, Faults faults) {
        if (this.cluster == null) {
            this.cluster = cluster;
            serverVersion = cluster.client().getKubernetesVersion().getGitVersion();
            // Connected now: the faults' opt-in reads the cluster's id, which the value must name for node faults to run.
            nodeFaults = faults.nodeFaults().summary();
            Progress.untimed().step("certification", "API server %s; %s", cluster.server(), nodeFaults);
        }
    }

    private Stack shop(Cluster cluster) {
        if (shop == null) {
            shop = Stack.deploy(cluster, plan.variant());
            recordImages(cluster.client());
        }
        return shop;
    }

    private void record(CertificationStep step, Outcome outcome, String evidence, Journal journal) {
        for (var verdict : step.verdicts()) {
            verdicts.add(new VerdictOutcome(step.name(), verdict.claim(), outcome, evidence, journal == null ? null : file(journal)));
        }
    }

    private static String file(Journal journal) {
        return journal.file() == null ? null : journal.file().toAbsolutePath().toString();
    }

    /** What a passed step did, e.g. {@code 120 requests, 0 failed; faults: POD_DELETE shop/pod/user-service-7f9c (gone)}. */
    static String whatRan(Journal journal) {
        List<RequestOutcome> requests = journal.requests();
        long failed = requests.stream().filter(RequestOutcome::failed).count();
        String faults = journal.faults().stream()
                .map(f -> f.kind() + " " + f.target() + outcomeOf(f))
                .collect(Collectors.joining(", "));
        return requests.size() + " requests, " + failed + " failed; faults: " + (faults.isEmpty() ? "none" : faults);
    }

    private static String outcomeOf(FaultEvent fault) {
        String outcome = fault.detail("outcome");
        return outcome == null ? "" : " (" + outcome + ")";
    }

    /** The images the shop's containers run, as their pods report them. */
    static List<StackImage> imagesOf(List<Pod> pods) {
        var found = new ArrayList<StackImage>();
        for (Pod pod : pods) {
            if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
                continue;
            }
            Map<String, String> specImages = pod.getSpec().getContainers().stream()
                    .collect(Collectors.toMap(Container::getName, Container::getImage, (a, b) -> a));
            String workload = pod.getMetadata().getLabels() == null ? pod.getMetadata().getName()
                    : pod.getMetadata().getLabels().getOrDefault("app", pod.getMetadata().getName());
            for (ContainerStatus status : pod.getStatus().getContainerStatuses()) {
                if (status.getImageID() != null && !status.getImageID().isBlank()) {
                    found.add(new StackImage(workload, status.getName(), specImages.getOrDefault(status.getName(), status.getImage()),
                            status.getImageID()));
                }
            }
        }
        return found;
    }

    private void recordImages(KubernetesClient client) {
        for (StackImage image : imagesOf(client.pods().inNamespace(Stack.NAMESPACE).list().getItems())) {
            images.putIfAbsent(image.workload() + " " + image.container() + " " + image.imageId(), image);
        }
    }

    /** Deletes the shop (after noting its images once more: a rollout may have changed them) and writes the report. */
    @Override
    public void afterAll(ExtensionContext extension) {
        try {
            if (shop != null) {
                // Both run, and neither failure hides the other: the first is thrown, the second added to it.
                RuntimeException failure = null;
                try {
                    recordImages(cluster.client());
                } catch (RuntimeException e) {
                    failure = e;
                }
                try {
                    shop.teardown();
                } catch (RuntimeException e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
                if (failure != null) {
                    throw failure;
                }
            }
        } finally {
            cleanupLeft = cleanUp();
            writeReport();
        }
    }

    /**
     * Removes what this run created on the certified cluster (namespaces labelled with the run, nodes its drains
     * cordoned) now, so the report can say whether it all went; {@code ExistingCluster}'s own cleanup at the end of the
     * run then finds nothing. Null when no cluster was reached (nothing was created).
     */
    private List<String> cleanUp() {
        if (cluster == null) {
            return null;
        }
        try {
            return new RunCleanup(cluster.client(), ObjectLabels.runId()).run(CLEANUP_WAIT);
        } catch (RuntimeException e) {
            return List.of("the cleanup could not run: " + e.getMessage());
        }
    }

    private void writeReport() {
        recordStepsThatDidNotRun();
        var report = new CertificationReport(kubeconfig, context, cluster == null ? null : cluster.server(), serverVersion,
                ObjectLabels.runId(), nodeFaults, String.valueOf(startedAt), Instant.now().toString(), verdicts,
                List.copyOf(images.values()), cleanupLeft);
        Path json = report.writeTo(Journal.reportsDirectory());
        Progress.untimed().step("certification", "context %s: %s (%d passed, %d failed, %d inconclusive, %d skipped, %d not applicable);"
                        + " report: %s and %s", context, report.certified() ? "CERTIFIED" : "NOT CERTIFIED", report.count(Outcome.PASSED),
                report.count(Outcome.FAILED), report.count(Outcome.INCONCLUSIVE), report.count(Outcome.SKIPPED),
                report.count(Outcome.NOT_APPLICABLE), json.toAbsolutePath(),
                json.resolveSibling(CertificationReport.MARKDOWN_FILE).toAbsolutePath());
        if (cleanupLeft != null && !cleanupLeft.isEmpty()) {
            Progress.untimed().problem("certification", "the cleanup of run %s left: %s; remove it with %s", ObjectLabels.runId(),
                    String.join("; ", cleanupLeft), CertificationReport.cleanupCommand(kubeconfig, context, ObjectLabels.runId()));
        }
    }

    /** Reports each step of the plan that recorded nothing as skipped: a release is not certified on part of its plan. */
    void recordStepsThatDidNotRun() {
        for (CertificationStep step : plan.steps()) {
            if (verdicts.stream().noneMatch(v -> v.step().equals(step.name()))) {
                String why = "the step did not run: its test was not selected, or failed before it called Certification.run";
                if (step.verdicts().isEmpty()) {
                    verdicts.add(new VerdictOutcome(step.name(), CertificationReport.NO_VERDICT, Outcome.SKIPPED, why, null));
                }
                step.verdicts().forEach(v -> verdicts.add(new VerdictOutcome(step.name(), v.claim(), Outcome.SKIPPED, why, null)));
            }
        }
    }

    /** The verdicts' outcomes recorded so far, for tests. */
    List<VerdictOutcome> verdicts() {
        return List.copyOf(verdicts);
    }
}
