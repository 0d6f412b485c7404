package dev.unshaken.chaos;

import dev.unshaken.journal.Observation;
import dev.unshaken.journal.ObservationKind;
import dev.unshaken.journal.WatchState;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.WatcherException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** What fabric8 tells an informer's health, and what the journal then holds; the clock is set by hand. */
class WatcherHealthTest {

    private final List<Observation> journal = new ArrayList<>();
    private long now = 1_000;
    private final WatcherHealth health = new WatcherHealth(ObservationKind.DEPLOYMENT, "shop", () -> now, journal::add,
            Duration.ofSeconds(3));

    @Test
    void theFirstListIsAConnectionNotARelistWhicheverNoticeComesFirst() {
        health.synced();
        now = 1_005;
        health.listing(); // the first list's onBeforeList, delivered after run() returned
        health.synced();  // and its onList
        health.watching(true);

        assertThat(journal).extracting(Observation::atMs, Observation::kind, Observation::namespace, Observation::name, Observation::watchState)
                .containsExactly(tuple(1_000L, ObservationKind.WATCH, "shop", "DEPLOYMENT", WatchState.CONNECTED));
    }

    @Test
    void aWatchClosedWithAnErrorIsAGapUntilTheRelistHasSynced() {
        connect();
        now = 5_000;
        health.failed(new WatcherException("too many requests", new KubernetesClientException("HTTP 429")));
        now = 6_000;
        health.failed(new KubernetesClientException("list failed: HTTP 503")); // the relist failed too: still one gap
        health.watching(false);
        now = 8_000;
        health.listing();
        health.synced();

        assertThat(states()).containsExactly(
                tuple(1_000L, WatchState.CONNECTED, null),
                tuple(5_000L, WatchState.GAP, "WatcherException: too many requests (KubernetesClientException: HTTP 429)"),
                tuple(8_000L, WatchState.CONNECTED, null));
    }

    @Test
    void aRelistAfter410GoneIsAGapBackDatedToWhenTheWatchWasSeenDown() {
        connect();
        now = 4_000;
        health.watching(false); // the watch ended with 410; fabric8 waits before it relists
        now = 4_500;
        health.listing();
        now = 4_900;
        health.synced();

        assertThat(states()).containsExactly(
                tuple(1_000L, WatchState.CONNECTED, null),
                tuple(4_000L, WatchState.GAP, "the watch ended (expired with 410 Gone, or was restarted): listing everything anew; "
                        + "changes meanwhile were not seen"),
                tuple(4_900L, WatchState.CONNECTED, null));
    }

    @Test
    void aConnectionDownForLongerThanTheGraceIsAGapAndARoutineRenewalIsNot() {
        connect();
        now = 10_000;
        health.watching(false); // a renewal
        now = 11_000;
        health.watching(true);
        now = 20_000;
        health.watching(false);
        now = 22_000;
        health.watching(false);
        now = 23_500;
        health.watching(false);
        now = 30_000;
        health.watching(true); // fabric8 resumed the watch where it was: no relist

        assertThat(states()).containsExactly(
                tuple(1_000L, WatchState.CONNECTED, null),
                tuple(20_000L, WatchState.GAP, "not watching for 3.5 s: the connection to the API server is down (fabric8 keeps reconnecting)"),
                tuple(30_000L, WatchState.CONNECTED, null));
    }

    @Test
    void aWatcherThatGivesUpIsClosedWithItsErrorAndNothingFollows() {
        connect();
        now = 2_000;
        health.stopped(new CompletionException(new KubernetesClientException("Forbidden")));
        health.synced();
        health.stopped(null);

        assertThat(states()).containsExactly(
                tuple(1_000L, WatchState.CONNECTED, null),
                tuple(2_000L, WatchState.CLOSED, "KubernetesClientException: Forbidden"));
    }

    @Test
    void aWatcherWhoseFirstListFailedIsClosedWithoutEverConnecting() {
        health.failed(new KubernetesClientException("namespaces \"shop\" is forbidden"));
        health.stopped(new KubernetesClientException("namespaces \"shop\" is forbidden"));

        assertThat(states()).containsExactly(tuple(1_000L, WatchState.CLOSED, "KubernetesClientException: namespaces \"shop\" is forbidden"));
    }

    private void connect() {
        health.listing();
        health.synced();
        health.watching(true);
    }

    private List<org.assertj.core.groups.Tuple> states() {
        return journal.stream().map(o -> tuple(o.atMs(), o.watchState(), o.field("error"))).toList();
    }
}
