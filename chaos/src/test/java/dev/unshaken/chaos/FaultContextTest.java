package dev.unshaken.chaos;

import dev.unshaken.journal.FaultKind;
import dev.unshaken.journal.Journal;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultContextTest {

    private final Journal journal = Journal.inMemory("context");
    private final FaultContext context = new FaultContext(null, journal, 42, Set.of("shop"));

    @Test
    void aFaultIsJournaledWhenItStartsAndAgainWhenItEnds() {
        var running = context.start(FaultKind.POD_DELETE, "shop/pod/web-1", FaultContext.details("seed", "42"));
        assertThat(journal.faults()).singleElement().satisfies(f -> assertThat(f.ended()).isFalse());

        running.end(FaultContext.details("outcome", "gone"));
        running.end(FaultContext.details("outcome", "twice"));

        assertThat(journal.records()).hasSize(2);
        assertThat(journal.faults()).singleElement().satisfies(f -> {
            assertThat(f.ended()).isTrue();
            assertThat(f.details()).containsEntry("seed", "42").containsEntry("outcome", "gone");
        });
    }

    @Test
    void onlyTheRunsNamespacesAreInScope() {
        assertThat(context.requireInScope("shop")).isEqualTo("shop");
        assertThatThrownBy(() -> context.requireInScope("kube-system"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("namespace kube-system was not created by this run")
                .hasMessageContaining("faults.confineTo(\"kube-system\")");
    }

    @Test
    void systemNamespacesCanNeverBeInScope() {
        var faults = new Faults(new NoCluster(), journal, 1);
        assertThatThrownBy(() -> faults.confineTo("kube-system")).hasMessageContaining("faults never touch kube-system");
        assertThatThrownBy(() -> faults.confineTo("default")).hasMessageContaining("faults never touch default");
    }

    @Test
    void theSameSeedPicksTheSameSequence() {
        var a = new FaultContext(null, journal, 7, Set.of()).random();
        var b = new FaultContext(null, journal, 7, Set.of()).random();
        for (int i = 0; i < 10; i++) {
            assertThat(a.nextInt(5)).isEqualTo(b.nextInt(5));
        }
    }

    @Test
    void faultsComposeInOrder() {
        var done = new ArrayList<String>();
        Fault first = step("first", done);
        Fault second = step("second", done);
        Fault sequence = first.then(Fault.pause(Duration.ofMillis(10))).then(second);

        sequence.inject(context);

        assertThat(done).containsExactly("first", "second");
        assertThat(sequence.describe()).isEqualTo("first, then wait 0.01 s, then second");
    }

    @Test
    void aFaultThatFailedInTheBackgroundFailsAwaitAllAndStopsItsSequence() {
        var done = new ArrayList<String>();
        Fault failing = new Fault() {
            @Override
            public void inject(FaultContext context) {
                throw new FaultFailedException("rollout of shop/web to env X=1 stalled");
            }

            @Override
            public String describe() {
                return "failing";
            }
        };
        var faults = new Faults(new NoCluster(), journal, 1);
        faults.after(Duration.ZERO, step("before", done).then(failing).then(step("after", done)));

        assertThatThrownBy(faults::awaitAll).isInstanceOf(FaultFailedException.class).hasMessage("rollout of shop/web to env X=1 stalled");
        assertThat(done).containsExactly("before");
    }

    @Test
    void awaitAllWaitsForTheOtherFaultsWhenOneFailedAndReportsEveryFailure() {
        var done = new java.util.concurrent.CopyOnWriteArrayList<String>();
        var faults = new Faults(new NoCluster(), journal, 1);
        faults.after(Duration.ZERO, failing("the drain of agent-1 was held back"));
        faults.after(Duration.ZERO, Fault.pause(Duration.ofMillis(300)).then(step("slow fault ended", done)));
        faults.after(Duration.ZERO, failing("the rollout stalled"));

        assertThatThrownBy(faults::awaitAll).isInstanceOf(FaultFailedException.class)
                .hasMessage("the drain of agent-1 was held back")
                .satisfies(e -> assertThat(e.getSuppressed()).extracting(Throwable::getMessage).containsExactly("the rollout stalled"));
        assertThat(done).as("the slow fault was waited for").containsExactly("slow fault ended");
    }

    private static Fault failing(String why) {
        return new Fault() {
            @Override
            public void inject(FaultContext context) {
                throw new FaultFailedException(why);
            }

            @Override
            public String describe() {
                return "failing";
            }
        };
    }

    private static Fault step(String name, java.util.List<String> done) {
        return new Fault() {
            @Override
            public void inject(FaultContext context) {
                done.add(name);
            }

            @Override
            public String describe() {
                return name;
            }
        };
    }

    /** A cluster that is never reached. */
    private static final class NoCluster implements dev.unshaken.fixtures.cluster.Cluster {
        public io.fabric8.kubernetes.client.KubernetesClient client() { throw new UnsupportedOperationException(); }
        public String kubeconfig() { throw new UnsupportedOperationException(); }
        public String server() { throw new UnsupportedOperationException(); }
        public java.util.List<String> nodeNames() { return java.util.List.of(); }
        public void loadImage(String dockerImage) { throw new UnsupportedOperationException(); }
        public java.net.URI nodePortUrl(int nodePort) { throw new UnsupportedOperationException(); }
        public void close() { }
    }

    @Test
    void detailsKeepTheirOrder() {
        assertThat(FaultContext.details("b", "1", "a", "2")).containsExactly(Map.entry("b", "1"), Map.entry("a", "2"));
    }
}
