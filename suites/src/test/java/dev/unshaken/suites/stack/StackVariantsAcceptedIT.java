package dev.unshaken.suites.stack;

import dev.unshaken.fixtures.cluster.Cluster;
import dev.unshaken.fixtures.cluster.ClusterExtension;
import dev.unshaken.fixtures.cluster.TestNamespace;
import dev.unshaken.fixtures.stack.StackManifests;
import dev.unshaken.fixtures.stack.StackVariant;
import dev.unshaken.suites.RunsBesideOthers;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Namespaced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every broken twin of the reference stack passes the API server's validation (server-side dry run), in a test
 * namespace of the run's: namespace shop is left to the tests that deploy the shop, and the test namespace is gone
 * when this test is over.
 */
@RunsBesideOthers
@ExtendWith(ClusterExtension.class)
class StackVariantsAcceptedIT {

    @Test
    void theApiServerAcceptsEveryVariant(Cluster cluster, TestNamespace namespace) {
        var client = cluster.client();
        var reference = StackManifests.load();
        for (StackVariant variant : StackVariant.values()) {
            for (var object : variant.apply(reference)) {
                if (!(object instanceof Namespace)) {
                    if (object instanceof Namespaced) {
                        object.getMetadata().setNamespace(namespace.name());
                    }
                    // Server-side dry run: admission and validation run, nothing is stored.
                    client.resource(object).dryRun().forceConflicts().serverSideApply();
                }
            }
        }
    }
}
