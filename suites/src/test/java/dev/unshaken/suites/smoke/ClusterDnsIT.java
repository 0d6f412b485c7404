package dev.unshaken.suites.smoke;

import dev.unshaken.fixtures.cluster.Cluster;
import dev.unshaken.fixtures.cluster.ClusterExtension;
import dev.unshaken.fixtures.cluster.TestNamespace;
import dev.unshaken.suites.RunsBesideOthers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@RunsBesideOthers
@ExtendWith(ClusterExtension.class)
class ClusterDnsIT {

    @Test
    void serviceNameResolvesThroughCoreDnsFromInsideAPod(Cluster cluster, TestNamespace namespace) {
        var client = cluster.client();
        var service = client.services().inNamespace(namespace.name())
                .resource(SmokeWorkloads.service("orders", "orders", 0)).create();
        String clusterIp = service.getSpec().getClusterIP();
        String dnsServiceIp = client.services().inNamespace("kube-system").withName("kube-dns").get().getSpec().getClusterIP();
        String fqdn = "orders." + namespace.name() + ".svc.cluster.local";

        var lookup = SmokeWorkloads.runToCompletion(client, namespace.name(),
                SmokeWorkloads.busybox("lookup", "cat /etc/resolv.conf; nslookup -type=a " + fqdn).build());

        assertThat(lookup.exitCode()).as("nslookup exit code; log:\n" + lookup.log()).isZero();
        assertThat(lookup.log())
                .as("the pod asks the kube-dns Service")
                .contains("nameserver " + dnsServiceIp)
                .contains("Server:\t\t" + dnsServiceIp)
                .as("the Service name resolves to its ClusterIP")
                .containsPattern("Name:\\s+" + fqdn.replace(".", "\\.") + "\\s+Address:\\s+" + clusterIp.replace(".", "\\.") + "\\b");
    }
}
