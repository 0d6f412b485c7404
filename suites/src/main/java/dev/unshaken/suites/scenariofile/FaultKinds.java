package dev.unshaken.suites.scenariofile;

import dev.unshaken.journal.FaultKind;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Fault kinds as scenario files name them in verdicts ({@code around: rollout}): the journal's kind in kebab case
 * ({@code node-drain}), or the timeline key that makes it ({@code drain}).
 */
final class FaultKinds {

    /** The journal's kinds a verdict may judge, in kebab case, in the order {@link FaultKind} declares them. */
    static final List<String> KEBAB_NAMES = Arrays.stream(FaultKind.values())
            .filter(kind -> kind != FaultKind.EVICTION && kind != FaultKind.EVICTION_REFUSED)
            .map(FaultKinds::name)
            .toList();
    /** Every name a verdict may use, to the kind it means. */
    static final Map<String, FaultKind> BY_NAME = byName();

    private FaultKinds() {
    }

    private static Map<String, FaultKind> byName() {
        var names = new LinkedHashMap<String, FaultKind>();
        KEBAB_NAMES.forEach(name -> names.put(name, FaultKind.valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'))));
        names.put("drain", FaultKind.NODE_DRAIN);
        names.put("uncordon", FaultKind.NODE_UNCORDON);
        names.put("delete", FaultKind.POD_DELETE);
        names.put("kill", FaultKind.POD_KILL);
        names.put("nodeStop", FaultKind.NODE_STOP);
        names.put("nodePause", FaultKind.NODE_PAUSE);
        names.put("nodeCutOff", FaultKind.NODE_CUT_OFF);
        names.put("partition", FaultKind.NETWORK_PARTITION);
        names.put("packetLoss", FaultKind.PACKET_LOSS);
        names.put("latency", FaultKind.NETWORK_LATENCY);
        names.put("bandwidth", FaultKind.BANDWIDTH_LIMIT);
        names.put("dnsFault", FaultKind.DNS_FAULT);
        names.put("httpFault", FaultKind.HTTP_FAULT);
        return Map.copyOf(names);
    }

    /** {@code node-drain} for {@link FaultKind#NODE_DRAIN}. */
    static String name(FaultKind kind) {
        return kind.kebabName();
    }

    static Optional<FaultKind> named(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }
}
