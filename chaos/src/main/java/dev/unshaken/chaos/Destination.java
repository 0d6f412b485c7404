package dev.unshaken.chaos;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where the traffic a network fault acts on goes: a Service (its cluster IP and, as clients reach it after the
 * node's NAT, every pod behind it), the pods of a {@link PodTarget}, a CIDR, or the cluster's DNS. It is resolved to
 * addresses once, when the fault starts; the addresses are journaled.
 */
public sealed interface Destination {

    /** The Service {@code name} in {@code namespace}, all its ports: its cluster IP and the pods behind it. */
    static Destination service(String namespace, String name) {
        return new ToService(namespace, name, 0);
    }

    /** The Service's port {@code port} only (its port, and the matching target port of the pods behind it); 0: every port. */
    static Destination service(String namespace, String name, int port) {
        return new ToService(namespace, name, port);
    }

    /** The pods of the target, on {@code port} (0: every port). */
    static Destination pods(PodTarget target, int port) {
        return new ToPods(target, port);
    }

    /** Addresses in {@code cidr} (e.g. {@code 10.42.0.0/16}), on TCP port {@code port} (0: every port and protocol). */
    static Destination cidr(String cidr, int port) {
        return new ToCidr(cidr, port);
    }

    /** The cluster's DNS Service ({@code kube-system/kube-dns}), UDP and TCP port 53: name lookups fail or time out. */
    static Destination clusterDns() {
        return new ToClusterDns();
    }

    /** Resolves it to the packets to match, now. */
    List<Match> resolve(FaultContext context);

    /** For logs and the journal, e.g. {@code service shop/payment-service}. */
    String describe();

    /**
     * A TCP port a connect probe may try from the affected pods to show the fault took effect, with its host; empty
     * when the destination is not in the run's namespaces (no probe traffic goes anywhere else) or has no TCP port.
     */
    default Optional<Match> probe(List<Match> resolved, FaultContext context) {
        return Optional.empty();
    }

    /**
     * Packets to match: to {@code cidr}, with this protocol ({@code tcp}, {@code udp}, or {@code all}) and
     * destination port (0: any).
     */
    record Match(String cidr, String protocol, int port) {
        private static final Pattern CIDR = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}(/\\d{1,2})?");

        public Match {
            if (!validCidr(cidr)) {
                throw new IllegalArgumentException("not an IPv4 address or CIDR: " + cidr + " (expected e.g. 10.43.0.10 or 10.42.0.0/16:"
                        + " four numbers 0..255, a prefix 0..32)");
            }
            if (!cidr.contains("/")) {
                cidr = cidr + "/32";
            }
            protocol = protocol.toLowerCase(Locale.ROOT);
            if (!Set.of("tcp", "udp", "all").contains(protocol)) {
                throw new IllegalArgumentException("protocol " + protocol + ": expected tcp, udp or all");
            }
            if (port < 0 || port > 65535 || (port > 0 && protocol.equals("all"))) {
                throw new IllegalArgumentException("port " + port + " with protocol " + protocol + ": a port needs tcp or udp, and 1..65535");
            }
        }

        private static boolean validCidr(String cidr) {
            if (!CIDR.matcher(cidr).matches()) {
                return false;
            }
            String[] addressAndPrefix = cidr.split("/");
            boolean octets = Arrays.stream(addressAndPrefix[0].split("\\.")).allMatch(octet -> Integer.parseInt(octet) <= 255);
            return octets && (addressAndPrefix.length == 1 || Integer.parseInt(addressAndPrefix[1]) <= 32);
        }

        /** The address without the {@code /32}. */
        String host() {
            return cidr.endsWith("/32") ? cidr.substring(0, cidr.length() - 3) : cidr;
        }

        @Override
        public String toString() {
            return (protocol.equals("all") ? "" : protocol + " ") + host() + (port == 0 ? "" : ":" + port);
        }
    }

    /** {@link #service}. */
    record ToService(String namespace, String name, int port) implements Destination {
        public ToService {
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(name, "name");
        }

        @Override
        public List<Match> resolve(FaultContext context) {
            Service service = context.client().services().inNamespace(namespace).withName(name).get();
            if (service == null) {
                throw new FaultFailedException("no Service " + namespace + "/" + name + " to cut off");
            }
            Set<Match> matches = new LinkedHashSet<>();
            String clusterIp = service.getSpec().getClusterIP();
            // An EndpointSlice names its ports after the Service's ports, so the pods behind a port are found by name
            // (a numeric targetPort also matches by number): what a named targetPort like "http" resolves to.
            List<String> portNames = new ArrayList<>();
            List<Integer> targetPorts = new ArrayList<>();
            for (ServicePort servicePort : service.getSpec().getPorts()) {
                if (port != 0 && servicePort.getPort() != port) {
                    continue;
                }
                String protocol = Objects.requireNonNullElse(servicePort.getProtocol(), "TCP");
                if (clusterIp != null && !clusterIp.isBlank() && !"None".equals(clusterIp)) {
                    matches.add(new Match(clusterIp, protocol, servicePort.getPort()));
                }
                portNames.add(Objects.requireNonNullElse(servicePort.getName(), ""));
                if (servicePort.getTargetPort() != null && servicePort.getTargetPort().getIntVal() != null) {
                    targetPorts.add(servicePort.getTargetPort().getIntVal());
                }
            }
            if (port != 0 && portNames.isEmpty()) {
                throw new FaultFailedException("Service " + namespace + "/" + name + " has no port " + port + " (ports: "
                        + service.getSpec().getPorts().stream().map(ServicePort::getPort).toList() + ")");
            }
            List<EndpointSlice> slices = context.client().discovery().v1().endpointSlices().inNamespace(namespace)
                    .withLabel("kubernetes.io/service-name", name).list().getItems();
            for (EndpointSlice slice : slices) {
                for (Endpoint endpoint : Objects.requireNonNullElse(slice.getEndpoints(), List.<Endpoint>of())) {
                    for (String address : endpoint.getAddresses()) {
                        for (EndpointPort endpointPort : Objects.requireNonNullElse(slice.getPorts(), List.<EndpointPort>of())) {
                            boolean named = portNames.contains(Objects.requireNonNullElse(endpointPort.getName(), ""));
                            if (port == 0 || named || targetPorts.contains(endpointPort.getPort())) {
                                matches.add(new Match(address, Objects.requireNonNullElse(endpointPort.getProtocol(), "TCP"), endpointPort.getPort()));
                            }
                        }
                    }
                }
            }
            if (matches.isEmpty()) {
                throw new FaultFailedException("Service " + namespace + "/" + name + " has neither a cluster IP nor endpoints to cut off");
            }
            return List.copyOf(matches);
        }

        @Override
        public Optional<Match> probe(List<Match> resolved, FaultContext context) {
            return context.inScope(namespace) ? resolved.stream().filter(m -> m.protocol().equals("tcp") && m.port() > 0).findFirst() : Optional.empty();
        }

        @Override
        public String describe() {
            return "service " + namespace + "/" + name + (port == 0 ? "" : " port " + port);
        }
    }

    /** {@link #pods}. */
    record ToPods(PodTarget target, int port) implements Destination {
        @Override
        public List<Match> resolve(FaultContext context) {
            List<Match> matches = new ArrayList<>();
            for (Pod pod : target.candidates(context)) {
                String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
                if (ip != null && !ip.isBlank()) {
                    matches.add(new Match(ip, port == 0 ? "all" : "tcp", port));
                }
            }
            if (matches.isEmpty()) {
                throw new FaultFailedException("no running pod with an IP labelled " + target.selector() + " in " + target.namespace() + " to cut off");
            }
            return matches;
        }

        @Override
        public Optional<Match> probe(List<Match> resolved, FaultContext context) {
            return port == 0 ? Optional.empty() : resolved.stream().findFirst();
        }

        @Override
        public String describe() {
            return "pods labelled " + target.selector() + " in " + target.namespace() + (port == 0 ? "" : " port " + port);
        }
    }

    /** {@link #cidr}. */
    record ToCidr(String cidr, int port) implements Destination {
        public ToCidr {
            match(cidr, port); // validates now, not when the fault starts
        }

        @Override
        public List<Match> resolve(FaultContext context) {
            return List.of(match(cidr, port));
        }

        /** Every protocol without a port, TCP with one. */
        private static Match match(String cidr, int port) {
            return new Match(cidr, port == 0 ? "all" : "tcp", port);
        }

        @Override
        public String describe() {
            return cidr + (port == 0 ? "" : " port " + port);
        }
    }

    /** {@link #clusterDns}. */
    record ToClusterDns() implements Destination {
        @Override
        public List<Match> resolve(FaultContext context) {
            Service dns = context.client().services().inNamespace("kube-system").withName("kube-dns").get();
            if (dns == null || dns.getSpec().getClusterIP() == null || "None".equals(dns.getSpec().getClusterIP())) {
                throw new FaultFailedException("the cluster has no Service kube-system/kube-dns with a cluster IP, so its DNS cannot be cut off");
            }
            String ip = dns.getSpec().getClusterIP();
            return List.of(new Match(ip, "udp", 53), new Match(ip, "tcp", 53));
        }

        @Override
        public String describe() {
            return "the cluster DNS (kube-system/kube-dns)";
        }
    }
}
