package dev.unshaken.load;

import dev.unshaken.journal.JournalExtension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects a {@link Load} recording into the test's journal (the one {@link JournalExtension} gives the test).
 *
 * <pre>{@code
 * @ExtendWith(LoadExtension.class)
 * class SteadyTrafficIT {
 *     @Test void survivesARollout(Load load) { ... }
 * }
 * }</pre>
 */
public final class LoadExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Load.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return new Load(JournalExtension.journal(context));
    }
}
