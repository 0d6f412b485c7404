package dev.unshaken.chaos;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrafficShapingTest {

    private static final FaultChain CHAIN = new FaultChain("3fa2c1d0", "f4");
    private static final TrafficShaping SHAPING = new TrafficShaping(CHAIN, "eth0", 256,
            List.of(new Destination.Match("10.43.12.7", "tcp", 5432), new Destination.Match("10.42.0.0/16", "all", 0)), "10.42.1.1", 29123);

    @Test
    void theWorkloadsPacketsToTheDestinationAndTheProbesGoThroughClassesOfTheRateEverythingElseUnlimited() {
        String h = SHAPING.handle();
        assertThat(Integer.parseInt(h, 16)).isBetween(0x100, 0xfeff);
        assertThat(SHAPING.install()).containsExactly(
                List.of("tc", "qdisc", "add", "dev", "eth0", "root", "handle", h + ":", "htb", "default", "1"),
                List.of("tc", "class", "add", "dev", "eth0", "parent", h + ":", "classid", h + ":1", "htb", "rate", "10gbit", "quantum", "60000"),
                List.of("tc", "class", "add", "dev", "eth0", "parent", h + ":", "classid", h + ":2", "htb", "rate", "256kbit", "ceil", "256kbit"),
                List.of("tc", "class", "add", "dev", "eth0", "parent", h + ":", "classid", h + ":3", "htb", "rate", "256kbit", "ceil", "256kbit"),
                List.of("tc", "filter", "add", "dev", "eth0", "parent", h + ":", "protocol", "ip", "prio", "1", "u32",
                        "match", "ip", "dst", "10.42.1.1/32", "match", "ip", "protocol", "6", "0xff", "match", "ip", "dport", "29123", "0xffff",
                        "flowid", h + ":3"),
                List.of("tc", "filter", "add", "dev", "eth0", "parent", h + ":", "protocol", "ip", "prio", "2", "u32",
                        "match", "ip", "dst", "10.43.12.7/32", "match", "ip", "protocol", "6", "0xff", "match", "ip", "dport", "5432", "0xffff",
                        "flowid", h + ":2"),
                List.of("tc", "filter", "add", "dev", "eth0", "parent", h + ":", "protocol", "ip", "prio", "2", "u32",
                        "match", "ip", "dst", "10.42.0.0/16", "flowid", h + ":2"));
        assertThat(SHAPING.remove().get(2)).isEqualTo("tc qdisc show dev eth0 root | grep -q \"htb " + h + ": \" && tc qdisc del dev eth0 root; true");
        assertThat(SHAPING.watchdogScript(80)).startsWith("setsid sh -c 'sleep 80; tc qdisc show dev eth0 root | grep -q \"htb " + h + ": \"");
    }

    @Test
    void onlyAnInterfaceNobodyShapesIsShaped() {
        assertThat(TrafficShaping.unshaped("qdisc noqueue 0: root refcnt 2 \n")).isTrue();
        assertThat(TrafficShaping.unshaped("qdisc fq_codel 0: root refcnt 2 limit 10240p flows 1024\n")).isTrue();
        assertThat(TrafficShaping.unshaped("")).isTrue();
        assertThat(TrafficShaping.unshaped("qdisc htb 1: root refcnt 2 r2q 10 default 0x1\n")).as("someone else's HTB").isFalse();
        assertThat(TrafficShaping.unshaped("qdisc tbf 8001: root refcnt 2 rate 1Mbit burst 32Kb lat 50ms\n")).isFalse();
    }

    @Test
    void theCountersOfTheLimitedClassAreReadFromTcsListing() {
        String h = SHAPING.handle();
        String listing = """
                class htb %1$s:1 root prio 0 rate 10Gbit ceil 10Gbit burst 0b cburst 0b\s
                 Sent 90210 bytes 700 pkt (dropped 0, overlimits 0 requeues 0)\s
                 backlog 0b 0p requeues 0
                class htb %1$s:2 root prio 0 rate 256Kbit ceil 256Kbit burst 1600b cburst 1600b\s
                 Sent 482113 bytes 3021 pkt (dropped 4, overlimits 911 requeues 0)\s
                 backlog 0b 0p requeues 0
                class htb %1$s:3 root prio 0 rate 256Kbit ceil 256Kbit burst 1600b cburst 1600b\s
                 Sent 49380 bytes 40 pkt (dropped 0, overlimits 33 requeues 0)\s
                """.formatted(h);
        assertThat(SHAPING.counters(listing, 2)).contains(new TrafficShaping.ClassCounters(482113, 3021, 911, 4));
        assertThat(SHAPING.counters(listing, 3)).contains(new TrafficShaping.ClassCounters(49380, 40, 33, 0));
        assertThat(SHAPING.counters("class htb 1:2 root rate 1Mbit\n Sent 5 bytes 1 pkt (dropped 0, overlimits 0 requeues 0)\n", 2))
                .as("another qdisc's class").isEmpty();
    }

    @Test
    void aRateOutsideWhatTcCanHoldIsRefused() {
        assertThatThrownBy(() -> new TrafficShaping(CHAIN, "eth0", 4, List.of(), "10.42.1.1", 29123))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected 8 kbit/s up to 10 Gbit/s");
        assertThatThrownBy(() -> BandwidthLimit.of(PodTarget.labelled("shop", "app", "web"), Destination.cidr("0.0.0.0/0", 0), 2_000_000, java.time.Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected 8 kbit/s up to 1 Gbit/s");
        assertThat(TrafficShaping.describeRate(64)).isEqualTo("64 kbit/s");
        assertThat(TrafficShaping.describeRate(2500)).isEqualTo("2.5 Mbit/s");
    }
}
