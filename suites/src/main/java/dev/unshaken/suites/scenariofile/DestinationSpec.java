package dev.unshaken.suites.scenariofile;

import dev.unshaken.chaos.Destination;
import dev.unshaken.chaos.PodTarget;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a network fault of a scenario file ({@code partition}, {@code packetLoss}) cuts the traffic to, as its
 * {@code to:} says: a Service or pods of the stack, a CIDR, or the cluster's DNS. Services and pods are found in the
 * stack's namespace, once the run knows it ({@link #in}).
 */
public sealed interface DestinationSpec {

    /** The chaos module's {@link Destination}, for a stack in {@code namespace}. */
    Destination in(String namespace);

    /** {@code to: {service: payment-service, port: 8083}}: {@link Destination#service}; port 0 is every port. */
    record ToService(String name, int port) implements DestinationSpec {
        @Override
        public Destination in(String namespace) {
            return Destination.service(namespace, name, port);
        }
    }

    /** {@code to: {pods: app=postgres, port: 5432}}: {@link Destination#pods}; port 0 is every port. */
    record ToPods(Map<String, String> labels, int port) implements DestinationSpec {
        public ToPods {
            labels = Collections.unmodifiableMap(new TreeMap<>(labels));
        }

        @Override
        public Destination in(String namespace) {
            return Destination.pods(new PodTarget(namespace, labels), port);
        }
    }

    /** {@code to: {cidr: 10.42.0.0/16, port: 5432}}: {@link Destination#cidr}; port 0 is every port and protocol. */
    record ToCidr(String cidr, int port) implements DestinationSpec {
        @Override
        public Destination in(String namespace) {
            return Destination.cidr(cidr, port);
        }
    }

    /** {@code to: {dns: cluster}}: {@link Destination#clusterDns}. */
    record ClusterDns() implements DestinationSpec {
        @Override
        public Destination in(String namespace) {
            return Destination.clusterDns();
        }
    }
}
