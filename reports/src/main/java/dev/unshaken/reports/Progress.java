package dev.unshaken.reports;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Progress lines for the console while a scenario runs, timed from one start:
 * {@code [unshaken +12.3s] drain: agent-1 cordoned, 4 pods to evict}. Messages pass through the {@link Redactor}.
 */
public final class Progress {

    private final long startMs;
    private final LongSupplier clock;
    private final PrintStream out;
    private final Redactor redactor;

    /**
     * @param startMs  the time the offsets count from, epoch ms
     * @param clock    the current time, epoch ms
     * @param out      where lines go
     * @param redactor what every message passes through
     */
    public Progress(long startMs, LongSupplier clock, PrintStream out, Redactor redactor) {
        this.startMs = startMs;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.out = Objects.requireNonNull(out, "out");
        this.redactor = Objects.requireNonNull(redactor, "redactor");
    }

    /** Progress timed from now, printed to standard output. */
    public static Progress startingNow(Redactor redactor) {
        return new Progress(System.currentTimeMillis(), System::currentTimeMillis, System.out, redactor);
    }

    /** Prints one line for a step. */
    public void step(String step, String message) {
        out.println(line(step, message));
        out.flush();
    }

    /** The line for a step at the current time, e.g. {@code [unshaken +12.3s] load: 40 req/s started}. */
    public String line(String step, String message) {
        double seconds = (clock.getAsLong() - startMs) / 1000.0;
        return String.format(Locale.ROOT, "[unshaken %s%.1fs] %s: %s", seconds < 0 ? "" : "+", seconds,
                redactor.redact(step), redactor.redact(message));
    }
}
