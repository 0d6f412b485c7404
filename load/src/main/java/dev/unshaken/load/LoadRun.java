package dev.unshaken.load;

import dev.unshaken.journal.Journal;
import dev.unshaken.journal.Progress;
import dev.unshaken.journal.RequestOutcome;
import org.slf4j.MDC;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A load that is running or has run: {@link #awaitEnd()} waits for it, {@link #timeline()} gives its requests.
 */
public final class LoadRun {

    /** How long after the profile's end in-flight journeys and the report may take before {@link #awaitEnd()} gives up. */
    private static final Duration END_GRACE = Duration.ofMinutes(5);

    /** How long Gatling may take to boot before the first virtual user starts. */
    private static final Duration BOOT_TIMEOUT = Duration.ofMinutes(2);

    private final Journey journey;
    private final LoadProfile profile;
    private volatile long startedAtMs;
    private final List<RequestOutcome> outcomes = new ArrayList<>();
    private final CompletableFuture<Path> finished = new CompletableFuture<>();
    private final CompletableFuture<Void> trafficStarted = new CompletableFuture<>();
    private final Journal journal;
    private final EarlyEnd early;

    private LoadRun(Journal journal, Journey journey, LoadProfile profile) {
        this.journal = journal;
        this.journey = journey;
        this.profile = profile;
        this.startedAtMs = journal.now();
        this.early = new EarlyEnd(journal::now);
    }

    /** Starts Gatling and returns once its first virtual user has started, so what the caller does next overlaps the traffic. */
    static LoadRun start(Journal journal, String baseUrl, Journey journey, LoadProfile profile, Path resultsDirectory) {
        var run = new LoadRun(journal, journey, profile);
        var plan = new LoadPlan(baseUrl, journey, profile, outcome -> {
            run.add(outcome);
            try {
                journal.record(outcome);
            } catch (IllegalStateException journalClosed) {
                // the test ended without awaiting the load; the run's own timeline still has the outcome
            }
        }, resultsDirectory, journey.name() + " at " + profile + " against " + baseUrl, () -> {
            run.startedAtMs = journal.now();
            run.trafficStarted.complete(null);
        }, run.early);
        var logContext = MDC.getCopyOfContextMap(); // the scenario's name for its progress lines
        Thread thread = new Thread(() -> {
            if (logContext != null) {
                MDC.setContextMap(logContext);
            }
            try {
                run.finished.complete(InProcessGatling.run(plan));
            } catch (Throwable t) {
                run.finished.completeExceptionally(t);
            }
        }, "unshaken-load-" + journey.name());
        thread.setDaemon(true);
        thread.start();
        Progress.untimed().step("load", "%s at %s against %s", journey.name(), profile, baseUrl);
        // Gatling takes seconds to boot; faults scheduled "20 s into the load" must count from the traffic.
        try {
            CompletableFuture.anyOf(run.trafficStarted, run.finished).get(BOOT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new LoadFailedException("the " + journey.name() + " load failed to start: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new LoadFailedException("Gatling has not started the " + journey.name() + " load " + BOOT_TIMEOUT.toSeconds()
                    + " s after it was launched; see the test output for Gatling's errors", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoadFailedException("interrupted while Gatling started the " + journey.name() + " load", e);
        }
        return run;
    }

    /**
     * Ends the load {@code tail} from now instead of at the end of its profile: no journey starts after that, the
     * journeys in flight finish, then Gatling stops (its report is written as usual). A scenario whose profile is
     * an upper bound calls this once its faults are done, so the load lasts as long as the evidence needs:
     * <pre>{@code
     * faults.awaitAll();
     * run.endAfter(ofSeconds(15)).awaitEnd();   // 15 s of traffic after the last fault
     * }</pre>
     * A tail that reaches past the profile's end changes nothing.
     *
     * @return this run
     */
    public LoadRun endAfter(Duration tail) {
        if (tail.isNegative()) {
            throw new IllegalArgumentException("the load cannot end in the past: tail " + tail);
        }
        long endAt = journal.now() + tail.toMillis();
        long profileEnd = startedAtMs + profile.duration().toMillis();
        if (isRunning() && endAt < profileEnd) {
            early.endAt(endAt);
            Progress.untimed().step("load", "%s ends in %d s, %d s before its profile would", journey.name(),
                    tail.toSeconds(), (profileEnd - endAt) / 1000);
        }
        return this;
    }

    /** When the load stopped taking new journeys because of {@link #endAfter}, epoch ms; empty if it ran its full profile. */
    public Optional<Long> endedEarlyAtMs() {
        long endAt = early.endAtMs();
        return endAt == Long.MAX_VALUE ? Optional.empty() : Optional.of(endAt);
    }

    private synchronized void add(RequestOutcome outcome) {
        outcomes.add(outcome);
    }

    /**
     * Waits until every journey has ended and Gatling's report is written.
     *
     * @return this run
     * @throws LoadFailedException if Gatling failed, or did not finish within the profile's duration plus 5 minutes
     */
    public LoadRun awaitEnd() {
        Duration budget = profile.duration().plus(END_GRACE);
        long remainingMs = Math.max(1, startedAtMs + budget.toMillis() - System.currentTimeMillis());
        try {
            finished.get(remainingMs, TimeUnit.MILLISECONDS);
            return this;
        } catch (ExecutionException e) {
            throw new LoadFailedException("the " + journey.name() + " load failed: " + e.getCause() + " (" + timeline() + " recorded)", e.getCause());
        } catch (TimeoutException e) {
            throw new LoadFailedException("the " + journey.name() + " load (" + profile + ") has not ended " + budget.toSeconds()
                    + " s after it started; " + timeline() + " recorded so far", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoadFailedException("interrupted while waiting for the " + journey.name() + " load", e);
        }
    }

    /** Whether the load is still running. */
    public boolean isRunning() {
        return !finished.isDone();
    }

    /** The requests recorded so far (all of them once {@link #awaitEnd()} returned). */
    public synchronized RequestTimeline timeline() {
        return new RequestTimeline(List.copyOf(outcomes));
    }

    /** When the first virtual user started, on the journal's clock (epoch ms). */
    public long startedAtMs() {
        return startedAtMs;
    }

    /** The profile it runs. */
    public LoadProfile profile() {
        return profile;
    }

    /** The directory of Gatling's simulation log and HTML report, once the run has ended successfully. */
    public Optional<Path> reportDirectory() {
        return finished.isDone() && !finished.isCompletedExceptionally() ? Optional.of(finished.join()) : Optional.empty();
    }
}
