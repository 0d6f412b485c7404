package dev.unshaken.load;

import dev.unshaken.journal.Journal;
import dev.unshaken.journal.RequestOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.unshaken.load.LoadProfile.constantRate;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.http.HttpDsl.status;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link LoadRun#endAfter}: a profile of 5 minutes is ended 3 s after its start; no journey starts after the end,
 * the journeys in flight at the end finish whole (a slow request then a fast one), and Gatling writes its report.
 */
class LoadEndsEarlyTest {

    @TempDir
    Path reports;

    private LocalServers servers;

    @BeforeEach
    void startServers() throws Exception {
        servers = new LocalServers();
    }

    @AfterEach
    void stopServers() throws Exception {
        servers.close();
    }

    @Test
    void aLoadEndedEarlyStartsNoJourneyAfterItsEndAndFinishesThoseInFlight() {
        Endpoint slow = Endpoint.get("slow", servers.baseUrl() + "/slow");
        Endpoint ok = Endpoint.get("ok", servers.okUrl());
        Journey slowThenOk = Journey.of("slow-then-ok", () -> exec(slow.request().check(status().is(200)), ok.request().check(status().is(200))),
                slow, ok);
        Duration profile = Duration.ofMinutes(5);

        try (Journal journal = Journal.open(reports, "ended-early")) {
            LoadRun run = new Load(journal).start(URI.create(servers.baseUrl()), slowThenOk, constantRate(4).during(profile));
            run.endAfter(Duration.ofSeconds(3));
            long endAt = run.endedEarlyAtMs().orElseThrow();
            long awaited = System.currentTimeMillis();
            run.awaitEnd();
            long stopped = System.currentTimeMillis();

            assertThat(stopped - awaited).as("ms until the load stopped, of a %s profile", profile)
                    .isLessThan(profile.toMillis() / 5);
            List<RequestOutcome> outcomes = run.timeline().requests();
            assertThat(outcomes).as("requests recorded").isNotEmpty().noneMatch(RequestOutcome::failed);
            Map<String, List<RequestOutcome>> byName = outcomes.stream().collect(Collectors.groupingBy(RequestOutcome::requestName));
            // A journey injected in the end's own millisecond is not after it (both clocks are whole ms).
            assertThat(byName.get("slow")).as("journeys started (each begins with the slow request)")
                    .allSatisfy(o -> assertThat(o.startMs()).isLessThanOrEqualTo(endAt));
            assertThat(byName.get("ok")).as("journeys finished: each slow request is followed by its fast one, also after the end")
                    .hasSameSizeAs(byName.get("slow"));
            assertThat(byName.get("ok")).anySatisfy(o -> assertThat(o.startMs()).isGreaterThanOrEqualTo(endAt));
            assertThat(run.reportDirectory()).hasValueSatisfying(dir -> assertThat(dir.resolve("index.html")).exists());
        }
    }

    @Test
    void aLoadStillRunningWhenItsTestEndsIsStoppedAndNothingElse() {
        try (Journal journal = Journal.open(reports, "stopped-at-test-end")) {
            Load load = new Load(journal);
            LoadRun done = load.start(URI.create(servers.baseUrl() + "/"), Journeys.simpleGet("/ok"), constantRate(10).during(Duration.ofSeconds(1)));
            done.awaitEnd();
            LoadRun left = load.start(URI.create(servers.baseUrl() + "/"), Journeys.simpleGet("/ok"), constantRate(10).during(Duration.ofMinutes(5)));
            long stopping = System.currentTimeMillis();

            assertThat(load.stopRunning()).as("loads still running").isEqualTo(1);

            assertThat(left.isRunning()).isFalse();
            assertThat(System.currentTimeMillis() - stopping).as("ms to stop a 5-minute profile").isLessThan(Duration.ofMinutes(1).toMillis());
            assertThat(left.endedEarlyAtMs()).isPresent();
            assertThat(load.stopRunning()).as("a second stop finds nothing running").isZero();
        }
    }

    @Test
    void anEndAfterTheProfileChangesNothing() {
        try (Journal journal = Journal.open(reports, "tail-past-the-profile")) {
            LoadRun run = new Load(journal).start(URI.create(servers.baseUrl() + "/"), Journeys.simpleGet("/ok"),
                    constantRate(10).during(Duration.ofSeconds(2)));
            run.endAfter(Duration.ofMinutes(1));
            assertThat(run.endedEarlyAtMs()).isEmpty();
            run.awaitEnd();
            assertThat(run.timeline().size()).isBetween(18, 22);
        }
    }
}
