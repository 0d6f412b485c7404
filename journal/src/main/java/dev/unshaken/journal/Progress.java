package dev.unshaken.journal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

/**
 * What a run is doing, one line per step, for the person watching the console:
 * {@code [unshaken +12.3s] cluster: server ready}, the seconds counted from this progress's start, so a slow
 * step shows where the time went; or {@code [unshaken] fault: pod-delete ...} for a line with no clock.
 *
 * <p>Every line goes through SLF4J's logger {@value #LOGGER} (INFO, problems at WARN), so the run's binding
 * decides where it lands; the suites' Logback configuration prints the line as it is. A filter (the reports'
 * redactor) can pass over every line before it leaves. Tests give a {@link Sink} of their own.
 */
public final class Progress {

    /** The SLF4J logger every progress line goes to. */
    public static final String LOGGER = "unshaken";
    /**
     * The SLF4J MDC key under which the running scenario's name is (set by {@link JournalExtension} and carried into
     * the threads of faults and loads), for a log pattern that tells side-by-side scenarios' lines apart.
     */
    public static final String SCENARIO_MDC_KEY = "unshaken.scenario";

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    /** Where lines go: SLF4J by default. */
    @FunctionalInterface
    public interface Sink {
        /** One finished line; {@code problem} for something that went wrong but does not stop the run. */
        void line(String line, boolean problem);
    }

    private static final Sink SLF4J = (line, problem) -> {
        if (problem) {
            LOG.warn(line);
        } else {
            LOG.info(line);
        }
    };

    private static final Progress UNTIMED = new Progress(null, System::nanoTime, UnaryOperator.identity(), SLF4J);

    private final Long startNanos;
    private final LongSupplier nanoClock;
    private final UnaryOperator<String> filter;
    private final Sink sink;

    private Progress(Long startNanos, LongSupplier nanoClock, UnaryOperator<String> filter, Sink sink) {
        this.startNanos = startNanos;
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.filter = Objects.requireNonNull(filter, "filter");
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /** Progress timed from now. */
    public static Progress startingNow() {
        return new Progress(System.nanoTime(), System::nanoTime, UnaryOperator.identity(), SLF4J);
    }

    /** Progress timed from {@code startNanos} on {@code nanoClock}, its lines to {@code sink} (for tests). */
    public static Progress timed(long startNanos, LongSupplier nanoClock, Sink sink) {
        return new Progress(startNanos, nanoClock, UnaryOperator.identity(), sink);
    }

    /** Lines without a clock, {@code [unshaken] topic: message}. */
    public static Progress untimed() {
        return UNTIMED;
    }

    /** Lines without a clock to {@code sink} (for tests). */
    public static Progress untimed(Sink sink) {
        return new Progress(null, System::nanoTime, UnaryOperator.identity(), sink);
    }

    /** The same progress with {@code filter} passed over every line (e.g. a redactor). */
    public Progress filteredBy(UnaryOperator<String> filter) {
        Objects.requireNonNull(filter, "filter");
        return new Progress(startNanos, nanoClock, line -> filter.apply(this.filter.apply(line)), sink);
    }

    /**
     * One line for a step of {@code topic}. {@code format} is a {@link String#format} pattern when there are
     * arguments, and taken as it is when there are none (so a message holding {@code %} is safe).
     */
    public void step(String topic, String format, Object... args) {
        sink.line(line(topic, message(format, args)), false);
    }

    /** One line for something that went wrong and is reported, not thrown (e.g. a cleanup that left a rest). */
    public void problem(String topic, String format, Object... args) {
        sink.line(line(topic, message(format, args)), true);
    }

    /** The line for {@code topic} and {@code message} at the current time, filtered. */
    public String line(String topic, String message) {
        String prefix;
        if (startNanos == null) {
            prefix = "[unshaken]";
        } else {
            double seconds = (nanoClock.getAsLong() - startNanos) / 1e9;
            prefix = String.format(Locale.ROOT, "[unshaken %s%.1fs]", seconds < 0 ? "" : "+", seconds);
        }
        return filter.apply(prefix + " " + topic + ": " + message);
    }

    /** Seconds since this progress started (0 for untimed progress). */
    public double elapsedSeconds() {
        return startNanos == null ? 0 : (nanoClock.getAsLong() - startNanos) / 1e9;
    }

    private static String message(String format, Object... args) {
        return args == null || args.length == 0 ? format : String.format(Locale.ROOT, format, args);
    }
}
