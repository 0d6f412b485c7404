package dev.unshaken.chaos;

import dev.unshaken.journal.Journal;
import dev.unshaken.journal.Progress;
import dev.unshaken.journal.Verdict;
import org.slf4j.MDC;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks an {@link AbortCondition} every second against the journal's requests while a scenario's faults run, and
 * stops them when it trips; see {@link Faults#abortWhen}. Hand-written rather than an Awaitility wait: it must keep
 * the worst window it saw, not only the first that matched, for the verdict it journals when the faults are over.
 */
final class AbortGuard {

    private static final Duration EVERY = Duration.ofSeconds(1);

    private final AbortCondition condition;
    private final Journal journal;
    private final Runnable stopFaults;
    private Thread thread;
    private volatile AbortCondition.Window tripped;
    private AbortCondition.Window worst;
    private int checks;
    private int judged;
    private boolean finished;

    AbortGuard(AbortCondition condition, Journal journal, Runnable stopFaults) {
        this.condition = condition;
        this.journal = journal;
        this.stopFaults = stopFaults;
    }

    AbortCondition condition() {
        return condition;
    }

    /** Starts checking in the background, once a second. */
    void start() {
        var logContext = MDC.getCopyOfContextMap(); // the scenario's name for its progress lines
        thread = Thread.ofVirtual().name("unshaken-abort-guard").start(() -> {
            if (logContext != null) {
                MDC.setContextMap(logContext);
            }
            try {
                while (tripped == null) {
                    check(journal.now());
                    Thread.sleep(EVERY);
                }
            } catch (InterruptedException stopped) {
                // the faults are over
            }
        });
    }

    /** Whether it tripped. */
    boolean tripped() {
        return tripped != null;
    }

    /** One check of the window ending at {@code nowMs} (epoch ms on the journal's clock). */
    synchronized void check(long nowMs) {
        if (finished || tripped != null) {
            return;
        }
        checks++;
        var window = condition.windowEndingAt(journal.requests(), nowMs);
        if (window.requests() < condition.minRequests()) {
            return;
        }
        judged++;
        if (worst == null || window.errorRate() > worst.errorRate()) {
            worst = window;
        }
        if (window.errorRate() > condition.maxErrorRate()) {
            tripped = window;
            journal.record(verdict(Verdict.Outcome.FAIL, window, "tripped: " + window.describe() + " in the window ending at "
                    + at(nowMs) + "; every fault was stopped there and undone"));
            Progress.untimed().problem("abort", "%s: %s; stopping every fault", condition.describe(), window.describe());
            stopFaults.run();
        }
    }

    /**
     * Stops checking (the faults are over) and, the first time, journals how the condition held: a PASS with the worst
     * window seen, INCONCLUSIVE when no window held enough requests. Returns why the scenario was aborted, if it was.
     */
    synchronized Optional<String> finish() {
        if (thread != null) {
            thread.interrupt();
        }
        if (finished) {
            return Optional.ofNullable(tripped).map(this::abortMessage);
        }
        finished = true;
        if (tripped != null) {
            return Optional.of(abortMessage(tripped));
        }
        if (worst == null) {
            journal.record(verdict(Verdict.Outcome.INCONCLUSIVE, null, "no window of " + condition.window().toSeconds()
                    + " s held " + condition.minRequests() + " or more ended requests in " + checks + " checks while the faults ran,"
                    + " so the condition was never judged: is the load running, and at what rate?"));
        } else {
            journal.record(verdict(Verdict.Outcome.PASS, worst, "held in " + judged + " of " + checks + " checks; the worst window: "
                    + worst.describe()));
        }
        return Optional.empty();
    }

    /** Stops checking without a verdict: the scenario ended before its faults were awaited. */
    synchronized void cancel() {
        finished = true;
        if (thread != null) {
            thread.interrupt();
        }
    }

    private String abortMessage(AbortCondition.Window window) {
        return "the scenario was aborted: " + condition.describe() + " tripped, " + window.describe() + " in the "
                + condition.window().toSeconds() + " s to " + at(window.endMs())
                + "; every fault was stopped there and undone, so the scenario's verdicts were not judged";
    }

    /** {@code +23.4 s} into the scenario's journal. */
    private String at(long ms) {
        return String.format(Locale.ROOT, "+%.1f s", (ms - journal.openedAtMs()) / 1000.0);
    }

    private Verdict verdict(Verdict.Outcome outcome, AbortCondition.Window window, String evidence) {
        return new Verdict(journal.now(), condition.verdictName(), outcome,
                window == null ? null : window.errorRate() * 100, Verdict.Limit.AT_MOST, condition.maxErrorRate() * 100, "%",
                evidence, false);
    }
}
