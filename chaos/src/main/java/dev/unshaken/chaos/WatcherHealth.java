package dev.unshaken.chaos;

import dev.unshaken.journal.Observation;
import dev.unshaken.journal.ObservationKind;
import dev.unshaken.journal.Progress;
import dev.unshaken.journal.WatchState;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The health of one informer (one kind of object in one namespace), journaled as {@link ObservationKind#WATCH}
 * observations when it changes: {@code connected} once it has listed what exists, {@code gap} from when it stopped
 * watching until it is {@code connected} again, {@code closed} when it stopped. Verdicts trust "the last observation
 * holds" only while the watcher was connected, so every way fabric8 can stop watching must open a gap here:
 * <ul>
 *   <li>a failed list or a watch closed with an error ({@link #failed}, from the informer's exception handler);</li>
 *   <li>a relist ({@link #listing}): after 410 Gone the watch resumes only after listing everything anew, and what
 *       changed in between was never seen;</li>
 *   <li>a connection that stays down ({@link #watching}, polled): fabric8 reconnects a dropped watch on its own, and
 *       tells the informer nothing.</li>
 * </ul>
 * Thread-safe: the informer's threads and the poller call it.
 */
final class WatcherHealth {

    private final ObservationKind kind;
    private final String namespace;
    private final LongSupplier clock;
    private final Consumer<Observation> journal;
    private final long graceMs;
    /** {@code null} until the first list has synced. */
    private WatchState state;
    /** When the poller first saw the informer not watching, or -1 while it is. */
    private long notWatchingSinceMs = -1;
    private boolean listedBefore;

    /**
     * @param grace how long the connection may be down before it is a gap: fabric8 renews every watch every few
     *              minutes (the server ends it), which takes about a second and loses no change
     */
    WatcherHealth(ObservationKind kind, String namespace, LongSupplier clock, Consumer<Observation> journal, Duration grace) {
        this.kind = kind;
        this.namespace = namespace;
        this.clock = clock;
        this.journal = journal;
        this.graceMs = grace.toMillis();
    }

    /** The informer has listed what exists (the first time, or again after a gap): from now on it sees every change. */
    synchronized void synced() {
        if (state == WatchState.CONNECTED || state == WatchState.CLOSED) {
            return;
        }
        notWatchingSinceMs = -1;
        record(clock.getAsLong(), WatchState.CONNECTED, null);
    }

    /** The informer lists everything (fabric8's {@code onBeforeList}); any list after the first means its watch was lost (410 Gone, or an error). */
    synchronized void listing() {
        if (!listedBefore) {
            // The first list's notice may come after run() returned and synced() was journaled: it is no relist.
            listedBefore = true;
            return;
        }
        if (state == WatchState.CONNECTED) {
            gap("the watch ended (expired with 410 Gone, or was restarted): listing everything anew; changes meanwhile were not seen");
        }
    }

    /** A list failed or the watch closed with an error; fabric8 retries (or gives up, then {@link #stopped} follows). */
    synchronized void failed(Throwable error) {
        if (state == WatchState.CONNECTED) {
            gap(errorText(error));
        }
    }

    /** What {@code isWatching()} says now; polled. A connection down for longer than the grace is a gap, from when it went down. */
    synchronized void watching(boolean watching) {
        long now = clock.getAsLong();
        if (watching) {
            notWatchingSinceMs = -1;
            if (state == WatchState.GAP) {
                // Reconnected from where it left off: fabric8 resumed the watch at its last resourceVersion.
                record(now, WatchState.CONNECTED, null);
            }
            return;
        }
        if (notWatchingSinceMs < 0) {
            notWatchingSinceMs = now;
        }
        if (state == WatchState.CONNECTED && now - notWatchingSinceMs >= graceMs) {
            gap("not watching for " + (now - notWatchingSinceMs) / 1000.0 + " s: the connection to the API server is down "
                    + "(fabric8 keeps reconnecting)");
        }
    }

    /**
     * The informer stopped: the run ended its watching ({@code error} {@code null}) or fabric8 gave up on an error it
     * does not retry, or the first list failed.
     */
    synchronized void stopped(Throwable error) {
        if (state != WatchState.CLOSED) {
            record(clock.getAsLong(), WatchState.CLOSED, error == null ? null : errorText(error));
        }
    }

    /** The state last journaled; {@code null} before the first sync. */
    synchronized WatchState state() {
        return state;
    }

    /** {@code DEPLOYMENT watcher of shop}, {@code NODE watcher}. */
    String describe() {
        return kind + " watcher" + (namespace == null ? "" : " of " + namespace);
    }

    private void gap(String why) {
        long now = clock.getAsLong();
        // Back-dated to when the poller first saw it down: the changes lost began then, not when fabric8 told.
        long since = notWatchingSinceMs >= 0 ? Math.min(notWatchingSinceMs, now) : now;
        Progress.untimed().problem("watch", "the %s stopped watching: %s; verdicts over the time until it is back are inconclusive",
                describe(), why);
        record(since, WatchState.GAP, why);
    }

    private void record(long atMs, WatchState next, String error) {
        state = next;
        journal.accept(Observation.watch(atMs, kind, namespace, next, error));
    }

    /** One line: the exception's type and message, and its cause's when it adds something (fabric8 wraps the HTTP status). */
    static String errorText(Throwable error) {
        if (error instanceof CompletionException && error.getCause() != null) {
            error = error.getCause();
        }
        String text = error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
        Throwable cause = error.getCause();
        if (cause != null && cause != error && cause.getMessage() != null && !text.contains(cause.getMessage())) {
            text += " (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")";
        }
        text = text.replaceAll("\\s+", " ").strip();
        return text.length() > 500 ? text.substring(0, 497) + "..." : text;
    }
}
