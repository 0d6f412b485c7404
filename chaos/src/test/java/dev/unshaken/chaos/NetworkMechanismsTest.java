package dev.unshaken.chaos;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class NetworkMechanismsTest {

    /** What this project's CI machines' kernel says (6.18, trimmed): no netem, netfilter complete. */
    private static final String NO_NETEM = """
            CONFIG_NF_TABLES=y
            CONFIG_NFT_COMPAT=y
            CONFIG_IP_NF_IPTABLES=y
            CONFIG_IP_NF_FILTER=y
            CONFIG_IP_NF_TARGET_REJECT=y
            CONFIG_NETFILTER_XT_MATCH_COMMENT=y
            CONFIG_NETFILTER_XT_MATCH_STATISTIC=y
            CONFIG_NETFILTER_XT_TARGET_NFQUEUE=y
            CONFIG_NETFILTER_NETLINK_QUEUE=y
            CONFIG_NET_SCH_HTB=y
            CONFIG_NET_CLS_U32=y
            # CONFIG_NET_SCH_PRIO is not set
            # CONFIG_NET_SCH_NETEM is not set
            """;

    @Test
    void everyNetworkFaultUsesNetfilterAndLatencyNeedsNoNetem() {
        var mechanisms = new NetworkMechanisms(Optional.of(NO_NETEM));

        assertThat(mechanisms.partition(false).available()).isTrue();
        assertThat(mechanisms.partition(false).description()).contains("iptables DROP");
        assertThat(mechanisms.partition(true).description()).contains("REJECT");
        assertThat(mechanisms.packetLoss().description()).contains("statistic");
        assertThat(mechanisms.latency().available()).isTrue();
        assertThat(mechanisms.latency().description()).contains("NFQUEUE", "netdelay");
    }

    @Test
    void latencyWithoutTheNetlinkQueueIsRefusedNamingTheOption() {
        var noQueue = new NetworkMechanisms(Optional.of(NO_NETEM.replace("CONFIG_NETFILTER_NETLINK_QUEUE=y", "")));
        assertThat(noQueue.latency().refusal()).get().asString().contains("CONFIG_NETFILTER_NETLINK_QUEUE");
    }

    @Test
    void aMissingMatchRefusesTheFaultNamingTheOption() {
        var noStatistic = new NetworkMechanisms(Optional.of(NO_NETEM.replace("CONFIG_NETFILTER_XT_MATCH_STATISTIC=y", "")));
        assertThat(noStatistic.packetLoss().refusal()).get().asString().contains("CONFIG_NETFILTER_XT_MATCH_STATISTIC");

        var nftOnly = new NetworkMechanisms(Optional.of(NO_NETEM.replace("CONFIG_IP_NF_FILTER=y", "")));
        assertThat(nftOnly.partition(false).available()).as("iptables-nft needs no legacy filter table").isTrue();
        var neither = new NetworkMechanisms(Optional.of(NO_NETEM.replace("CONFIG_IP_NF_FILTER=y", "").replace("CONFIG_NFT_COMPAT=y", "")));
        assertThat(neither.partition(false).refusal()).get().asString().contains("CONFIG_IP_NF_FILTER or CONFIG_NFT_COMPAT");
    }

    @Test
    void aBandwidthLimitNeedsHtbAndTheU32ClassifierNotNetem() {
        var mechanisms = new NetworkMechanisms(Optional.of(NO_NETEM));
        assertThat(mechanisms.bandwidth().available()).isTrue();
        assertThat(mechanisms.bandwidth().description()).contains("HTB", "u32");
        var noU32 = new NetworkMechanisms(Optional.of(NO_NETEM.replace("CONFIG_NET_CLS_U32=y", "")));
        assertThat(noU32.bandwidth().refusal()).get().asString().contains("CONFIG_NET_CLS_U32");
    }

    @Test
    void withoutAConfigurationNetfilterIsAssumed() {
        var unknown = new NetworkMechanisms(Optional.empty());
        assertThat(unknown.partition(true).available()).isTrue();
        assertThat(unknown.latency().available()).as("iptables itself says what is missing, and the fault fails").isTrue();
    }
}
