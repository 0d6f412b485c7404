package dev.unshaken.suites.scenariofile;

import dev.unshaken.chaos.Fault;
import dev.unshaken.chaos.Faults;
import dev.unshaken.fixtures.cluster.Waits;
import dev.unshaken.fixtures.cluster.Cluster;
import dev.unshaken.fixtures.cluster.ExistingCluster;
import dev.unshaken.fixtures.cluster.K3sCluster;
import dev.unshaken.fixtures.stack.Stack;
import dev.unshaken.journal.Journal;
import dev.unshaken.journal.Progress;
import dev.unshaken.suites.report.ClusterEvidence;
import dev.unshaken.suites.report.ReportExtension;
import dev.unshaken.suites.report.ScenarioRun;
import dev.unshaken.load.Load;
import dev.unshaken.load.LoadRun;
import dev.unshaken.suites.scenariofile.ScenarioFile.TimedFault;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Runs scenario files: deploys the stack, starts the load, injects each fault at its time (counted from the first
 * journey), waits for the load and the faults to end, then judges the verdicts on the run's journal
 * ({@code target/unshaken-reports/<name>/journal.jsonl}). The stack is torn down afterwards, pass or fail.
 *
 * <pre>{@code
 * try (var runner = new ScenarioRunner(MyScenariosIT.class.getName())) {
 *     runner.run(ScenarioFileReader.read(file)).assertMet();
 *     runner.writeReport();
 * }
 * }</pre>
 *
 * <p>Consecutive scenarios that describe the same cluster share it; {@link #close()} removes the last one started.
 */
public final class ScenarioRunner implements AutoCloseable {

    private final Set<String> usedNames = new HashSet<>();
    private final List<ScenarioRun> ran = new ArrayList<>();
    private final Set<String> secrets = new LinkedHashSet<>();
    /** The test class the report links to (its failsafe XML), or null. */
    private final String reportedAs;

    /** A runner whose report links to this test class's failsafe XML (null: none). */
    public ScenarioRunner(String reportedAs) {
        this.reportedAs = reportedAs;
    }
    private ClusterSpec clusterSpec;
    private Cluster cluster;

    /**
     * Runs the scenario and judges its verdicts; the result says which came out as expected. What its report needs from
     * the cluster (troubled pods' logs, secrets to redact) is gathered before the teardown, pass or fail, for
     * {@link #writeReport()}.
     */
    public ScenarioResult run(ScenarioFile scenario) {
        long started = System.nanoTime();
        Cluster cluster = clusterFor(scenario.cluster());
        Progress.untimed().step("scenario", "%s (%s): %s", scenario.name(), scenario.file(), scenario.description().strip());
        try (Journal journal = Journal.open(uniqueName(scenario.name()))) {
            Runnable teardown = () -> { };
            ScenarioResult result;
            try {
                teardown = deploy(cluster, scenario.stack()); // a deploy that fails tears down what it made
                result = driveAndJudge(cluster, scenario, journal);
            } catch (RuntimeException | Error failure) {
                // The run's failure is what the user must see; a teardown that fails too (say, its wait timed out) is added to it.
                ReportExtension.recordFailureWithoutVerdict(journal, failure);
                keepForTheReport(journal, cluster, started);
                try {
                    teardown.run();
                } catch (RuntimeException teardownFailure) {
                    failure.addSuppressed(teardownFailure);
                }
                throw failure;
            }
            Progress.untimed().step("verdicts", "%s", result.summary());
            keepForTheReport(journal, cluster, started);
            teardown.run();
            return result;
        }
    }

    private void keepForTheReport(Journal journal, Cluster cluster, long startedNs) {
        long wallMs = Math.max(1, (System.nanoTime() - startedNs) / 1_000_000);
        ran.add(ClusterEvidence.gather(journal, cluster.client(), reportedAs, wallMs, secrets));
    }

    /**
     * Writes the report of the scenarios run so far, as the JUnit scenarios get theirs: {@code index.html}, a
     * {@code report.html} each, {@code summary.json}, {@code console.txt} and the console table.
     */
    public void writeReport() {
        ReportExtension.writeReport(List.copyOf(ran), secrets);
    }

    private String uniqueName(String name) {
        String unique = name;
        for (int i = 2; !usedNames.add(unique); i++) {
            unique = name + "-" + i;
        }
        return unique;
    }

    private Cluster clusterFor(ClusterSpec spec) {
        if (spec.equals(clusterSpec)) {
            return cluster;
        }
        close();
        cluster = switch (spec) {
            case ClusterSpec.K3s k3s -> new K3sCluster()
                    .withVersion(k3s.k3sVersion())
                    .withAgents(k3s.agents())
                    .withNodePorts(IntStream.rangeClosed(ScenarioFileReader.FIRST_NODE_PORT, ScenarioFileReader.LAST_NODE_PORT).toArray())
                    .start();
            case ClusterSpec.Kubeconfig existing -> ExistingCluster.connect(existing.kubeconfig(), existing.context());
        };
        clusterSpec = spec;
        return cluster;
    }

    /** Deploys the stack and returns what tears it down. */
    private static Runnable deploy(Cluster cluster, StackSpec spec) {
        return switch (spec) {
            case StackSpec.Shop shop -> Stack.deploy(cluster, shop.variant())::teardown;
            case StackSpec.OwnManifests own -> OwnStack.deploy(cluster, own)::teardown;
        };
    }

    /**
     * Drives the load and the faults, then judges the verdicts while the watchers still run: a verdict's window may
     * reach past the load (a readiness deadline), and the watchers' end would leave that stretch unwatched.
     */
    private static ScenarioResult driveAndJudge(Cluster cluster, ScenarioFile scenario, Journal journal) {
        StackSpec stack = scenario.stack();
        URI base = cluster.nodePortUrl(stack.nodePort());
        Waits.awaitAnswering(base.resolve(stack.readyPath()), "check stack.readyPath and stack.nodePort");
        try (Faults faults = new Faults(cluster, journal, scenario.seed())) {
            faults.confineTo(stack.namespace());
            // Rollout faults change images, they do not distribute them: the nodes get them before the clock starts.
            scenario.faults().stream().map(TimedFault::step)
                    .filter(step -> step instanceof FaultStep.RollOut rollout && rollout.image() != null)
                    .map(step -> ((FaultStep.RollOut) step).image())
                    .distinct()
                    .forEach(cluster::loadImage);
            Progress.untimed().step("faults", "seed %d", scenario.seed());
            // Every fault is checked before the load starts: one this cluster can never carry stops the scenario here.
            List<Fault> planned = scenario.faults().stream().map(f -> f.step().toFault(stack.namespace())).toList();
            planned.forEach(faults::preflight);
            if (scenario.abort() != null) {
                faults.abortWhen(scenario.abort());
            }
            LoadRun run = new Load(journal).start(base, scenario.load().toJourney(), scenario.load().profile());
            for (int i = 0; i < planned.size(); i++) {
                faults.after(scenario.faults().get(i).at(), planned.get(i));
            }
            run.awaitEnd();
            faults.awaitAll();
            return ScenarioResult.judge(scenario, journal);
        }
    }

    /** Removes the cluster started last (an existing cluster only loses the client). */
    @Override
    public void close() {
        if (cluster != null) {
            cluster.close();
            cluster = null;
            clusterSpec = null;
        }
    }
}
