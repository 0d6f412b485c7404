package dev.unshaken.reports;

import dev.unshaken.journal.Verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What changed between two {@code summary.json} of the same suite, scenario by scenario (matched by name):
 * <ul>
 *   <li>worse: a verdict that went from pass to fail or to inconclusive (a pass must be earned: one that can no
 *   longer be judged is lost), a verdict that is new and does not come out as expected, a scenario that passed and
 *   now has no verdict, a new scenario without verdicts, a latency percentile up by more than the threshold (and by
 *   at least {@link Thresholds#minLatencyDeltaMs()}), a failure rate up by more than the threshold (any failure
 *   where there was none counts), a scenario's wall time up by more than the threshold and by at least
 *   {@link Thresholds#minWallDeltaSeconds()};</li>
 *   <li>better: a verdict that went from fail or inconclusive to pass;</li>
 *   <li>note: a scenario or verdict that is in only one of the two, a verdict that went between fail and
 *   inconclusive.</li>
 * </ul>
 *
 * @param changes every change found, worse first
 */
public record SummaryComparison(List<Change> changes) {

    /** How much worse counts as worse. */
    public record Thresholds(double percent, long minLatencyDeltaMs, long minWallDeltaSeconds) {
        /**
         * 10 %, latency must grow by at least 5 ms (so 2 → 3 ms is noise, not a regression), and a scenario's wall
         * time by at least 15 s (a cluster's pace varies by seconds from run to run).
         */
        public static final Thresholds DEFAULT = new Thresholds(10, 5, 15);

        /** The given percentage and latency delta, with the default wall-time delta. */
        public Thresholds(double percent, long minLatencyDeltaMs) {
            this(percent, minLatencyDeltaMs, 15);
        }

        public Thresholds {
            if (!(percent >= 0) || minLatencyDeltaMs < 0 || minWallDeltaSeconds < 0) {
                throw new IllegalArgumentException("thresholds must not be negative: " + percent + " %, " + minLatencyDeltaMs + " ms");
            }
        }
    }

    /** Whether it is worse, better, or worth a note. */
    public enum Severity { WORSE, BETTER, NOTE }

    /** One change: its severity, the scenario, and a sentence saying what changed. */
    public record Change(Severity severity, String scenario, String description) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%-6s %s: %s", severity, scenario, description);
        }
    }

    public SummaryComparison {
        changes = changes.stream().sorted((a, b) -> a.severity().compareTo(b.severity())).toList();
    }

    /** Compares {@code after} with {@code before}. */
    public static SummaryComparison of(JsonSummary before, JsonSummary after, Thresholds thresholds) {
        List<Change> changes = new ArrayList<>();
        for (ScenarioSummary old : before.scenarios()) {
            ScenarioSummary now = after.scenario(old.name());
            if (now == null) {
                changes.add(new Change(Severity.NOTE, old.name(), "not in the new run"));
                continue;
            }
            if (old.passed() && now.verdicts().isEmpty()) {
                changes.add(new Change(Severity.WORSE, old.name(), "went PASS → INCONCLUSIVE: no verdict was recorded in the new run"));
            }
            compareVerdicts(old, now, changes);
            compareLatency("p50", old.requests().p50Ms(), now.requests().p50Ms(), old.name(), thresholds, changes);
            compareLatency("p95", old.requests().p95Ms(), now.requests().p95Ms(), old.name(), thresholds, changes);
            compareLatency("p99", old.requests().p99Ms(), now.requests().p99Ms(), old.name(), thresholds, changes);
            compareFailures(old.requests(), now.requests(), old.name(), thresholds, changes);
            compareWallTime(old.wallMs(), now.wallMs(), old.name(), thresholds, changes);
        }
        for (ScenarioSummary now : after.scenarios()) {
            if (before.scenario(now.name()) == null) {
                changes.add(new Change(Severity.NOTE, now.name(), "new scenario, not in the old run"));
                if (now.verdicts().isEmpty()) {
                    changes.add(new Change(Severity.WORSE, now.name(), "new scenario INCONCLUSIVE: no verdict was recorded"));
                }
                now.verdicts().stream().filter(v -> !v.asExpected())
                        .forEach(v -> changes.add(new Change(Severity.WORSE, now.name(), newVerdict(v))));
            }
        }
        return new SummaryComparison(changes);
    }

    /** Whether anything got worse. */
    public boolean worse() {
        return changes.stream().anyMatch(c -> c.severity() == Severity.WORSE);
    }

    /** The changes of one severity. */
    public List<Change> changes(Severity severity) {
        return changes.stream().filter(c -> c.severity() == severity).toList();
    }

    private static void compareVerdicts(ScenarioSummary old, ScenarioSummary now, List<Change> changes) {
        for (Verdict before : old.verdicts()) {
            Verdict after = now.verdict(before.name());
            if (after == null) {
                changes.add(new Change(Severity.NOTE, old.name(), "verdict \"" + before.name() + "\" is not in the new run"));
            } else if (before.asExpected() && !after.asExpected()) {
                changes.add(new Change(Severity.WORSE, old.name(), went(before, after) + ", budget " + VerdictText.budget(after)
                        + (after.evidence().isBlank() ? "" : "; " + after.evidence())));
            } else if (!before.asExpected() && after.asExpected()) {
                changes.add(new Change(Severity.BETTER, old.name(), went(before, after)));
            } else if (!before.asExpected() && !VerdictText.result(before).equals(VerdictText.result(after))) {
                changes.add(new Change(Severity.NOTE, old.name(), went(before, after)));
            }
        }
        for (Verdict after : now.verdicts()) {
            if (old.verdict(after.name()) == null) {
                changes.add(after.asExpected()
                        ? new Change(Severity.NOTE, old.name(), "new verdict \"" + after.name() + "\" " + VerdictText.result(after))
                        : new Change(Severity.WORSE, old.name(), newVerdict(after)));
            }
        }
    }

    /** {@code verdict "x" went PASS → FAIL: measured 0 requests → 3 requests}. */
    private static String went(Verdict before, Verdict after) {
        return "verdict \"" + before.name() + "\" went " + VerdictText.result(before) + " → " + VerdictText.result(after)
                + ": measured " + VerdictText.measured(before) + " → " + VerdictText.measured(after);
    }

    /** {@code new verdict "x" FAIL: measured 3 requests, budget ≤ 0 requests}. */
    private static String newVerdict(Verdict verdict) {
        return "new verdict \"" + verdict.name() + "\" " + VerdictText.result(verdict) + ": measured " + VerdictText.measured(verdict)
                + ", budget " + VerdictText.budget(verdict);
    }

    private static void compareLatency(String percentile, Long before, Long after, String scenario, Thresholds thresholds,
                                       List<Change> changes) {
        if (before == null || after == null) {
            return;
        }
        long delta = after - before;
        if (delta >= thresholds.minLatencyDeltaMs() && delta > 0 && after > before * (1 + thresholds.percent() / 100.0)) {
            changes.add(new Change(Severity.WORSE, scenario, percentile + " latency " + before + " ms → " + after + " ms ("
                    + increase(before, after) + ")"));
        }
    }

    private static void compareFailures(RequestStats before, RequestStats after, String scenario, Thresholds thresholds,
                                        List<Change> changes) {
        double oldRate = before.failureRate();
        double newRate = after.failureRate();
        if (after.failures() > 0 && newRate > oldRate * (1 + thresholds.percent() / 100.0)) {
            changes.add(new Change(Severity.WORSE, scenario, "failed requests " + before.failures() + " of " + before.requests()
                    + " (" + percent(oldRate) + ") → " + after.failures() + " of " + after.requests() + " (" + percent(newRate) + ")"));
        }
    }

    private static void compareWallTime(long beforeMs, long afterMs, String scenario, Thresholds thresholds, List<Change> changes) {
        if (beforeMs <= 0 || afterMs <= 0) {
            return; // unknown in one of the runs
        }
        long delta = afterMs - beforeMs;
        if (delta >= thresholds.minWallDeltaSeconds() * 1000 && afterMs > beforeMs * (1 + thresholds.percent() / 100.0)) {
            changes.add(new Change(Severity.WORSE, scenario, "wall time " + Math.round(beforeMs / 1000.0) + " s → "
                    + Math.round(afterMs / 1000.0) + " s (" + increase(beforeMs, afterMs) + ")"));
        }
    }

    private static String increase(long before, long after) {
        return before == 0 ? "from 0" : "+" + Math.round(100.0 * (after - before) / before) + " %";
    }

    private static String percent(double rate) {
        return Quantity.number(Math.round(1000.0 * rate) / 10.0) + " %";
    }
}
