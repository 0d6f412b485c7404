package dev.unshaken.reports;

import dev.unshaken.journal.FailureKind;
import dev.unshaken.journal.FaultEvent;
import dev.unshaken.journal.FaultKind;
import dev.unshaken.journal.Observation;
import dev.unshaken.journal.ObservationKind;
import dev.unshaken.journal.RequestOutcome;
import dev.unshaken.journal.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class HtmlReportTest {

    private static final long T0 = 1_767_268_800_000L;
    private static final String ATTACK = "<script>alert('x')</script><img src=x onerror=alert(1)>";

    @TempDir
    Path dir;

    @Test
    void escapesEverythingThatComesFromTheCluster() {
        ScenarioReport scenario = ScenarioReport.builder("hostile")
                .window(T0, T0 + 5_000)
                .request(JournalRecords.failed(T0, T0 + 10, ATTACK, 500, FailureKind.HTTP_5XX, ATTACK))
                .fault(new FaultEvent("f1", FaultKind.POD_KILL, "shop/pod/" + ATTACK, T0 + 1_000, T0 + 2_000, Map.of("k", ATTACK)))
                .observation(new Observation(T0 + 1_500, ObservationKind.EVENT, "shop", "e1", Map.of("type", "Warning",
                        "reason", ATTACK, "object", "Pod/" + ATTACK, "message", ATTACK + " </script>")))
                .observation(new Observation(T0 + 1_500, ObservationKind.DEPLOYMENT, "shop", ATTACK, Map.of("ready", "1")))
                .verdict(JournalRecords.atMost(ATTACK, 1, 0, ATTACK, ATTACK))
                .podLog(new PodLogTail("shop", ATTACK, ATTACK, ATTACK, List.of(ATTACK, "\u0007bell")))
                .note(ATTACK)
                .build();

        String html = new HtmlReport(Redactor.patternsOnly()).render(new RunReport("run-1", List.of(scenario)), dir);

        assertThat(html).doesNotContain("<img src=x").doesNotContain("alert('x')</script>").doesNotContain("\u0007");
        assertThat(html).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;");
        // Only the page's own three scripts (error trap, Chart.js, report) and its data end with </script>.
        assertThat(Pattern.compile("</script>").matcher(html).results().count()).isEqualTo(4);
        String data = html.substring(html.indexOf("id=\"unshaken-data\">"), html.indexOf("</script>", html.indexOf("id=\"unshaken-data\">")));
        assertThat(data).doesNotContain("<").contains("\\u003cscript\\u003e");
    }

    @Test
    void isSelfContainedAndLoadsNothingFromTheNetwork() {
        String html = new HtmlReport(Redactor.patternsOnly()).render(new RunReport("run-1", List.of(sample())), dir);

        assertThat(html).contains("Chart.js v" + ChartJs.webjarVersion()).contains("Content-Security-Policy").contains("default-src 'none'");
        assertThat(html).doesNotContainPattern("(?i)<script[^>]+src=").doesNotContainPattern("(?i)<link[^>]+href=")
                .doesNotContainPattern("(?i)(src|href)=\"(https?:)?//").doesNotContain("sourceMappingURL");
    }

    @Test
    void showsVerdictsTimelineEventsAndLinksOfEachScenario() throws Exception {
        Path gatling = dir.resolve("gatling").resolve("checkout-20260101120000");
        Path failsafe = dir.resolve("failsafe-reports").resolve("TEST-dev.unshaken.suites.PodKillIT.xml");
        ScenarioReport scenario = sample().toBuilder().gatlingReport(gatling).failsafeXml(failsafe).build();
        Path index = dir.resolve("unshaken-reports").resolve("index.html");

        new HtmlReport(Redactor.patternsOnly()).write(new RunReport("run-1", List.of(scenario, ScenarioReport.builder("idle").build())), index);
        String html = Files.readString(index);

        assertThat(html).contains("<a href=\"#scenario-1-pod-kill\">pod-kill</a>", "id=\"scenario-1-pod-kill\"",
                "<a href=\"#scenario-2-idle\">idle</a>");
        assertThat(html).contains("href=\"../gatling/checkout-20260101120000/index.html\">Gatling report</a>",
                "href=\"../failsafe-reports/TEST-dev.unshaken.suites.PodKillIT.xml\">failsafe XML</a>");
        assertThat(html).contains("≤ 0 requests", "3 requests", "Requests failed while the pod was gone.");
        assertThat(html).contains("data-chart=\"throughput\"", "data-chart=\"latency\"", "data-chart=\"replicas\"");
        assertThat(html).contains("BackOff", "Back-off restarting failed container", "+1.500 s");
        assertThat(html).contains("shop/order-1", "killed by fault f1 (POD_KILL)", "shutting down");
        assertThat(html).contains("No requests were recorded", "No verdicts were recorded");
        assertThat(html).as("a scenario without verdicts is not a pass")
                .contains("<span class=\"badge inconclusive\">INCONCLUSIVE</span> <a href=\"#scenario-2-idle\">idle</a>",
                        "<title>Unshaken run-1 — FAIL</title>");
    }

    @Test
    void showsANegativeControlThatFailedAsExpectedAndAVerdictThatCouldNotMeasureAsInconclusive() {
        ScenarioReport scenario = ScenarioReport.builder("controls").window(T0, T0 + 1_000)
                .verdict(JournalRecords.expectingFailure(JournalRecords.atMost("no failed requests", 3, 0, "requests", "3 failed")))
                .verdict(JournalRecords.inconclusive("kept 2 ready", Verdict.Limit.AT_LEAST, 2, "replicas", "never observed"))
                .build();

        String html = new HtmlReport(Redactor.patternsOnly()).render(new RunReport("run-1", List.of(scenario)), dir);

        assertThat(html).contains("FAIL, as expected</span></td><td>no failed requests</td><td class=\"num\">3 requests</td>");
        assertThat(html).contains("<tr class=\"inconclusive\"><td><span class=\"badge inconclusive\">INCONCLUSIVE</span></td>"
                + "<td>kept 2 ready</td><td class=\"num\">not measured</td><td class=\"num\">≥ 2 replicas</td>");
        assertThat(html).contains("1 / 2 passed, 1 inconclusive",
                "2 verdicts, 0 failed, <span class=\"inconclusive-count\">1 inconclusive</span>", "<title>Unshaken run-1 — INCONCLUSIVE</title>");
    }

    @Test
    void aNegativeControlThatCouldNotMeasureIsNotShownAsCaught() {
        ScenarioReport scenario = ScenarioReport.builder("twin").window(T0, T0 + 1_000)
                .verdict(JournalRecords.expectingFailure(JournalRecords.inconclusive("no failed requests", Verdict.Limit.AT_MOST, 0, "requests",
                        "INCONCLUSIVE: no failed requests: no request was in flight")))
                .build();

        String html = new HtmlReport(Redactor.patternsOnly()).render(new RunReport("run-1", List.of(scenario)), dir);

        assertThat(html).contains("<tr class=\"inconclusive\"><td><span class=\"badge inconclusive\" title=\"a negative control that"
                + " could not measure: it caught nothing\">INCONCLUSIVE, expected FAIL</span>");
        assertThat(html).doesNotContain("as expected</span>", "badge pass");
    }

    @Test
    void showsPerDeletedPodTheRequestsItHadInFlightAndThoseSentToItAfter() {
        ScenarioReport scenario = ScenarioReport.builder("shutdown").window(T0, T0 + 10_000)
                .request(new RequestOutcome(T0 + 900, T0 + 1_800, "checkout", "order", "POST", "/orders", 201, FailureKind.NONE, null, "10.42.1.7:8082"))
                .request(new RequestOutcome(T0 + 1_200, T0 + 1_210, "checkout", "order", "POST", "/orders", 502, FailureKind.HTTP_5XX, "502",
                        "10.42.1.7:8082"))
                .request(new RequestOutcome(T0 + 1_300, T0 + 1_310, "checkout", "order", "POST", "/orders", 201, FailureKind.NONE, null,
                        "10.42.1.7:8082, 10.42.2.9:8082"))
                .fault(new FaultEvent("f1", FaultKind.POD_DELETE, "shop/pod/order-1", T0 + 1_000, T0 + 4_000,
                        Map.of("podIp", "10.42.1.7", "inFlightAtDelete", "1")))
                .fault(new FaultEvent("f2", FaultKind.EVICTION, "shop/pod/order-2", T0 + 5_000, T0 + 5_000, Map.of()))
                .build();

        String html = new HtmlReport(Redactor.patternsOnly()).render(new RunReport("run-1", List.of(scenario)), dir);

        assertThat(html).contains("<h3>Pod shutdowns</h3>");
        assertThat(html).contains("<td>shop/order-1</td><td>POD_DELETE</td><td>+1.000 s</td><td>1</td><td>1 (none failed)</td>"
                + "<td>2 (<span class=\"bad\">1 failed</span>)</td>");
        assertThat(html).contains("<td>shop/order-2</td><td>EVICTION</td><td>+5.000 s</td><td>—</td>"
                + "<td><span class=\"empty\">unattributed (its IP address was not journaled)</span></td>");
        assertThat(new HtmlReport(Redactor.patternsOnly()).render(new RunReport("run-1", List.of(sample())), dir))
                .as("a pod kill without attribution still gets its row").contains("<h3>Pod shutdowns</h3>");
    }

    @Test
    void aFaultsMeasuredEffectHasAColumnOfItsOwn() {
        ScenarioReport scenario = ScenarioReport.builder("dns").window(T0, T0 + 10_000)
                .request(JournalRecords.ok(T0 + 100, T0 + 120, "get", 200))
                .fault(new FaultEvent("f1", FaultKind.DNS_FAULT, "shop/app=api-gateway", T0 + 1_000, T0 + 4_000,
                        Map.of("measuredEffect", "28 of the pods' lookups answered NXDOMAIN", "answer", "nxdomain")))
                .fault(new FaultEvent("f2", FaultKind.POD_KILL, "shop/pod/order-1", T0 + 5_000, T0 + 5_010, Map.of("seed", "1")))
                .build();

        String html = new HtmlReport(Redactor.patternsOnly()).render(new RunReport("run-1", List.of(scenario)), dir);

        assertThat(html).contains("<th>end</th><th>measured effect</th><th>details</th>");
        assertThat(html).contains("<td>28 of the pods&#39; lookups answered NXDOMAIN</td><td><span class=\"kv\">answer=nxdomain</span></td>");
        assertThat(html).as("a fault that measures nothing").contains("<td><span class=\"empty\">—</span></td><td><span class=\"kv\">seed=1</span></td>");
        assertThat(new HtmlReport(Redactor.patternsOnly()).render(new RunReport("run-1", List.of(sample())), dir))
                .as("no fault measured anything: no such column").doesNotContain("measured effect");
    }

    static ScenarioReport sample() {
        return ScenarioReport.builder("pod-kill")
                .window(T0, T0 + 10_000)
                .request(JournalRecords.ok(T0 + 100, T0 + 120, "get", 200))
                .request(JournalRecords.failed(T0 + 1_100, T0 + 1_101, "get", null, FailureKind.REFUSED, "Connection refused"))
                .fault(new FaultEvent("f1", FaultKind.POD_KILL, "shop/pod/order-1", T0 + 1_000, T0 + 2_000, Map.of("seed", "1")))
                .observation(new Observation(T0, ObservationKind.DEPLOYMENT, "shop", "order", Map.of("ready", "2")))
                .observation(new Observation(T0 + 1_500, ObservationKind.EVENT, "shop", "order-1.1", Map.of("type", "Warning",
                        "reason", "BackOff", "object", "Pod/order-1", "message", "Back-off restarting failed container")))
                .verdict(JournalRecords.atMost("no failed requests", 3, 0, "requests", "Requests failed while the pod was gone."))
                .podLog(new PodLogTail("shop", "order-1", "order", "killed by fault f1 (POD_KILL)", List.of("shutting down")))
                .build();
    }
}
