package dev.unshaken.reports;

import dev.unshaken.journal.FailureKind;
import dev.unshaken.journal.FaultEvent;
import dev.unshaken.journal.FaultKind;
import dev.unshaken.journal.Journal;
import dev.unshaken.journal.Observation;
import dev.unshaken.journal.ObservationKind;
import dev.unshaken.journal.RequestOutcome;
import dev.unshaken.journal.Verdict;
import dev.unshaken.journal.WatchState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScenarioReportTest {

    @TempDir
    Path dir;

    @Test
    void readsRequestsFaultsAndObservationsOfAJournalFile() throws Exception {
        ScenarioReport scenario = ScenarioReport.builder(Journal.read(fixture("checkout-under-pod-kill"))).build();

        assertThat(scenario.name()).isEqualTo("checkout-under-pod-kill");
        assertThat(scenario.startMs()).isEqualTo(1767225600000L);
        assertThat(scenario.endMs()).isEqualTo(1767225603000L);
        assertThat(scenario.requests()).hasSize(3);
        assertThat(scenario.requests().get(1)).isEqualTo(new RequestOutcome(1767225601010L, 1767225601011L, "checkout", "order",
                "POST", "/api/v1/orders", null, FailureKind.REFUSED, "Connection refused"));
        assertThat(scenario.requests().get(2).status()).isEqualTo(503);
        assertThat(scenario.requestStats().failures()).isEqualTo(2);
        assertThat(scenario.faults()).singleElement().satisfies(fault -> {
            assertThat(fault.endMs()).as("the fault's last line is its final state").isEqualTo(1767225601400L);
            assertThat(fault.details()).containsEntry("outcome", "gone").containsEntry("seed", "42");
        });
        assertThat(scenario.observations(ObservationKind.DEPLOYMENT)).extracting(o -> o.field("ready")).containsExactly("3", "2");
        assertThat(scenario.observations(ObservationKind.EVENT)).singleElement().satisfies(e -> assertThat(e.field("reason")).isEqualTo("Killing"));
    }

    @Test
    void skipsUnknownTypesWithANote() throws Exception {
        ScenarioReport scenario = ScenarioReport.builder(Journal.read(fixture("checkout-under-pod-kill"))).build();

        assertThat(scenario.notes()).singleElement().asString().contains("1 line of type \"heartbeat\"", "skipped");
    }

    @Test
    void findsThePodsWhoseLogsBelongInTheReport() throws Exception {
        ScenarioReport scenario = ScenarioReport.builder(Journal.read(fixture("checkout-under-pod-kill"))).build();

        assertThat(scenario.troubledPods()).containsExactly(
                new TroubledPod("shop", "order-service-7f9c-x2", "killed by fault f1 (POD_KILL)"),
                new TroubledPod("shop", "user-service-5d8b-kq", "restarted 2 times"));
    }

    @Test
    void skipsALastLineCutShortWithANote() throws Exception {
        ScenarioReport scenario = ScenarioReport.builder(Journal.read(fixture("cut-short"))).build();

        assertThat(scenario.requests()).hasSize(1);
        assertThat(scenario.notes()).singleElement().asString().contains("last line (2) was cut short");
    }

    @Test
    void readsWhatTheHarnessJournalWrites() {
        var ok = new RequestOutcome(1000, 1012, "checkout", "login", "POST", "/api/v1/users/login", 200, FailureKind.NONE, null);
        var reset = new RequestOutcome(1100, 1900, "checkout", "order", "GET", "/api/v1/orders/#{id}", null, FailureKind.RESET,
                "Connection reset");
        var fault = FaultEvent.started("f1", FaultKind.NODE_DRAIN, "node/agent-1", 1050, Map.of("seed", "7"));
        var node = new Observation(1060, ObservationKind.NODE, null, "agent-1", Map.of("unschedulable", "true"));
        try (Journal journal = Journal.open(dir, "drain")) {
            List.of(ok, fault, node, reset, fault.endedAt(2000, Map.of("outcome", "drained"))).forEach(journal::record);
        }

        ScenarioReport scenario = ScenarioReport.builder(Journal.read(dir.resolve("drain").resolve(Journal.FILE_NAME))).build();

        assertThat(scenario.name()).isEqualTo("drain");
        assertThat(scenario.requests()).containsExactly(
                new RequestOutcome(1000, 1012, "checkout", "login", "POST", "/api/v1/users/login", 200, FailureKind.NONE, null),
                new RequestOutcome(1100, 1900, "checkout", "order", "GET", "/api/v1/orders/#{id}", null, FailureKind.RESET, "Connection reset"));
        assertThat(scenario.faults()).containsExactly(new FaultEvent("f1", FaultKind.NODE_DRAIN, "node/agent-1", 1050, 2000L,
                Map.of("seed", "7", "outcome", "drained")));
        assertThat(scenario.observations()).containsExactly(new Observation(1060, ObservationKind.NODE, null, "agent-1",
                Map.of("unschedulable", "true")));
        assertThat(scenario.startMs()).isEqualTo(1000);
        assertThat(scenario.endMs()).isEqualTo(2000);
        assertThat(scenario.notes()).isEmpty();
    }

    @Test
    void readsTheWatchersHealthAndNotesEachGapWithoutStretchingTheScenario() {
        try (Journal journal = Journal.open(dir, "watched")) {
            journal.record(Observation.watch(900, ObservationKind.DEPLOYMENT, "shop", WatchState.CONNECTED, null));
            journal.record(Observation.watch(900, ObservationKind.NODE, null, WatchState.CONNECTED, null));
            journal.record(new RequestOutcome(1000, 1012, "checkout", "login", "POST", "/login", 200, FailureKind.NONE, null));
            journal.record(Observation.watch(1200, ObservationKind.DEPLOYMENT, "shop", WatchState.GAP, "WatcherException: HTTP 500"));
            journal.record(Observation.watch(1500, ObservationKind.DEPLOYMENT, "shop", WatchState.CONNECTED, null));
            journal.record(Observation.watch(1700, ObservationKind.NODE, null, WatchState.CLOSED, "KubernetesClientException: Forbidden"));
            journal.record(new RequestOutcome(2000, 2010, "checkout", "login", "POST", "/login", 200, FailureKind.NONE, null));
            journal.record(Observation.watch(9000, ObservationKind.DEPLOYMENT, "shop", WatchState.CLOSED, null));
        }

        ScenarioReport scenario = ScenarioReport.builder(Journal.read(dir.resolve("watched").resolve(Journal.FILE_NAME))).build();

        assertThat(scenario.observations(ObservationKind.WATCH)).hasSize(6);
        assertThat(scenario.startMs()).isEqualTo(1000);
        assertThat(scenario.endMs()).as("watchers closing after the test do not stretch it").isEqualTo(2010);
        assertThat(scenario.notes()).containsExactly(
                "The DEPLOYMENT watcher of shop was not watching from 0.2 s to 0.5 s (WatcherException: HTTP 500): what the cluster"
                        + " did then may be missing, and verdicts on its state over that time are inconclusive.",
                "The NODE watcher gave up at 0.7 s (KubernetesClientException: Forbidden): what the cluster did after that is missing,"
                        + " and verdicts on it are inconclusive.");
        String html = new HtmlReport(Redactor.patternsOnly()).render(new RunReport("run-1", List.of(scenario)), dir);
        assertThat(html).contains("The DEPLOYMENT watcher of shop was not watching from 0.2 s to 0.5 s");
    }

    @Test
    void readsTheVerdictsTheHarnessRecordedKeepingTheLastResultOfEachName() {
        try (Journal journal = Journal.open(dir, "judged")) {
            journal.record(new Observation(1000, ObservationKind.NODE, null, "agent-1", Map.of()));
            journal.record(new Verdict(2000, "no failed requests", Verdict.Outcome.FAIL, 3.0, Verdict.Limit.AT_MOST, 0, "requests", "3 failed", false));
            journal.record(new Verdict(2001, "kept 2 ready", Verdict.Outcome.INCONCLUSIVE, null, Verdict.Limit.AT_LEAST, 2, "replicas",
                    "not observed", true));
            journal.record(new Verdict(2002, "no request fails", Verdict.Outcome.FAIL, 1.0, Verdict.Limit.AT_MOST, 0, "requests", "1 failed",
                    true));
            journal.record(new Verdict(2003, "no failed requests", Verdict.Outcome.PASS, 0.0, Verdict.Limit.AT_MOST, 0, "requests", "0 of 9 failed", false));
        }

        ScenarioReport scenario = ScenarioReport.builder(Journal.read(dir.resolve("judged").resolve(Journal.FILE_NAME))).build();

        assertThat(scenario.verdicts()).containsExactly(
                new Verdict(2003, "no failed requests", Verdict.Outcome.PASS, 0.0, Verdict.Limit.AT_MOST, 0, "requests", "0 of 9 failed", false),
                new Verdict(2001, "kept 2 ready", Verdict.Outcome.INCONCLUSIVE, null, Verdict.Limit.AT_LEAST, 2, "replicas",
                        "not observed", true),
                new Verdict(2002, "no request fails", Verdict.Outcome.FAIL, 1.0, Verdict.Limit.AT_MOST, 0, "requests", "1 failed", true));
        assertThat(VerdictText.measured(scenario.verdicts().get(1))).isEqualTo("not measured");
        assertThat(VerdictText.result(scenario.verdicts().get(2))).as("failed as a negative control should").isEqualTo("XFAIL");
        assertThat(VerdictText.result(scenario.verdicts().get(1))).as("a negative control that measured nothing").isEqualTo("INCONCLUSIVE");
        assertThat(scenario.outcome()).as("the unmeasured negative control caught nothing").isEqualTo(Outcome.INCONCLUSIVE);
        assertThat(scenario.endMs()).as("verdicts are not part of the timeline").isEqualTo(1000);
        assertThat(scenario.notes()).isEmpty();
    }

    @Test
    void readsAVerdictWrittenBeforeOutcomesExistedAsPassedOrFailed() throws Exception {
        Path journal = write("""
                {"type":"verdict","atMs":1,"name":"a","passed":true,"measured":0,"limit":"AT_MOST","budget":0,"unit":"","evidence":""}
                {"type":"verdict","atMs":2,"name":"b","passed":false,"measured":null,"limit":"AT_MOST","budget":0,"unit":"","evidence":""}
                """);

        assertThat(ScenarioReport.builder(Journal.read(journal)).build().verdicts()).extracting(Verdict::outcome)
                .containsExactly(Verdict.Outcome.PASS, Verdict.Outcome.FAIL);
    }

    @Test
    void readsEveryScenarioOfAReportsDirectoryInTheOrderTheyStarted() {
        try (Journal later = Journal.open(dir, "b-first-alphabetically-but-later")) {
            later.record(new Observation(5000, ObservationKind.NODE, null, "agent-1", Map.of()));
        }
        try (Journal earlier = Journal.open(dir, "z-earlier")) {
            earlier.record(new Observation(1000, ObservationKind.NODE, null, "agent-1", Map.of()));
        }

        assertThat(new ReportDirectory(dir, Redactor.patternsOnly()).journals()).extracting(b -> b.build().name())
                .containsExactly("z-earlier", "b-first-alphabetically-but-later");
        assertThat(new ReportDirectory(dir.resolve("missing"), Redactor.patternsOnly()).journals()).isEmpty();
    }

    private Path write(String text) throws Exception {
        Path journal = dir.resolve("broken").resolve("journal.jsonl");
        Files.createDirectories(journal.getParent());
        Files.writeString(journal, text);
        return journal;
    }

    static Path fixture(String scenario) throws URISyntaxException {
        return Path.of(ScenarioReportTest.class.getResource("/journals/" + scenario + "/journal.jsonl").toURI());
    }
}
