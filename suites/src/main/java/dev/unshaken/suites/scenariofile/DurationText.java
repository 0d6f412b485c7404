package dev.unshaken.suites.scenariofile;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as scenario files write them: {@code 30s}, {@code 500ms}, {@code 2m}, {@code 1m30s}, {@code 1.5s}, {@code 1h}. */
final class DurationText {

    static final String EXAMPLES = "30s, 500ms, 2m or 1m30s";
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");
    private static final Pattern BARE_NUMBER = Pattern.compile("\\d+(?:\\.\\d+)?");

    private DurationText() {
    }

    /**
     * The duration written as {@code text}.
     *
     * @throws IllegalArgumentException saying what was expected
     */
    static Duration parse(String text) {
        String trimmed = text.strip();
        if (trimmed.startsWith("-")) {
            throw new IllegalArgumentException("a duration cannot be negative, got '" + text + "'");
        }
        if (BARE_NUMBER.matcher(trimmed).matches()) {
            throw new IllegalArgumentException("'" + text + "' has no unit: write " + trimmed + "s (or " + trimmed + "ms, "
                    + trimmed + "m)");
        }
        Matcher part = PART.matcher(trimmed);
        Duration total = Duration.ZERO;
        int at = 0;
        while (at < trimmed.length() && part.find(at) && part.start() == at) {
            BigDecimal amount = new BigDecimal(part.group(1));
            long millisPerUnit = switch (part.group(2)) {
                case "ms" -> 1;
                case "s" -> 1_000;
                case "m" -> 60_000;
                default -> 3_600_000;
            };
            try {
                // Exact, so a duration too long for a long of milliseconds is refused rather than wrapped around.
                total = total.plusMillis(amount.multiply(BigDecimal.valueOf(millisPerUnit)).setScale(0, RoundingMode.DOWN).longValueExact());
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("'" + text + "' is longer than any run could last");
            }
            at = part.end();
        }
        if (trimmed.isEmpty() || at != trimmed.length()) {
            throw new IllegalArgumentException("expected a duration like " + EXAMPLES + ", got '" + text + "'");
        }
        return total;
    }

    /** {@code 2h}, {@code 1h30m}, {@code 4m30s}, {@code 1s500ms}: a duration as a file would write it. */
    static String written(Duration duration) {
        long ms = duration.toMillis();
        var text = new StringBuilder();
        long[] amounts = {ms / 3_600_000, ms / 60_000 % 60, ms / 1_000 % 60, ms % 1_000};
        String[] units = {"h", "m", "s", "ms"};
        for (int i = 0; i < units.length; i++) {
            if (amounts[i] != 0) {
                text.append(amounts[i]).append(units[i]);
            }
        }
        return text.isEmpty() ? "0s" : text.toString();
    }

    /** {@code 90 s}, {@code 0.5 s}: the way verdict messages write times. */
    static String format(Duration duration) {
        long ms = duration.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms / 1000.0 + " s";
    }
}
