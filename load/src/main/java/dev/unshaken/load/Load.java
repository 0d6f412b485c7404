package dev.unshaken.load;

import dev.unshaken.journal.Journal;
import dev.unshaken.journal.Progress;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Starts Gatling load inside the test JVM and records every request's outcome in the {@link Journal}: status
 * code, or how it failed (refused, reset, timeout) when no status came. Gatling's HTML report is written as
 * usual, under the scenario's report directory ({@code target/unshaken-reports/<scenario>/gatling/}).
 *
 * <pre>{@code
 * LoadRun run = load.start(cluster.nodePortUrl(30080), Journeys.simpleGet("/"), constantRate(15).during(Duration.ofSeconds(60)));
 * ... inject faults while it runs ...
 * run.awaitEnd();
 * }</pre>
 *
 * <p>Tests get one from {@link LoadExtension}, bound to the test's journal; when the test ends, however it ends, a
 * load it left running is stopped ({@link #stopRunning()}) before what it targets is torn down.
 */
public final class Load {

    private final Journal journal;
    private final Path resultsDirectory;
    private final List<LoadRun> runs = new CopyOnWriteArrayList<>();

    /** Load recording into {@code journal}, with Gatling results next to the journal file (or under {@code target/gatling}). */
    public Load(Journal journal) {
        this(journal, journal.directory() == null ? Path.of("target", "gatling") : journal.directory().resolve("gatling"));
    }

    /** Load recording into {@code journal}, with Gatling results in {@code resultsDirectory}. */
    public Load(Journal journal, Path resultsDirectory) {
        this.journal = Objects.requireNonNull(journal, "journal");
        this.resultsDirectory = Objects.requireNonNull(resultsDirectory, "resultsDirectory");
    }

    /**
     * Starts the journey against {@code baseUrl} with the profile's arrival rates and returns as soon as the first
     * journey has started (Gatling needs a few seconds to boot), so faults scheduled next count from the traffic.
     *
     * @param baseUrl where the journey's routes are resolved, e.g. {@code http://localhost:49153}
     */
    public LoadRun start(URI baseUrl, Journey journey, LoadProfile profile) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        String base = baseUrl.toString().replaceAll("/+$", "");
        LoadRun run = LoadRun.start(journal, base, journey, profile, resultsDirectory);
        runs.add(run);
        return run;
    }

    /**
     * Stops every load this started that is still running: no journey starts any more, those in flight finish (as
     * {@link LoadRun#endAfter} with no tail), and returns once they have. What a test that failed half way needs: its
     * load must not go on hitting a shop being torn down, nor keep the next test waiting for its profile's end.
     *
     * @return how many were still running
     */
    public int stopRunning() {
        List<LoadRun> running = runs.stream().filter(LoadRun::isRunning).toList();
        for (LoadRun run : running) {
            Progress.untimed().step("load", "the test ended while its load ran; stopping it");
            run.endAfter(Duration.ZERO);
        }
        for (LoadRun run : running) {
            try {
                run.awaitEnd();
            } catch (LoadFailedException e) {
                Progress.untimed().problem("load", "%s", e.getMessage());
            }
        }
        return running.size();
    }

    /** The journal this load records into. */
    public Journal journal() {
        return journal;
    }
}
