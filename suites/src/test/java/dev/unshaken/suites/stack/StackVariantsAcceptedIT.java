package dev.unshaken.suites.stack;

import dev.unshaken.fixtures.cluster.Cluster;
import dev.unshaken.fixtures.cluster.ClusterExtension;
import dev.unshaken.fixtures.stack.Stack;
import dev.unshaken.fixtures.stack.StackManifests;
import dev.unshaken.fixtures.stack.StackVariant;
import io.fabric8.kubernetes.api.model.Namespace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every broken twin of the reference stack passes the API server's validation (server-side dry run). */
@ExtendWith(ClusterExtension.class)
class StackVariantsAcceptedIT {

    @Test
    void theApiServerAcceptsEveryVariant(Cluster cluster) {
        var client = cluster.client();
        var reference = StackManifests.load();
        var namespace = reference.stream().filter(o -> o instanceof Namespace).findFirst().orElseThrow();
        client.resource(namespace).forceConflicts().serverSideApply();
        try {
            for (StackVariant variant : StackVariant.values()) {
                for (var object : variant.apply(reference)) {
                    if (object != namespace && !(object instanceof Namespace)) {
                        // Server-side dry run: admission and validation run, nothing is stored.
                        client.resource(object).dryRun().forceConflicts().serverSideApply();
                    }
                }
            }
        } finally {
            client.namespaces().withName(Stack.NAMESPACE).delete();
        }
    }
}
