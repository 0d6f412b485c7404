package dev.unshaken.chaos;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A fault that {@link Faults#after} started, or will start, in the background. */
public final class ScheduledFault {

    private final Fault fault;
    private final Duration delay;
    final CompletableFuture<Void> done = new CompletableFuture<>();
    volatile Thread thread;
    volatile boolean started;

    ScheduledFault(Fault fault, Duration delay) {
        this.fault = fault;
        this.delay = delay;
    }

    /** The fault. */
    public Fault fault() {
        return fault;
    }

    /** Whether it has ended (or failed, or was cancelled). */
    public boolean isDone() {
        return done.isDone();
    }

    /**
     * Waits until the fault is over.
     *
     * @throws FaultFailedException if it failed, or is not over within {@code timeout}
     */
    public void await(Duration timeout) {
        try {
            done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new FaultFailedException(describe() + " failed: " + cause, cause);
        } catch (TimeoutException e) {
            throw new FaultFailedException(describe() + " is not over " + timeout.toSeconds() + " s after it was awaited", e);
        } catch (CancellationException e) {
            throw new FaultFailedException(describe() + " was cancelled", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FaultFailedException("interrupted while waiting for " + describe(), e);
        }
    }

    /** {@code graceful delete of ... (after 20 s)}. */
    public String describe() {
        return fault.describe() + " (after " + delay.toMillis() / 1000.0 + " s)";
    }

    @Override
    public String toString() {
        return describe();
    }
}
