package dev.unshaken.reports;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command line: compares the {@code summary.json} of two runs and prints what got worse; exits with 1 when
 * something did, 0 when nothing did, 2 when the arguments or files are not usable.
 *
 * <pre>
 * ./mvnw -q -pl reports exec:java -Dexec.args="old/summary.json new/summary.json [--threshold=10] [--min-latency-ms=5]"
 * </pre>
 * See {@link SummaryComparison} for what counts as worse.
 */
public final class CompareSummaries {

    static final int NOTHING_WORSE = 0;
    static final int WORSE = 1;
    static final int UNUSABLE_INPUT = 2;

    private static final String USAGE = """
            usage: CompareSummaries OLD.json NEW.json [--threshold=PERCENT] [--min-latency-ms=MS]
              OLD.json, NEW.json   summary.json of two runs (target/unshaken-reports/summary.json)
              --threshold=PERCENT  how much a latency percentile or the failure rate may grow (default 10)
              --min-latency-ms=MS  latency growth smaller than this is never worse (default 5)
            exit code: 0 nothing got worse, 1 something got worse, 2 unusable arguments or files""";

    private CompareSummaries() {
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }

    /** Runs the comparison, printing to {@code out} and {@code err}; returns the exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        List<Path> files = new ArrayList<>();
        double percent = SummaryComparison.Thresholds.DEFAULT.percent();
        long minLatencyMs = SummaryComparison.Thresholds.DEFAULT.minLatencyDeltaMs();
        try {
            for (String arg : args) {
                if (arg.startsWith("--threshold=")) {
                    percent = Double.parseDouble(arg.substring("--threshold=".length()).replace("%", ""));
                } else if (arg.startsWith("--min-latency-ms=")) {
                    minLatencyMs = Long.parseLong(arg.substring("--min-latency-ms=".length()));
                } else if (arg.equals("-h") || arg.equals("--help")) {
                    out.println(USAGE);
                    return NOTHING_WORSE;
                } else if (arg.startsWith("--")) {
                    err.println("unknown option " + arg + "\n" + USAGE);
                    return UNUSABLE_INPUT;
                } else {
                    files.add(Path.of(arg));
                }
            }
        } catch (NumberFormatException e) {
            err.println("a threshold must be a number: " + e.getMessage() + "\n" + USAGE);
            return UNUSABLE_INPUT;
        }
        if (files.size() != 2) {
            err.println("expected two summary files, got " + files.size() + (files.isEmpty() ? "" : " " + files) + "\n" + USAGE);
            return UNUSABLE_INPUT;
        }
        SummaryComparison.Thresholds thresholds;
        JsonSummary before;
        JsonSummary after;
        try {
            thresholds = new SummaryComparison.Thresholds(percent, minLatencyMs);
            before = JsonSummary.read(files.get(0));
            after = JsonSummary.read(files.get(1));
        } catch (InvalidSummaryException | IllegalArgumentException e) {
            err.println(e.getMessage());
            return UNUSABLE_INPUT;
        }
        SummaryComparison comparison = SummaryComparison.of(before, after, thresholds);
        out.println("Run " + after.runId() + " (" + files.get(1) + ") compared with run " + before.runId() + " ("
                + files.get(0) + "), threshold " + Quantity.number(thresholds.percent()) + " %:");
        comparison.changes().forEach(change -> out.println("  " + change));
        long worse = comparison.changes(SummaryComparison.Severity.WORSE).size();
        out.println(worse == 0 ? "Nothing got worse." : worse + (worse == 1 ? " thing" : " things") + " got worse.");
        return comparison.worse() ? WORSE : NOTHING_WORSE;
    }
}
