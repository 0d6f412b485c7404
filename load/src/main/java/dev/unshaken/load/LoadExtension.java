package dev.unshaken.load;

import dev.unshaken.journal.JournalExtension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects a {@link Load} recording into the test's journal (the one {@link JournalExtension} gives the test), and when
 * the test ends, however it ends, stops a load it left running ({@link Load#stopRunning()}).
 *
 * <pre>{@code
 * @ExtendWith(LoadExtension.class)
 * class SteadyTrafficIT {
 *     @Test void survivesARollout(Load load) { ... }
 * }
 * }</pre>
 */
public final class LoadExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(LoadExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Load.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Load load = new Load(JournalExtension.journal(context));
        // Closed when the test ends, before resources resolved earlier (the shop under load): JUnit closes a store's
        // values in the reverse order they were put.
        context.getStore(STORE).put(load, new StopsRunning(load));
        return load;
    }

    /** The test's load as the store keeps it: closing it stops what is still running. */
    private record StopsRunning(Load load) implements AutoCloseable {
        @Override
        public void close() {
            load.stopRunning();
        }
    }
}
