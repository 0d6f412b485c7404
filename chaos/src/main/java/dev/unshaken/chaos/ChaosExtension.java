package dev.unshaken.chaos;

import dev.unshaken.fixtures.cluster.Cluster;
import dev.unshaken.fixtures.cluster.ClusterExtension;
import dev.unshaken.journal.JournalExtension;
import dev.unshaken.journal.Progress;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;


/**
 * Injects {@link Faults} for the test's cluster (the one {@link ClusterExtension} gives the run) recording into
 * the test's journal ({@link JournalExtension}), and closes them after the test. The seed of victim picks comes
 * from {@value Faults#SEED_PROPERTY} (JUnit configuration parameter or system property), default
 * {@value Faults#DEFAULT_SEED}; node faults on a cluster the run did not start need {@value NodeFaultOptIn#PROPERTY}
 * naming its context and cluster ({@link NodeFaultOptIn}).
 */
public final class ChaosExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(ChaosExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Faults.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getStore(STORE).computeIfAbsent(Faults.class, key -> {
            var journal = JournalExtension.journal(context);
            long seed = context.getConfigurationParameter(Faults.SEED_PROPERTY).map(Long::parseLong).orElse(Faults.DEFAULT_SEED);
            Progress.untimed().step("faults", "seed %d (-D%s=<n> to change)", seed, Faults.SEED_PROPERTY);
            Cluster cluster = ClusterExtension.cluster(context);
            var nodeFaults = NodeFaultOptIn.forCluster(cluster, context.getConfigurationParameter(NodeFaultOptIn.PROPERTY).orElse(null));
            return new Faults(cluster, journal, seed, nodeFaults);
        }, Faults.class);
    }
}
