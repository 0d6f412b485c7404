package dev.unshaken.load;

import dev.unshaken.journal.RequestOutcome;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Everything one in-process Gatling run needs: handed to {@link JourneySimulation}, which Gatling creates by
 * class name and therefore cannot be given constructor arguments.
 *
 * @param baseUrl          where the journey's routes are resolved, e.g. {@code http://localhost:49153}
 * @param journey          what each virtual user does
 * @param profile          when virtual users arrive
 * @param outcomes         receives every request's outcome, from Gatling's threads
 * @param resultsDirectory where Gatling writes its simulation log and HTML report
 * @param description      the run description shown in Gatling's report
 * @param trafficStarted   called once, when the first virtual user starts
 * @param early            whether the run was asked to end before its profile does ({@link LoadRun#endAfter})
 */
record LoadPlan(String baseUrl, Journey journey, LoadProfile profile, Consumer<RequestOutcome> outcomes,
                Path resultsDirectory, String description, Runnable trafficStarted, EarlyEnd early) {
}
