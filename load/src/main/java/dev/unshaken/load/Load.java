package dev.unshaken.load;

import dev.unshaken.journal.Journal;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

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
 * <p>Tests get one from {@link LoadExtension}, bound to the test's journal.
 */
public final class Load {

    private final Journal journal;
    private final Path resultsDirectory;

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
        return LoadRun.start(journal, base, journey, profile, resultsDirectory);
    }

    /** The journal this load records into. */
    public Journal journal() {
        return journal;
    }
}
