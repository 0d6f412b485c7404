package dev.unshaken.reports;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.unshaken.journal.FaultEvent;
import dev.unshaken.journal.FaultKind;
import dev.unshaken.journal.Observation;
import dev.unshaken.journal.ObservationKind;
import dev.unshaken.journal.ShutdownExposure;
import dev.unshaken.journal.Verdict;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The run as one self-contained HTML page: it inlines Chart.js, its style and its script, loads nothing from
 * anywhere, and opens from a file, offline. It has an index of the scenarios and, per scenario, the verdicts,
 * a timeline (responses per second OK/failed, latency percentiles, ready replicas, HPA desired replicas, with
 * the faults as shaded bands), the faults, the Kubernetes Events, the last log lines of troubled pods, and
 * links to Gatling's report and the failsafe XML.
 *
 * <p>Everything in the run passes through the {@link Redactor} and is HTML-escaped. Once its charts are drawn,
 * the page sets {@code data-charts="ok"} on {@code <body>} (or {@code "error: ..."}) and, on each canvas,
 * {@code data-painted-pixels}, so a headless browser can tell that it rendered.
 */
public final class HtmlReport {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The fault kinds that shut a pod down. */
    private static final Set<FaultKind> SHUTDOWNS = EnumSet.of(FaultKind.POD_DELETE, FaultKind.POD_KILL, FaultKind.EVICTION);

    private final Redactor redactor;

    /** A report whose text goes through {@code redactor}. */
    public HtmlReport(Redactor redactor) {
        this.redactor = redactor;
    }

