package dev.unshaken.chaos;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.regex.Pattern;

/**
 * Which kernel mechanism carries each network fault on the nodes' kernel, read from its build configuration
 * ({@code /proc/config.gz}) before anything is changed. Partitions and packet loss need only netfilter (the filter
 * table's DROP and REJECT targets, the {@code statistic} match), which every kernel that runs Kubernetes has; added
 * latency needs the NFQUEUE target and its netlink queue, since a userspace process holds the packets ({@code sch_netem}
 * is missing from some kernels, this project's CI one among them). A fault no mechanism can carry is refused with the
 * reason before it starts, never half-applied.
 *
 * @param config the kernel configuration text, empty when the kernel does not expose it
 */
public record NetworkMechanisms(Optional<String> config) {

    /** What will carry a fault: a description for the journal, or why nothing can. */
    public record Mechanism(String description, Optional<String> refusal) {
        static Mechanism by(String description) {
            return new Mechanism(description, Optional.empty());
        }

        static Mechanism none(String refusal) {
            return new Mechanism("none", Optional.of(refusal));
        }

        /** Whether a fault can run on it. */
        public boolean available() {
            return refusal.isEmpty();
        }
    }

    /** The mechanism for dropping or rejecting every packet to the destination. */
    public Mechanism partition(boolean reject) {
        Optional<String> missing = missing("IP_NF_FILTER|NFT_COMPAT", "NETFILTER_XT_MATCH_COMMENT", reject ? "IP_NF_TARGET_REJECT" : "NETFILTER_XT_MATCH_COMMENT");
        return missing.map(option -> Mechanism.none("the kernel has no " + option + ", so iptables cannot "
                        + (reject ? "reject" : "drop") + " the pods' packets"))
                .orElseGet(() -> Mechanism.by("iptables " + (reject ? "REJECT (tcp-reset, else icmp-port-unreachable)" : "DROP")
                        + " in the pods' network namespaces (OUTPUT chain)"));
    }

    /** The mechanism for dropping a random fraction of the packets to the destination. */
    public Mechanism packetLoss() {
        Optional<String> missing = missing("IP_NF_FILTER|NFT_COMPAT", "NETFILTER_XT_MATCH_STATISTIC", "NETFILTER_XT_MATCH_COMMENT");
        return missing.map(option -> Mechanism.none("the kernel has no " + option + " (the iptables statistic match)"))
                .orElseGet(() -> Mechanism.by("iptables statistic match (random) DROP in the pods' network namespaces (OUTPUT chain)"));
    }

    /**
     * The mechanism for adding latency: iptables hands the packets to an NFQUEUE queue, where the node binary's
     * {@code netdelay} holds each one for the delay. Chosen over {@code sch_netem} even where the kernel has it, so a
     * scenario measures the same thing on every machine; netem's absence (this project's CI kernel) is no refusal.
     */
    public Mechanism latency() {
        Optional<String> missing = missing("IP_NF_FILTER|NFT_COMPAT", "NETFILTER_XT_TARGET_NFQUEUE", "NETFILTER_NETLINK_QUEUE",
                "NETFILTER_XT_MATCH_COMMENT");
        return missing.map(option -> Mechanism.none("the kernel has no " + option + ", so packets cannot be handed to a"
                        + " process that holds them (NFQUEUE), and without it Unshaken cannot add latency (it does not use sch_netem)"))
                .orElseGet(() -> Mechanism.by("iptables NFQUEUE (--queue-bypass) in the pods' network namespaces (OUTPUT chain),"
                        + " each packet held by the node binary's netdelay"));
    }

    /**
     * The mechanism for DNS faults: iptables' nat table redirects the pods' DNS queries (UDP) to the node binary's
     * {@code dnsfault}, which skips its own relayed queries by their firewall mark; the conntrack netlink interface
     * clears the pods' open DNS flows, so a resolver that keeps its socket (nginx does) meets the redirect too.
     */
    public Mechanism dns() {
        Optional<String> missing = missing("IP_NF_NAT|NFT_COMPAT", "NETFILTER_XT_TARGET_REDIRECT|IP_NF_TARGET_REDIRECT",
                "NETFILTER_XT_MATCH_MARK", "NF_CT_NETLINK", "NETFILTER_XT_MATCH_COMMENT");
        return missing.map(option -> Mechanism.none("the kernel has no " + option + ", so the pods' DNS queries cannot be redirected"
                        + " to a resolver that fails the chosen names"))
                .orElseGet(() -> Mechanism.by("iptables nat REDIRECT of the pods' DNS queries (UDP 53) to the node binary's dnsfault"
                        + " in their network namespaces; their open DNS flows cleared with conntrack"));
    }

    /**
     * The mechanism for HTTP faults: iptables' nat table redirects new connections to the pods' port to the node binary's
     * {@code httpfault}, a proxy in their network namespaces.
     */
    public Mechanism http() {
        Optional<String> missing = missing("IP_NF_NAT|NFT_COMPAT", "NETFILTER_XT_TARGET_REDIRECT|IP_NF_TARGET_REDIRECT",
                "NETFILTER_XT_MATCH_COMMENT");
        return missing.map(option -> Mechanism.none("the kernel has no " + option + ", so connections to the pods cannot be"
                        + " redirected to the proxy that disrupts them"))
                .orElseGet(() -> Mechanism.by("iptables nat REDIRECT (PREROUTING) of new connections to the pods' port to the node"
                        + " binary's httpfault proxy in their network namespaces"));
    }

    /**
     * The mechanism for bandwidth limits: an HTB qdisc with u32 filters on the pods' interface, in their network
     * namespaces (no netem, no prio qdisc).
     */
    public Mechanism bandwidth() {
        Optional<String> missing = missing("NET_SCH_HTB", "NET_CLS_U32");
        return missing.map(option -> Mechanism.none("the kernel has no " + option + ", so the pods' packets cannot be put through"
                        + " a class of limited rate"))
                .orElseGet(() -> Mechanism.by("tc HTB root qdisc with u32 filters on the pods' interface, in their network namespaces"));
    }

    /**
     * The first of the options the configuration says is not built; {@code A|B} is met by either. Without a
     * configuration to read, each is assumed present: iptables itself then says what is missing, and the fault fails.
     */
    private Optional<String> missing(String... options) {
        if (config.isEmpty()) {
            return Optional.empty();
        }
        for (String option : options) {
            if (Arrays.stream(option.split("\\|")).noneMatch(this::has)) {
                return Optional.of(Arrays.stream(option.split("\\|")).map(o -> "CONFIG_" + o).collect(Collectors.joining(" or ")));
            }
        }
        return Optional.empty();
    }

    /** Whether {@code CONFIG_<option>} is {@code y} or {@code m}. */
    boolean has(String option) {
        return config.map(text -> Pattern.compile("(?m)^CONFIG_" + Pattern.quote(option) + "=[ym]$").matcher(text).find()).orElse(false);
    }
}
