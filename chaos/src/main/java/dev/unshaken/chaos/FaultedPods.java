package dev.unshaken.chaos;

import dev.unshaken.fixtures.cluster.Machines;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The pods a fault inside pods' network namespaces hits ({@link NetworkFault}, {@link DnsFault}), and how their
 * namespaces are reached: from their nodes ({@link Machines}), through the PID of one of their running containers.
 */
final class FaultedPods {

    /** A pod hit by the fault: where its network namespace is reached from, and its address. */
    record Victim(String name, String node, String containerId, String ip) {
    }

    private FaultedPods() {
    }

    /** The cluster's machines, or a refusal: only a cluster Unshaken started has them. */
    static Machines machinesOf(FaultContext context, String what) {
        return context.cluster().machines().orElseThrow(() -> new FaultFailedException(what + " changes the"
                + " pods' network from their nodes, which Unshaken reaches only on a cluster it started; this run uses "
                + context.cluster().getClass().getSimpleName() + " at " + context.cluster().server()));
    }

    /**
     * The mechanism {@code choose} picks from the nodes' kernel for the fault {@code fault} ("a DNS fault"), checked:
     * a fault no mechanism can carry is refused before it starts, naming what the kernel lacks.
     */
    static NetworkMechanisms.Mechanism mechanism(FaultContext context, String fault, String description,
                                                 Function<NetworkMechanisms, NetworkMechanisms.Mechanism> choose) {
        var mechanism = choose.apply(new NetworkMechanisms(machinesOf(context, fault).kernelConfig()));
        mechanism.refusal().ifPresent(why -> {
            throw new FaultFailedException("refused before it started: " + description + ": " + why);
        });
        return mechanism;
    }

    /**
     * The target's running pods (or one of them, picked with the run's seed), each with a running container through
     * which its network namespace is entered.
     */
    static List<Victim> running(FaultContext context, PodTarget from, boolean onePod) {
        List<Victim> victims = new ArrayList<>();
        for (Pod pod : onePod ? List.of(from.pick(context)) : from.candidates(context)) {
            String containerId = Optional.ofNullable(pod.getStatus().getContainerStatuses()).orElse(List.of()).stream()
                    .filter(s -> s.getContainerID() != null && s.getState() != null && s.getState().getRunning() != null)
                    .map(ContainerStatus::getContainerID)
                    .findFirst().orElse(null);
            if (containerId != null && pod.getSpec().getNodeName() != null) {
                victims.add(new Victim(pod.getMetadata().getName(), pod.getSpec().getNodeName(), containerId, pod.getStatus().getPodIP()));
            }
        }
        if (victims.isEmpty()) {
            throw new FaultFailedException("no running pod labelled " + from.selector() + " in " + from.namespace() + " to hit");
        }
        return victims;
    }

    /** One {@code sh -c} command running the commands, joined by {@code separator} ({@code &&} or {@code ;}). */
    static List<String> shell(List<List<String>> commands, String separator) {
        return List.of("sh", "-c", commands.stream()
                .map(command -> command.stream().map(FaultedPods::quote).collect(Collectors.joining(" ")))
                .collect(Collectors.joining(separator)));
    }

    private static String quote(String argument) {
        return "'" + argument.replace("'", "'\\''") + "'";
    }
}
