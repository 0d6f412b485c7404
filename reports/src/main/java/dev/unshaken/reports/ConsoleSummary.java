package dev.unshaken.reports;

import dev.unshaken.journal.Verdict;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A short fixed-width table of every verdict for the end of {@code mvn verify}:
 *
 * <pre>
 * [unshaken] run 20260101-120000: FAIL (2 scenarios, 3 verdicts, 1 failed, 1 inconclusive)
 * scenario               verdict                          measured      budget         result
 * drain-under-peak-load  no failed requests during drain  37 requests   &lt;= 0 requests  FAIL
 * drain-under-peak-load  kept 2 ready replicas            not measured  &gt;= 2 replicas  INCONCLUSIVE
 * pod-kill               (no verdicts)                                                 INCONCLUSIVE
 * </pre>
 * Long names are cut with {@code …}; text passes through the {@link Redactor}.
 */
public final class ConsoleSummary {

    private static final String[] HEADINGS = {"scenario", "verdict", "measured", "budget", "result"};
    private static final int[] MAX_WIDTHS = {30, 48, 16, 18, 12};

    private final Redactor redactor;

    /** A summary whose text goes through {@code redactor}. */
    public ConsoleSummary(Redactor redactor) {
        this.redactor = redactor;
    }

    /**
     * The table, one line per verdict (a scenario without verdicts gets one line saying so: it is inconclusive),
     * ending in a newline.
     */
    public String render(RunReport run) {
        RunReport safe = run.redacted(redactor);
        long verdicts = safe.scenarios().stream().mapToLong(s -> s.verdicts().size()).sum();
        long failed = count(safe, Outcome.FAIL);
        long inconclusive = count(safe, Outcome.INCONCLUSIVE);
        List<String[]> rows = new ArrayList<>();
        for (ScenarioReport scenario : safe.scenarios()) {
            if (scenario.verdicts().isEmpty()) {
                rows.add(new String[]{scenario.name(), "(no verdicts)", "", "", Outcome.INCONCLUSIVE.name()});
            }
            for (Verdict verdict : scenario.verdicts()) {
                rows.add(new String[]{scenario.name(), verdict.name(), VerdictText.measured(verdict), VerdictText.asciiBudget(verdict),
                        VerdictText.result(verdict)});
            }
        }
        int[] widths = new int[HEADINGS.length];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = HEADINGS[c].length();
            for (String[] row : rows) {
                widths[c] = Math.max(widths[c], Math.min(MAX_WIDTHS[c], row[c].length()));
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("[unshaken] run ").append(safe.runId()).append(": ").append(safe.outcome())
                .append(" (").append(safe.scenarios().size()).append(safe.scenarios().size() == 1 ? " scenario, " : " scenarios, ")
                .append(verdicts).append(verdicts == 1 ? " verdict, " : " verdicts, ").append(failed).append(" failed")
                .append(inconclusive == 0 ? "" : ", " + inconclusive + " inconclusive").append(")\n");
        line(out, HEADINGS, widths);
        rows.forEach(row -> line(out, row, widths));
        wallTimes(safe, out);
        return out.toString();
    }

    /**
     * One line with each scenario's wall time, slowest first, and their sum (more than the run took when tests ran side
     * by side): where the suite's time goes, so a scenario that got slower stands out (summary.json keeps the same figures for {@code compare}).
     */
    private static void wallTimes(RunReport run, StringBuilder out) {
        List<ScenarioReport> timed = run.scenarios().stream().filter(s -> s.wallMs() > 0)
                .sorted(Comparator.comparingLong(ScenarioReport::wallMs).reversed()).toList();
        if (timed.isEmpty()) {
            return;
        }
        long total = timed.stream().mapToLong(ScenarioReport::wallMs).sum();
        out.append("[unshaken] wall time ").append(seconds(total)).append(" s summed over the scenarios (tests run side by side overlap):");
        timed.forEach(s -> out.append(' ').append(s.name()).append(' ').append(seconds(s.wallMs())).append(" s,"));
        out.setLength(out.length() - 1);
        out.append('\n');
    }

    private static String seconds(long ms) {
        return String.format(Locale.ROOT, "%.0f", ms / 1000.0);
    }

    /** Prints {@link #render(RunReport)}. */
    public void print(RunReport run, PrintStream out) {
        out.print(render(run));
        out.flush();
    }

    /** How many verdicts of the run count as this for their scenarios (see {@link Outcome#of(Verdict)}). */
    private static long count(RunReport run, Outcome outcome) {
        return run.scenarios().stream().flatMap(s -> s.verdicts().stream()).filter(v -> Outcome.of(v) == outcome).count();
    }

    private static void line(StringBuilder out, String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
            String cell = fit(cells[c].replaceAll("\\s+", " "), widths[c]);
            line.append(cell);
            if (c < cells.length - 1) {
                line.append(" ".repeat(widths[c] - cell.length() + 2));
            }
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    private static String fit(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 1) + "…";
    }
}
