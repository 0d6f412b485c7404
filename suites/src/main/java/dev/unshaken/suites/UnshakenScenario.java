package dev.unshaken.suites;

import dev.unshaken.chaos.ChaosExtension;
import dev.unshaken.fixtures.cluster.ClusterExtension;
import dev.unshaken.fixtures.stack.StackExtension;
import dev.unshaken.journal.JournalExtension;
import dev.unshaken.load.LoadExtension;
import dev.unshaken.suites.report.ReportExtension;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test class as Unshaken scenarios: its test methods can declare {@code Cluster}, {@code K3sCluster},
 * {@code TestNamespace}, {@code @Shop Stack} (deployed before, torn down after), {@code Journal}, {@code Load} and
 * {@code Faults} parameters. Each test method gets its
 * own journal ({@code target/unshaken-reports/<method-name>/journal.jsonl}); all share the run's cluster. When the run
 * ends, {@link ReportExtension} writes the report of its scenarios ({@code target/unshaken-reports/index.html},
 * {@code summary.json}) and prints the table of verdicts.
 *
 * <pre>{@code
 * @UnshakenScenario
 * class PodDeleteIT {
 *     @Test void gracefulDeleteUnderLoad(Cluster cluster, TestNamespace namespace, Load load, Faults faults, Journal journal) { ... }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith({ClusterExtension.class, StackExtension.class, JournalExtension.class, LoadExtension.class, ChaosExtension.class, ReportExtension.class})
public @interface UnshakenScenario {
}
