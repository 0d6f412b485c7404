package dev.unshaken.suites.scenarios;

import dev.unshaken.chaos.BandwidthLimit;
import dev.unshaken.chaos.Destination;
import dev.unshaken.chaos.Faults;
import dev.unshaken.chaos.PodTarget;
import dev.unshaken.fixtures.cluster.Cluster;
import dev.unshaken.fixtures.cluster.TestNamespace;
import dev.unshaken.journal.FaultEvent;
import dev.unshaken.journal.FaultKind;
import dev.unshaken.journal.Journal;
import dev.unshaken.journal.RequestOutcome;
import dev.unshaken.load.Journeys;
import dev.unshaken.load.Load;
import dev.unshaken.suites.RunsBesideOthers;
import dev.unshaken.suites.UnshakenScenario;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.unshaken.load.LoadProfile.constantRate;
import static dev.unshaken.suites.verdicts.Verdicts.assertThat;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bandwidth limit proves itself with a probe of its own, pushed through a class of the same rate: fast before,
 * no faster than the limit during, fast again after. The web pods' answers to the load go through the limit: 32 kbit/s
 * for everything each pod sends, about two thirds of what 40 requests a second make it send (at 20 a second, 64 kbit/s
 * was never reached: the limit held nothing back). Its counters say how often it held packets back, and the
 * interfaces are left as they were.
 */
@RunsBesideOthers
@UnshakenScenario
class BandwidthLimitIT {

    private static final long LIMIT_KBIT = 32;
    private static final Pattern RATE = Pattern.compile("\\(([\\d.]+) (kbit|Mbit)/s\\)");

    @Test
    void theWebPodsAnswersAreHeldToTheLimitAndTheInterfacesAreLeftAsTheyWere(Cluster cluster, TestNamespace namespace, Load load,
                                                                             Faults faults, Journal journal) {
        var url = WebWorkload.graceful(namespace.name(), 30087).deploy(cluster);
        faults.confineTo(namespace.name());
        var web = PodTarget.labelled(namespace.name(), "app", WebWorkload.APP);

        // 40 s of load: 10 s before the limit, its 20 s, and 10 s after it, for the probes and the latency to compare.
        var run = load.start(url, Journeys.simpleGet("/"), constantRate(40).during(ofSeconds(40)));
        faults.after(ofSeconds(10), BandwidthLimit.of(web, Destination.cidr("0.0.0.0/0", 0), LIMIT_KBIT, ofSeconds(20)));
        faults.awaitAll();
        run.endAfter(ofSeconds(5)).awaitEnd();

        assertThat(journal).everyFaultFinished(FaultKind.BANDWIDTH_LIMIT);
        FaultEvent limit = journal.faults().stream().filter(f -> f.kind() == FaultKind.BANDWIDTH_LIMIT && f.ended()).findFirst().orElseThrow();
        assertThat(kbit(limit.detail("probeBefore"))).as("the probe before the limit").isGreaterThan(2.0 * LIMIT_KBIT);
        assertThat(kbit(limit.detail("probeDuring"))).as("the probe under the limit").isBetween(0.5 * LIMIT_KBIT, 1.5 * LIMIT_KBIT);
        assertThat(kbit(limit.detail("probeAfter"))).as("the probe after the limit").isGreaterThan(2.0 * LIMIT_KBIT);
        assertThat(Long.parseLong(limit.detail("probeHeldBackPackets"))).as("packets of the probe the limit held back").isPositive();
        assertThat(Long.parseLong(limit.detail("heldBackPackets"))).as("packets of the answers the limit held back").isPositive();
        assertThat(limit.details()).doesNotContainKey("qdiscLeft");

        // The answers were slowed while it lasted: the load saw it.
        List<RequestOutcome> during = journal.requests().stream().filter(r -> r.startMs() > limit.startMs() + 2_000 && r.endMs() < limit.endMs()).toList();
        List<RequestOutcome> before = journal.requests().stream().filter(r -> r.endMs() < limit.startMs()).toList();
        assertThat(median(during)).as("median latency under the limit vs before (%d ms)", median(before)).isGreaterThan(median(before));

        var machines = cluster.machines().orElseThrow();
        assertThat(cluster.client().pods().inNamespace(namespace.name()).withLabel("app", WebWorkload.APP).list().getItems())
                .allSatisfy(pod -> assertThat(machines.inNetworkOf(pod.getSpec().getNodeName(),
                        pod.getStatus().getContainerStatuses().getFirst().getContainerID(), List.of("tc", "qdisc", "show", "dev", "eth0", "root")).stdout())
                        .as("the root qdisc of pod %s", pod.getMetadata().getName()).doesNotContain("htb"));
    }

    /** The rate a probe description gives, kbit/s: {@code pushed 256 KiB in 32012 ms (65 kbit/s)}. */
    private static double kbit(String probe) {
        assertThat(probe).isNotNull();
        Matcher m = RATE.matcher(probe);
        assertThat(m.find()).as("a rate in '%s'", probe).isTrue();
        return Double.parseDouble(m.group(1)) * (m.group(2).equals("Mbit") ? 1000 : 1);
    }

    private static long median(List<RequestOutcome> requests) {
        assertThat(requests).isNotEmpty();
        return requests.stream().mapToLong(RequestOutcome::durationMs).sorted().toArray()[requests.size() / 2];
    }
}
