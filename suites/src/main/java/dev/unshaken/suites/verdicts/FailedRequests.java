package dev.unshaken.suites.verdicts;

import dev.unshaken.journal.FailureKind;
import dev.unshaken.journal.RequestOutcome;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Failed requests told as an incident: grouped into bursts (failures less than 2 s apart), each with its time
 * span, routes, failure kinds, and the pods that were Terminating meanwhile.
 */
final class FailedRequests {

    private static final long BURST_GAP_MS = 2_000;

    private FailedRequests() {
    }

    static String describe(List<RequestOutcome> failed, RunClock clock, TerminatingPods terminating) {
        List<RequestOutcome> sorted = failed.stream().sorted(Comparator.comparingLong(RequestOutcome::startMs)).toList();
        var text = new StringBuilder();
        for (List<RequestOutcome> burst : bursts(sorted)) {
            long from = burst.getFirst().startMs();
            long to = burst.stream().mapToLong(RequestOutcome::endMs).max().orElse(from);
            text.append("\n  ").append(burst.size()).append(" failed between ").append(clock.span(from, to)).append(": ")
                    .append(countBy(burst, RequestOutcome::describeRoute)).append(", ")
                    .append(countBy(burst, r -> r.failure() == FailureKind.HTTP_5XX || r.status() != null
                            ? r.failure() + " " + r.status() : r.failure().name()));
            var pods = terminating.during(from, to);
            if (pods.isEmpty()) {
                text.append("\n    no pod was Terminating then");
            } else {
                text.append("\n    while Terminating: ").append(pods.stream()
                        .map(p -> p.pod() + (p.node() == null ? "" : " on " + p.node()) + " (" + clock.at(p.fromMs())
                                + (p.toMs() == Long.MAX_VALUE ? " – end" : " – " + clock.at(p.toMs())) + ")")
                        .collect(Collectors.joining(", ")));
            }
            text.append(terminating.unseenDuring(from, to, clock));
        }
        RequestOutcome first = sorted.getFirst();
        text.append("\n  first: ").append(clock.at(first.startMs())).append(' ').append(first.describeRoute()).append(' ')
                .append(first.failure()).append(first.status() == null ? "" : " " + first.status())
                .append(first.detail() == null ? "" : ": " + first.detail());
        return text.toString();
    }

    private static List<List<RequestOutcome>> bursts(List<RequestOutcome> sorted) {
        var bursts = new ArrayList<List<RequestOutcome>>();
        List<RequestOutcome> current = new ArrayList<>();
        long currentEnd = Long.MIN_VALUE;
        for (RequestOutcome r : sorted) {
            if (!current.isEmpty() && r.startMs() - currentEnd > BURST_GAP_MS) {
                bursts.add(current);
                current = new ArrayList<>();
            }
            current.add(r);
            currentEnd = Math.max(currentEnd, r.endMs());
        }
        if (!current.isEmpty()) {
            bursts.add(current);
        }
        return bursts;
    }

    /** {@code 5 × GET /, 2 × POST /api/v1/orders}. */
    private static String countBy(List<RequestOutcome> requests, java.util.function.Function<RequestOutcome, String> key) {
        Map<String, Long> counts = requests.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.counting()));
        return counts.entrySet().stream().map(e -> e.getValue() + " × " + e.getKey()).collect(Collectors.joining(", "));
    }
}
