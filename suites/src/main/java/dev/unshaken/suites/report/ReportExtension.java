package dev.unshaken.suites.report;

import dev.unshaken.fixtures.cluster.Cluster;
import dev.unshaken.fixtures.cluster.ClusterExtension;
import dev.unshaken.journal.Journal;
import dev.unshaken.journal.JournalExtension;
import dev.unshaken.journal.Progress;
import dev.unshaken.journal.Verdict;
import dev.unshaken.reports.Redactor;
import dev.unshaken.suites.verdicts.InconclusiveVerdictError;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.TestAbortedException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The run's report, written when the test run ends ({@code target/unshaken-reports/index.html}, a
 * {@code report.html} per scenario, {@code summary.json}, {@code console.txt}, and the console table): part of
 * {@link dev.unshaken.suites.UnshakenScenario}.
 *
 * <p>After each test that has a journal, while its namespace and pods still exist, it fetches the last log lines
 * of the scenario's troubled pods (killed, deleted, evicted, restarted, failed) and the Secret values of its
 * namespaces (to redact them), and notes the test class (for the link to its failsafe XML). If the test failed
 * without a verdict failing (the load broke, the stack never came up) it records a failed verdict
 * {@value #RAN_TO_ITS_END} in the journal, so the report does not show the scenario as passed. If the test passed
 * although one of its negative controls was inconclusive, it fails the test: see
 * {@link #failIfANegativeControlCaughtNothing}. When the JUnit run ends (the root store closes), {@link RunReportWriter}
 * writes the report of the scenarios that ran.
 */
public final class ReportExtension implements BeforeEachCallback, AfterEachCallback {

    /** The verdict recorded for a test that failed without a verdict failing. */
    public static final String RAN_TO_ITS_END = "the test ran to its end";

    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(ReportExtension.class);
    private static final String WALL_CLOCK_START = "wall-clock-start";

    /** Notes when the test method starts, for its wall time (the deploys and teardowns in the test count too). */
    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(STORE).put(WALL_CLOCK_START, System.nanoTime());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Long startedNs = context.getStore(STORE).get(WALL_CLOCK_START, Long.class);
        long wallMs = startedNs == null ? 0 : Math.max(1, (System.nanoTime() - startedNs) / 1_000_000);
        Optional<Journal> opened = JournalExtension.existingJournal(context);
        if (opened.isEmpty() || opened.get().file() == null) {
            return;
        }
        Journal journal = opened.get();
        ScenarioRuns runs = context.getRoot().getStore(STORE).computeIfAbsent(ScenarioRuns.class, key -> new ScenarioRuns(),
                ScenarioRuns.class);
        context.getExecutionException().ifPresent(failure -> recordFailureWithoutVerdict(journal, failure));
        Set<String> secrets = new LinkedHashSet<>();
        runs.add(ClusterEvidence.gather(journal, ClusterExtension.existingCluster(context).map(Cluster::client).orElse(null),
                context.getRequiredTestClass().getName(), wallMs, secrets));
        runs.addSecrets(secrets);
        if (context.getExecutionException().isEmpty()) {
            failIfANegativeControlCaughtNothing(journal);
        }
    }

    /**
     * Fails a test that passed although a negative control of its journal was inconclusive. Such a test caught the
     * verdict's error ({@code assertThatThrownBy} catches any), but a control that measured nothing caught no defect:
     * the twin was not shown to be caught, whatever the test's own checks of the message let through.
     *
     * @throws InconclusiveVerdictError naming each such control and what it lacked
     */
    static void failIfANegativeControlCaughtNothing(Journal journal) {
        Map<String, Verdict> last = new LinkedHashMap<>();
        journal.verdicts().forEach(v -> last.put(v.name(), v));
        List<String> caughtNothing = last.values().stream()
                .filter(v -> v.expectedFailure() && v.outcome() == Verdict.Outcome.INCONCLUSIVE)
                .map(Verdict::evidence)
                .toList();
        if (!caughtNothing.isEmpty()) {
            throw new InconclusiveVerdictError("the test passed, but " + caughtNothing.size() + " of its negative controls caught"
                    + " nothing: they could not measure, so no defect was shown to be caught:\n  " + String.join("\n  ", caughtNothing)
                    + "\n  journal: " + journal.file().toAbsolutePath());
        }
    }

    /**
     * Records {@value #RAN_TO_ITS_END} as failed when the test failed but no verdict came out other than expected:
     * the failure happened outside the verdicts, and the report must not call the scenario passed.
     */
    public static void recordFailureWithoutVerdict(Journal journal, Throwable failure) {
        if (failure instanceof TestAbortedException || !journal.acceptsRecords()) {
            return;
        }
        List<Verdict> verdicts = journal.verdicts();
        if (verdicts.stream().anyMatch(v -> !v.asExpected())) {
            return; // a verdict already says what went wrong
        }
        String message = Objects.toString(failure.getMessage(), "").strip();
        if (message.length() > 600) {
            message = message.substring(0, 600) + " …";
        }
        journal.record(new Verdict(journal.now(), RAN_TO_ITS_END, Verdict.Outcome.FAIL, null, Verdict.Limit.AT_MOST, 0, "",
                "the test failed " + (verdicts.isEmpty() ? "before any verdict" : "after its verdicts") + ": "
                        + failure.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message), false));
    }

    /** The scenarios of the run; the root store closes it when the run ends, which writes the report. */
    private static final class ScenarioRuns implements AutoCloseable {
        private final List<ScenarioRun> scenarios = new ArrayList<>();
        private final Set<String> secrets = new LinkedHashSet<>();

        synchronized void add(ScenarioRun scenario) {
            scenarios.add(scenario);
        }

        synchronized void addSecrets(Set<String> values) {
            secrets.addAll(values);
        }

        @Override
        public synchronized void close() {
            writeReport(scenarios, secrets);
        }
    }

    /**
     * Writes the report of these scenarios ({@link RunReportWriter}), redacting the shop's secrets and these; nothing
     * when no scenario ran. A report that cannot be written is said on standard error, never thrown: the run's
     * outcome is the tests'.
     */
    public static void writeReport(List<ScenarioRun> scenarios, Set<String> secrets) {
        if (scenarios.isEmpty()) {
            return;
        }
        Set<String> known = new LinkedHashSet<>(ClusterEvidence.stackSecretValues());
        known.addAll(secrets);
        try {
            RunReportWriter.standard(Redactor.forSecrets(known)).write(List.copyOf(scenarios));
        } catch (RuntimeException e) {
            Progress.untimed().problem("report", "the run's report could not be written: %s", e);
        }
    }
}
