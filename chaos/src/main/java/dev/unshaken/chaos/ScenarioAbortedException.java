package dev.unshaken.chaos;

/**
 * A scenario whose {@link AbortCondition} tripped: its faults were stopped early and undone, and what it set out to show
 * was not shown. An assertion failure, since the system under test broke the limit the scenario set.
 */
public final class ScenarioAbortedException extends AssertionError {

    ScenarioAbortedException(String message) {
        super(message);
    }
}
