package dev.unshaken.suites.scenariofile;

import dev.unshaken.fixtures.stack.Stack;
import dev.unshaken.fixtures.stack.StackVariant;

import java.nio.file.Path;
import java.util.List;

/** What a scenario deploys and sends its load to. */
public sealed interface StackSpec {

    /** The namespace the stack lives in; faults are confined to it. */
    String namespace();

    /** The NodePort the load goes to. */
    int nodePort();

    /** The path that answers 200 once the stack serves. */
    String readyPath();

    /** The reference shop, or one of its broken twins. */
    record Shop(StackVariant variant) implements StackSpec {
        @Override
        public String namespace() {
            return Stack.NAMESPACE;
        }

        @Override
        public int nodePort() {
            return Stack.GATEWAY_NODE_PORT;
        }

        @Override
        public String readyPath() {
            return "/healthz";
        }
    }

    /**
     * The user's own manifests.
     *
     * @param directory where the {@code *.yaml} files are; applied in file-name order
     * @param images    local Docker images loaded into the nodes first
     * @param namespace the one namespace the manifests' objects live in
     * @param nodePort  the NodePort of a Service of the manifests that the load goes to
     * @param readyPath answers 200 once the stack serves
     */
    record OwnManifests(Path directory, List<String> images, String namespace, int nodePort, String readyPath) implements StackSpec {
        public OwnManifests {
            images = List.copyOf(images);
        }
    }
}
