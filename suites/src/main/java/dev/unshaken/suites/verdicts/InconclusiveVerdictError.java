package dev.unshaken.suites.verdicts;

/**
 * A verdict that could not be judged: what it needs was not in the journal (no request in the window, no such
 * fault, the Deployment never observed, its watcher not connected during the window). It fails the test like any failed verdict, but it is not a failure the
 * run was measured to have: a negative control that ends in one has not caught anything. Its message starts with
 * {@code INCONCLUSIVE: <verdict name>: } and says what was missing.
 */
public final class InconclusiveVerdictError extends AssertionError {

    /** An inconclusive verdict; {@code message} says which verdict and what was missing. */
    public InconclusiveVerdictError(String message) {
        super(message);
    }
}