    /**
     * Writes the page to {@code file} (creating its directory); links to other files are relative to it.
     *
     * @return the file
     */
    public Path write(RunReport run, Path file) {
        Path directory = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(directory);
            Files.writeString(file, render(run, directory), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the HTML report " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    /** The page, for a file in {@code pageDirectory} (links to Gatling's report and the XML are relative to it). */
    public String render(RunReport run, Path pageDirectory) {
        RunReport safe = run.redacted(redactor);
        Page page = new Page(pageDirectory);
        page.document(safe);
        return page.toString();
    }

    /** One page being written. */
    private static final class Page {
        private final StringBuilder out = new StringBuilder(300_000);
        private final Path directory;

        Page(Path directory) {
            this.directory = directory;
        }

        void document(RunReport run) {
            String verdict = run.outcome().name();
            out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                    .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                    // Nothing may load from anywhere: the page must open offline and cannot leak what it shows.
                    .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'unsafe-inline'; ")
                    .append("style-src 'unsafe-inline'; img-src data:\">\n")
                    .append("<title>").append(Html.text("Unshaken " + run.runId() + " — " + verdict)).append("</title>\n")
                    .append("<script>window.unshakenErrors=[];window.addEventListener('error',function(e){")
                    .append("window.unshakenErrors.push(String(e.message||e));});</script>\n")
                    .append("<style>\n").append(resource("report.css")).append("</style>\n</head>\n<body>\n");
            header(run);
            index(run);
            List<ScenarioReport> scenarios = run.scenarios();
            ArrayNode data = JSON.createArrayNode();
            for (int i = 0; i < scenarios.size(); i++) {
                scenario(scenarios.get(i), i);
                data.add(new ScenarioTimeline(scenarios.get(i)).toJson());
            }
            out.append("<footer>Written by Unshaken · charts by Chart.js ").append(Html.text(ChartJs.webjarVersion()))
                    .append(" (MIT licence, inlined)</footer>\n");
            out.append("<script>\n").append(Html.scriptCode(ChartJs.minifiedSource())).append("\n</script>\n");
            out.append("<script type=\"application/json\" id=\"unshaken-data\">")
                    .append(Html.scriptJson(data.toString())).append("</script>\n");
            out.append("<script>\n").append(Html.scriptCode(resource("report.js"))).append("</script>\n");
            out.append("</body>\n</html>\n");
        }

        private void header(RunReport run) {
            RequestStats stats = run.requestStats();
            long verdicts = run.scenarios().stream().mapToLong(s -> s.verdicts().size()).sum();
            long failed = run.scenarios().stream().flatMap(s -> s.verdicts().stream()).filter(v -> Outcome.of(v) == Outcome.FAIL).count();
            long inconclusive = run.scenarios().stream().flatMap(s -> s.verdicts().stream())
                    .filter(v -> Outcome.of(v) == Outcome.INCONCLUSIVE).count();
            out.append("<header id=\"top\">\n<h1>").append(badge(run.outcome())).append(" Unshaken run ").append(Html.text(run.runId()))
                    .append("</h1>\n<p class=\"meta\">")
                    .append(Html.text(TIME.format(Instant.ofEpochMilli(run.startMs())))).append(" → ")
                    .append(Html.text(TIME.format(Instant.ofEpochMilli(run.endMs())))).append(" · ")
                    .append(run.scenarios().size()).append(run.scenarios().size() == 1 ? " scenario" : " scenarios").append(" · ")
                    .append(verdicts).append(" verdicts, ").append(failed).append(" failed, ")
                    .append(inconclusive == 0 ? "0 inconclusive" : "<span class=\"inconclusive-count\">" + inconclusive + " inconclusive</span>")
                    .append(" · ")
                    .append(requests(stats)).append("</p>\n</header>\n");
        }

        private void index(RunReport run) {
            out.append("<nav>\n<h2>Scenarios</h2>\n<table class=\"index\">\n<thead><tr><th>scenario</th><th>verdicts</th>")
                    .append("<th>duration</th><th>requests</th><th>failed</th><th>p50</th><th>p95</th><th>p99</th><th>faults</th></tr></thead>\n<tbody>\n");
            for (int i = 0; i < run.scenarios().size(); i++) {
                ScenarioReport scenario = run.scenarios().get(i);
                RequestStats stats = scenario.requestStats();
                long passed = scenario.verdicts().stream().filter(Verdict::asExpected).count();
                long inconclusive = scenario.verdicts().stream().filter(v -> Outcome.of(v) == Outcome.INCONCLUSIVE).count();
                out.append("<tr><td>").append(badge(scenario.outcome())).append(" <a href=\"#").append(anchor(scenario, i)).append("\">")
                        .append(Html.text(scenario.name())).append("</a></td>")
                        .append("<td class=\"num\">").append(passed).append(" / ").append(scenario.verdicts().size()).append(" passed")
                        .append(inconclusive == 0 ? "" : ", " + inconclusive + " inconclusive").append("</td>")
                        .append("<td class=\"num\">").append(seconds(scenario.endMs() - scenario.startMs())).append("</td>")
                        .append("<td class=\"num\">").append(stats.requests()).append("</td>")
                        .append("<td class=\"num").append(stats.failures() > 0 ? " bad" : "").append("\">").append(stats.failures()).append("</td>")
                        .append("<td class=\"num\">").append(ms(stats.p50Ms())).append("</td>")
                        .append("<td class=\"num\">").append(ms(stats.p95Ms())).append("</td>")
                        .append("<td class=\"num\">").append(ms(stats.p99Ms())).append("</td>")
                        .append("<td class=\"num\">").append(scenario.faults().size()).append("</td></tr>\n");
            }
            out.append("</tbody>\n</table>\n</nav>\n");
        }

        private void scenario(ScenarioReport scenario, int index) {
            RequestStats stats = scenario.requestStats();
            out.append("<section class=\"scenario\" id=\"").append(anchor(scenario, index)).append("\">\n<h2>")
                    .append(badge(scenario.outcome())).append(' ').append(Html.text(scenario.name())).append("</h2>\n<p class=\"meta\">")
                    .append(Html.text(TIME.format(Instant.ofEpochMilli(scenario.startMs())))).append(" · ")
                    .append(seconds(scenario.endMs() - scenario.startMs())).append(" · ").append(requests(stats));
            if (scenario.gatlingReport() != null) {
                out.append(" · <a href=\"").append(Html.text(Html.link(directory, scenario.gatlingReport().resolve("index.html"))))
                        .append("\">Gatling report</a>");
            }
            if (scenario.failsafeXml() != null) {
                out.append(" · <a href=\"").append(Html.text(Html.link(directory, scenario.failsafeXml())))
                        .append("\">failsafe XML</a>");
            }
            out.append("</p>\n");
            verdicts(scenario);
            charts(scenario, index);
            faults(scenario);
            shutdowns(scenario);
            events(scenario);
            podLogs(scenario);
            if (!scenario.notes().isEmpty()) {
                out.append("<h3>Notes</h3>\n<ul class=\"notes\">\n");
                scenario.notes().forEach(note -> out.append("<li>").append(Html.text(note)).append("</li>\n"));
                out.append("</ul>\n");
            }
            out.append("<p class=\"top\"><a href=\"#top\">↑ scenarios</a></p>\n</section>\n");
        }

        private void verdicts(ScenarioReport scenario) {
            out.append("<h3>Verdicts</h3>\n");
            if (scenario.verdicts().isEmpty()) {
                out.append("<p class=\"empty\">No verdicts were recorded for this scenario, so nothing was judged: it is inconclusive.</p>\n");
                return;
            }
            out.append("<table class=\"verdicts\">\n<thead><tr><th></th><th>verdict</th><th>measured</th><th>budget</th>")
                    .append("<th>evidence</th></tr></thead>\n<tbody>\n");
            for (Verdict verdict : scenario.verdicts()) {
                out.append("<tr class=\"").append(cssClass(Outcome.of(verdict))).append("\"><td>").append(badge(verdict))
                        .append("</td><td>").append(Html.text(verdict.name()))
                        .append("</td><td class=\"num\">").append(Html.text(VerdictText.measured(verdict)))
                        .append("</td><td class=\"num\">").append(Html.text(VerdictText.budget(verdict)))
                        .append("</td><td>").append(Html.text(verdict.evidence())).append("</td></tr>\n");
            }
            out.append("</tbody>\n</table>\n");
        }

        private void charts(ScenarioReport scenario, int index) {
            out.append("<h3>Timeline</h3>\n<p class=\"hint\">Seconds since the scenario started; shaded bands are faults ")
                    .append("(from start to end), thin lines are instant faults.</p>\n");
            if (scenario.requests().isEmpty()) {
                out.append("<p class=\"empty\">No requests were recorded: no load ran in this scenario.</p>\n");
            } else {
                canvas(index, "throughput", "Responses per second (by end time): OK and failed");
                canvas(index, "latency", "Latency of the responses ending in each second, ms (log scale): p50, p95, p99");
            }
            boolean replicas = !scenario.observations(ObservationKind.DEPLOYMENT).isEmpty()
                    || !scenario.observations(ObservationKind.HPA).isEmpty();
            if (replicas) {
                canvas(index, "replicas", "Ready replicas per Deployment, desired replicas per HPA");
            } else {
                out.append("<p class=\"empty\">No Deployment or HPA was watched in this scenario.</p>\n");
            }
        }

        private void canvas(int scenario, String chart, String title) {
            out.append("<figure class=\"chart\"><figcaption>").append(Html.text(title)).append("</figcaption>")
                    .append("<div class=\"canvas\"><canvas data-scenario=\"").append(scenario).append("\" data-chart=\"")
                    .append(chart).append("\" role=\"img\" aria-label=\"").append(Html.text(title)).append("\"></canvas></div></figure>\n");
        }

        private void faults(ScenarioReport scenario) {
            out.append("<h3>Faults</h3>\n");
            if (scenario.faults().isEmpty()) {
                out.append("<p class=\"empty\">No faults were injected.</p>\n");
                return;
            }
            // What a network, DNS, HTTP or bandwidth fault measured it did gets a column of its own: whether the fault
            // took effect is the first thing to know when judging the verdicts around it.
            boolean measured = scenario.faults().stream().anyMatch(f -> f.details().get(FaultEvent.MEASURED_EFFECT) != null);
            List<String> headings = measured ? List.of("id", "kind", "target", "start", "end", "measured effect", "details")
                    : List.of("id", "kind", "target", "start", "end", "details");
            table(headings, scenario.faults(), fault -> {
                var cells = new ArrayList<>(List.of(Html.text(fault.id()), Html.text(fault.kind().name()), Html.text(fault.target()),
                        offset(scenario, fault.startMs()),
                        fault.endMs() == null ? "<span class=\"bad\">never ended</span>" : offset(scenario, fault.endMs())));
                var details = new TreeMap<>(fault.details());
                if (measured) {
                    String effect = details.remove(FaultEvent.MEASURED_EFFECT);
                    cells.add(effect == null ? "<span class=\"empty\">—</span>" : Html.text(effect));
                }
                cells.add(details(details));
                return cells;
            }, "faults");
        }

        /**
         * Per pod deleted, killed or evicted: its work when its deletion began, by its own gauge and by the responses
         * that named it as their upstream, and what became of the requests sent to it after.
         */
        private void shutdowns(ScenarioReport scenario) {
            List<FaultEvent> victims = scenario.faults().stream()
                    .filter(f -> SHUTDOWNS.contains(f.kind()) && TroubledPod.podOf(f) != null).toList();
            if (victims.isEmpty()) {
                return;
            }
            out.append("<h3>Pod shutdowns</h3>\n<p class=\"hint\">Attributed by the upstream each response named ")
                    .append("(the gateway's X-Unshaken-Upstream, or a service's X-Unshaken-Pod).</p>\n");
            table(List.of("pod", "how", "at", "in flight by its gauge", "answered by it, in flight at the delete",
                    "sent to it after the delete began"), victims, fault -> {
                ShutdownExposure exposure = ShutdownExposure.of(fault, scenario.requests());
                String gauge = fault.details().getOrDefault(FaultEvent.IN_FLIGHT_AT_DELETE, "—");
                if (!exposure.measured()) {
                    return List.of(Html.text(TroubledPod.podOf(fault)), Html.text(fault.kind().name()), offset(scenario, fault.startMs()),
                            Html.text(gauge), "<span class=\"empty\">" + Html.text(exposure.describe()) + "</span>", "");
                }
                return List.of(Html.text(TroubledPod.podOf(fault)), Html.text(fault.kind().name()), offset(scenario, fault.startMs()),
                        Html.text(gauge),
                        counted(exposure.inFlight(), exposure.inFlightFailed()), counted(exposure.receivedAfter(), exposure.receivedAfterFailed()));
            }, "shutdowns");
        }

        private static String counted(int requests, int failed) {
            return requests + (failed == 0 ? " (none failed)" : " (<span class=\"bad\">" + failed + " failed</span>)");
        }

        private void events(ScenarioReport scenario) {
            List<Observation> events = scenario.observations(ObservationKind.EVENT);
            out.append("<h3>Kubernetes Events</h3>\n");
            if (events.isEmpty()) {
                out.append("<p class=\"empty\">No Kubernetes Events were recorded.</p>\n");
                return;
            }
            out.append("<table class=\"events\">\n<thead><tr><th>at</th><th>type</th><th>reason</th><th>object</th>")
                    .append("<th>message</th><th>count</th></tr></thead>\n<tbody>\n");
            for (Observation event : events) {
                boolean warning = "Warning".equalsIgnoreCase(event.field("type"));
                String object = event.field("object") != null ? event.field("object") : event.qualifiedName();
                out.append("<tr").append(warning ? " class=\"warning\"" : "").append("><td class=\"num\">").append(offset(scenario, event.atMs()))
                        .append("</td><td>").append(Html.text(event.field("type")))
                        .append("</td><td>").append(Html.text(event.field("reason")))
                        .append("</td><td>").append(Html.text(object))
                        .append(event.namespace() == null ? "" : " <span class=\"ns\">in " + Html.text(event.namespace()) + "</span>")
                        .append("</td><td>").append(Html.text(event.field("message")))
                        .append("</td><td class=\"num\">").append(Html.text(event.field("count"))).append("</td></tr>\n");
            }
            out.append("</tbody>\n</table>\n");
        }

        private void podLogs(ScenarioReport scenario) {
            List<TroubledPod> troubled = scenario.troubledPods();
            out.append("<h3>Pods that failed, restarted or were killed</h3>\n");
            if (troubled.isEmpty() && scenario.podLogs().isEmpty()) {
                out.append("<p class=\"empty\">No pod failed, restarted or was killed.</p>\n");
                return;
            }
            List<String> withLogs = new ArrayList<>();
            for (PodLogTail tail : scenario.podLogs()) {
                withLogs.add(tail.namespace() + "/" + tail.pod());
                out.append("<details open><summary><b>").append(Html.text(qualified(tail.namespace(), tail.pod())))
                        .append("</b> container <b>").append(Html.text(tail.container())).append("</b> — ")
                        .append(Html.text(tail.reason())).append(" (last ").append(tail.lines().size()).append(" lines)</summary>\n<pre>");
                for (String line : tail.lines()) {
                    out.append(Html.text(line)).append('\n');
                }
                out.append("</pre></details>\n");
            }
            List<TroubledPod> missing = troubled.stream().filter(p -> !withLogs.contains(p.namespace() + "/" + p.name())).toList();
            if (!missing.isEmpty()) {
                out.append("<ul class=\"pods\">\n");
                for (TroubledPod pod : missing) {
                    out.append("<li><b>").append(Html.text(qualified(pod.namespace(), pod.name()))).append("</b> — ")
                            .append(Html.text(pod.reason())).append(" <span class=\"empty\">(no log lines collected)</span></li>\n");
                }
                out.append("</ul>\n");
            }
        }

        private <T> void table(List<String> headings, List<T> rows, Function<T, List<String>> cells, String cssClass) {
            out.append("<table class=\"").append(cssClass).append("\">\n<thead><tr>");
            headings.forEach(h -> out.append("<th>").append(Html.text(h)).append("</th>"));
            out.append("</tr></thead>\n<tbody>\n");
            for (T row : rows) {
                out.append("<tr>");
                cells.apply(row).forEach(cell -> out.append("<td>").append(cell).append("</td>"));
                out.append("</tr>\n");
            }
            out.append("</tbody>\n</table>\n");
        }

        private static String details(Map<String, String> details) {
            StringBuilder text = new StringBuilder();
            details.forEach((key, value) -> text.append("<span class=\"kv\">").append(Html.text(key)).append('=')
                    .append(Html.text(value)).append("</span> "));
            return text.toString().strip();
        }

        private static String anchor(ScenarioReport scenario, int index) {
            return Html.anchor("scenario-" + (index + 1) + "-", scenario.name());
        }

        /** PASS, FAIL or INCONCLUSIVE, and for a negative control whether it failed as expected. */
        private static String badge(Verdict verdict) {
            if (!verdict.expectedFailure()) {
                return badge(Outcome.of(verdict));
            }
            return switch (verdict.outcome()) {
                case PASS -> "<span class=\"badge fail\" title=\"a negative control: expected to fail, but passed\">PASS, expected FAIL</span>";
                case FAIL -> "<span class=\"badge pass\" title=\"a negative control: it failed, as the test expected\">FAIL, as expected</span>";
                case INCONCLUSIVE -> "<span class=\"badge inconclusive\" title=\"a negative control that could not measure: it caught"
                        + " nothing\">INCONCLUSIVE, expected FAIL</span>";
            };
        }

        private static String badge(Outcome outcome) {
            return "<span class=\"badge " + cssClass(outcome) + "\">" + outcome + "</span>";
        }

        /** {@code pass}, {@code fail} or {@code inconclusive}: the colour of a badge or a verdict's row. */
        private static String cssClass(Outcome outcome) {
            return outcome.name().toLowerCase(Locale.ROOT);
        }

        private static String requests(RequestStats stats) {
            if (stats.requests() == 0) {
                return "no requests";
            }
            return stats.requests() + " requests, " + stats.failures() + " failed ("
                    + Quantity.number(100.0 * stats.failureRate()) + " %) · p50 " + ms(stats.p50Ms()) + " · p95 "
                    + ms(stats.p95Ms()) + " · p99 " + ms(stats.p99Ms());
        }

        private static String ms(Long value) {
            return value == null ? "–" : value + " ms";
        }

        private static String seconds(long millis) {
            return Quantity.number(millis / 1000.0) + " s";
        }

        private static String offset(ScenarioReport scenario, long epochMs) {
            return "+" + String.format(Locale.ROOT, "%.3f", scenario.secondsSinceStart(epochMs)) + " s";
        }

        private static String qualified(String namespace, String name) {
            return namespace == null ? name : namespace + "/" + name;
        }

        private static String resource(String name) {
            try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException(name + " is missing from the unshaken-reports jar (dev/unshaken/reports/"
                            + name + "); rebuild the reports module");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + name + " from the unshaken-reports jar: " + e.getMessage(), e);
            }
        }

        @Override
        public String toString() {
            return out.toString();
        }
    }
}
