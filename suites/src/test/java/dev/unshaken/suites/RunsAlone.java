package dev.unshaken.suites;

import org.junit.jupiter.api.parallel.ResourceLock;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An IT class that runs with nothing beside it: its faults reach beyond its namespaces (a drained, stopped or
 * restarted node; leftovers it lists cluster-wide), its verdicts have budgets a second scenario's CPU would eat into
 * (latency, autoscaling), or it starts a cluster of its own.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ResourceLock(SuiteLocks.CLUSTER)
public @interface RunsAlone {
}
