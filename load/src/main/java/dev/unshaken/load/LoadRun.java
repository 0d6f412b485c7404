package dev.unshaken.load;

import dev.unshaken.journal.Journal;
import dev.unshaken.journal.RequestOutcome;

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

    private final Journey journey;
    private final LoadProfile profile;
    private final long startedAtMs;
    private final List<RequestOutcome> outcomes = new ArrayList<>();
    private final CompletableFuture<Path> finished = new CompletableFuture<>();

    private LoadRun(Journey journey, LoadProfile profile, long startedAtMs) {
        this.journey = journey;
        this.profile = profile;
        this.startedAtMs = startedAtMs;
    }

    static LoadRun start(Journal journal, String baseUrl, Journey journey, LoadProfile profile, Path resultsDirectory) {
        var run = new LoadRun(journey, profile, journal.now());
        var plan = new LoadPlan(baseUrl, journey, profile, outcome -> {
            run.add(outcome);
            journal.record(outcome);
        }, resultsDirectory, journey.name() + " at " + profile + " against " + baseUrl);
        Thread thread = new Thread(() -> {
            try {
                run.finished.complete(InProcessGatling.run(plan));
            } catch (Throwable t) {
                run.finished.completeExceptionally(t);
            }
        }, "unshaken-load-" + journey.name());
        thread.setDaemon(true);
        thread.start();
        System.out.printf("[unshaken] load: %s at %s against %s%n", journey.name(), profile, baseUrl);
        return run;
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

    /** When the load started, on the journal's clock (epoch ms). */
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
