package dev.unshaken.load;

import dev.unshaken.journal.FailureKind;
import dev.unshaken.journal.Journal;
import dev.unshaken.journal.RequestOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.unshaken.load.LoadProfile.constantRate;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.http.HttpDsl.status;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs Gatling in-process against local servers that answer, answer 5xx, refuse, reset and hang, and checks
 * that every request lands in the journal with the right status or failure kind and wall-clock times.
 * (gatling.http.requestTimeout is 2 s for this module's tests, see the pom.)
 */
class LoadRecordsEveryRequestTest {

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
    void everyRequestIsJournaledWithItsStatusOrHowItFailed() throws Exception {
        Endpoint ok = Endpoint.get("ok", servers.okUrl());
        Endpoint broken = Endpoint.get("broken", servers.brokenUrl());
        Endpoint missing = Endpoint.get("missing", servers.missingUrl());
        Endpoint refused = Endpoint.get("refused", servers.refusingUrl());
        Endpoint reset = Endpoint.get("reset", servers.resettingUrl());
        Endpoint hanging = Endpoint.get("hanging", servers.hangingUrl());
        // No exitHereIfFailed: every request of every journey must be sent and journaled.
        Journey misbehaving = Journey.of("misbehaving", () -> exec(
                ok.request().check(status().is(200)),
                broken.request(),
                missing.request().check(status().is(200)),
                refused.request(),
                reset.request(),
                hanging.request()), ok, broken, missing, refused, reset, hanging);

        long before = System.currentTimeMillis();
        LoadRun run;
        try (Journal journal = Journal.open(reports, "misbehaving-servers")) {
            run = new Load(journal).start(URI.create(servers.baseUrl()), misbehaving, constantRate(2).during(Duration.ofSeconds(2)));
            run.awaitEnd();
            assertThat(journal.requests()).containsExactlyInAnyOrderElementsOf(run.timeline().requests());
        }
        long after = System.currentTimeMillis();

        List<RequestOutcome> outcomes = run.timeline().requests();
        Map<String, List<RequestOutcome>> byName = outcomes.stream().collect(Collectors.groupingBy(RequestOutcome::requestName));
        int journeys = byName.get("ok").size();
        assertThat(journeys).as("journeys started at 2/s for 2 s").isBetween(3, 5);
        assertThat(byName).as("every request of every journey, none dropped").allSatisfy((name, list) -> assertThat(list).hasSize(journeys));
        assertThat(outcomes).allSatisfy(outcome -> {
            assertThat(outcome.startMs()).isBetween(before, after);
            assertThat(outcome.endMs()).isBetween(outcome.startMs(), after);
            assertThat(outcome.scenario()).isEqualTo("misbehaving");
            assertThat(outcome.method()).isEqualTo("GET");
        });

        assertThat(byName.get("ok")).allSatisfy(o -> assertThat(o).extracting(RequestOutcome::status, RequestOutcome::failure, RequestOutcome::detail)
                .containsExactly(200, FailureKind.NONE, null));
        assertThat(byName.get("broken")).allSatisfy(o -> assertThat(o).extracting(RequestOutcome::status, RequestOutcome::failure)
                .containsExactly(503, FailureKind.HTTP_5XX));
        assertThat(byName.get("missing")).allSatisfy(o -> {
            assertThat(o).extracting(RequestOutcome::status, RequestOutcome::failure).containsExactly(404, FailureKind.OTHER);
            assertThat(o.detail()).contains("404");
        });
        assertThat(byName.get("refused")).allSatisfy(o -> assertThat(o).extracting(RequestOutcome::status, RequestOutcome::failure)
                .containsExactly(null, FailureKind.REFUSED));
        assertThat(byName.get("reset")).allSatisfy(o -> assertThat(o).extracting(RequestOutcome::status, RequestOutcome::failure)
                .containsExactly(null, FailureKind.RESET));
        assertThat(byName.get("hanging")).allSatisfy(o -> {
            assertThat(o).extracting(RequestOutcome::status, RequestOutcome::failure).containsExactly(null, FailureKind.TIMEOUT);
            assertThat(o.durationMs()).as("the 2 s request timeout").isBetween(1_900L, 6_000L);
        });
        outcomes.stream().filter(RequestOutcome::failed).forEach(o -> assertThat(o.detail()).as(o.requestName()).isNotBlank());
        // Who answered, as the responses said: the gateway's list of upstreams, or the pod a service named.
        assertThat(byName.get("ok")).allSatisfy(o -> assertThat(o.upstream()).isEqualTo(LocalServers.GATEWAY_UPSTREAMS));
        assertThat(byName.get("broken")).allSatisfy(o -> assertThat(o.upstream()).isEqualTo(LocalServers.BROKEN_POD));
        outcomes.stream().filter(o -> !Set.of("ok", "broken").contains(o.requestName()))
                .forEach(o -> assertThat(o.upstream()).as(o.requestName() + " named no upstream").isNull());

        Journal fromFile = Journal.read(reports.resolve("misbehaving-servers/journal.jsonl"));
        assertThat(fromFile.requests()).hasSameSizeAs(outcomes);
        assertThat(run.reportDirectory()).hasValueSatisfying(dir -> assertThat(dir.resolve("index.html")).exists());
        assertThat(run.reportDirectory().get()).startsWith(reports.resolve("misbehaving-servers/gatling"));
        assertThat(Files.list(run.reportDirectory().get()).map(p -> p.getFileName().toString())).contains("simulation.log");
    }

    @Test
    void aBuiltInJourneyAgainstAHealthyServerHasNoFailures() {
        try (Journal journal = Journal.open(reports, "healthy")) {
            LoadRun run = new Load(journal).start(URI.create(servers.baseUrl() + "/"), Journeys.simpleGet("/ok"),
                    constantRate(10).during(Duration.ofSeconds(2)));
            run.awaitEnd();
            assertThat(run.timeline().size()).isBetween(18, 22);
            assertThat(run.timeline().failures()).isEmpty();
            assertThat(run.timeline().requests()).allSatisfy(o -> assertThat(o.describeRoute()).isEqualTo("GET /ok"));
        }
    }
}
