package dev.unshaken.suites.scenariofile;

import dev.unshaken.journal.FaultKind;
import dev.unshaken.suites.scenariofile.ScenarioFile.Verdict;
import dev.unshaken.suites.scenariofile.StackFacts.Autoscaler;
import dev.unshaken.suites.scenariofile.StackFacts.Workload;
import dev.unshaken.suites.verdicts.VerdictSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.unshaken.suites.scenariofile.YamlMapping.allPresent;

/**
 * Reads the {@code verdicts:} list of a scenario file, checking each budget can hold at all: replica counts the
 * stack has, a scale-out the autoscaler allows, a fault of the kind the verdict judges in the timeline.
 */
final class VerdictsReader {

    static final List<String> VERDICTS = List.of("noFailedRequests", "failedRequestsAtMost", "readyReplicasKept",
            "drainRespectedBudget", "recovered", "readyAgain", "scaledOut", "latencyP99", "answeredWithin", "recoveredWithin",
            "routedAround", "gracefulShutdown");
    static final List<String> ENTRY_KEYS = Stream.concat(Stream.of("expect"), VERDICTS.stream()).toList();
    static final Duration DEFAULT_MARGIN = Duration.ofSeconds(5);

    private final Targets targets;
    private final String namespace;
    private final Set<FaultKind> timelineKinds;
    private final boolean deletesWhenInFlight;
    private final List<Verdict> verdicts = new ArrayList<>();

    /** Reads verdicts on {@code targets}; those on a Deployment or an autoscaler judge it in the stack's {@code namespace}. */
    VerdictsReader(Targets targets, String namespace, Set<FaultKind> timelineKinds, boolean deletesWhenInFlight) {
        this.targets = targets;
        this.namespace = namespace;
        this.timelineKinds = timelineKinds;
        this.deletesWhenInFlight = deletesWhenInFlight;
    }

    List<Verdict> verdicts() {
        return verdicts;
    }

    void read(YamlValue list) {
        list.list().ifPresent(items -> {
            if (items.isEmpty()) {
                list.problem(list.where() + ": expected at least one verdict: a scenario without one proves nothing");
            }
            items.forEach(this::readEntry);
        });
    }

    private void readEntry(YamlValue item) {
        Optional<YamlMapping> read = item.mapping(ENTRY_KEYS);
        if (read.isEmpty()) {
            return;
        }
        YamlMapping entry = read.get();
        List<String> given = entry.keys().stream().filter(VERDICTS::contains).toList();
        if (given.isEmpty()) {
            entry.self().problem(item.where() + ": expected one verdict (" + String.join(", ", VERDICTS) + ")");
            return;
        }
        if (given.size() > 1) {
            item.problems().add(entry.keyNode(given.get(1)), item.where() + ": one verdict per entry, found "
                    + String.join(" and ", given) + "; write each as its own entry");
            return;
        }
        Optional<Boolean> expectFailure = entry.getOr("expect", false, this::expectFailure);
        String verdict = given.getFirst();
        YamlValue value = entry.get(verdict).orElseThrow();
        Optional<VerdictSpec.Named> check = switch (verdict) {
            case "noFailedRequests" -> noFailedRequests(value);
            case "failedRequestsAtMost" -> failedRequestsAtMost(value);
            case "readyReplicasKept" -> readyReplicasKept(value);
            case "drainRespectedBudget" -> drainRespectedBudget(value, expectFailure.orElse(true));
            case "recovered" -> recovered(value);
            case "readyAgain" -> readyAgain(value);
            case "scaledOut" -> scaledOut(value);
            case "latencyP99" -> latencyP99(value);
            case "answeredWithin" -> answeredWithin(value);
            case "recoveredWithin" -> recoveredWithin(value);
            case "gracefulShutdown" -> gracefulShutdown(value);
            default -> routedAround(value);
        };
        if (check.isPresent() && expectFailure.isPresent()) {
            verdicts.add(new Verdict(check.get(), expectFailure.get(), item.node().getStartMark().getLine() + 1));
        }
    }

    private Optional<Boolean> expectFailure(YamlValue value) {
        return value.either("fail", "pass", "pass (the verdict must hold) or fail (it must catch the incident)");
    }

    private Optional<VerdictSpec.Named> noFailedRequests(YamlValue value) {
        return value.mapping(List.of("around", "margin")).flatMap(m -> {
            if (!m.has("around")) {
                m.get("margin").ifPresent(margin -> margin.problem(margin.where() + ": a margin widens the window around a fault;"
                        + " without 'around' the verdict covers the whole run"));
                return m.has("margin") ? Optional.empty() : Optional.of(VerdictSpec.NoFailedRequests.wholeRun());
            }
            Optional<FaultKind> around = kind(m.get("around").orElseThrow());
            Optional<Duration> margin = m.getOr("margin", DEFAULT_MARGIN, YamlValue::duration);
            return allPresent(around, margin) ? Optional.of(new VerdictSpec.NoFailedRequests(around.get(), margin.get())) : Optional.empty();
        });
    }

    private Optional<VerdictSpec.Named> failedRequestsAtMost(YamlValue value) {
        return value.mapping(List.of("count", "around", "margin")).flatMap(m -> {
            Optional<Integer> count = m.require("count", "how many failed requests are tolerated")
                    .flatMap(v -> v.wholeNumber(0, Integer.MAX_VALUE, "failed requests tolerated"));
            Optional<FaultKind> around = m.require("around", "the kind of fault, e.g. around: node-stop").flatMap(this::kind);
            Optional<Duration> margin = m.getOr("margin", DEFAULT_MARGIN, YamlValue::duration);
            return allPresent(count, around, margin) ? Optional.of(new VerdictSpec.FailedRequestsAtMost(count.get(), around.get(), margin.get())) : Optional.empty();
        });
    }

    private Optional<VerdictSpec.Named> readyReplicasKept(YamlValue value) {
        return value.mapping(List.of("deployment", "minReady", "during")).flatMap(m -> {
            Optional<String> deployment = m.require("deployment", "the Deployment whose ready replicas count").flatMap(targets::deployment);
            Optional<Integer> minReady = minReady(m, deployment);
            Optional<FaultKind> during = m.require("during", "the kind of fault, e.g. during: rollout").flatMap(this::kind);
            return allPresent(deployment, minReady, during) ? Optional.of(new VerdictSpec.ReadyReplicasKept(namespace, deployment.get(), minReady.get(), during.get())) : Optional.empty();
        });
    }

    private Optional<VerdictSpec.Named> drainRespectedBudget(YamlValue value, boolean expectFailure) {
        return value.mapping(List.of("deployment", "minReady")).flatMap(m -> {
            Optional<String> deployment = m.require("deployment", "the Deployment the budget protects").flatMap(targets::deployment);
            Optional<Integer> minReady = minReady(m, deployment);
            Optional<FaultKind> drain = requireInTimeline(value, FaultKind.NODE_DRAIN);
            Optional<Workload> workload = deployment.flatMap(targets::workload);
            if (!expectFailure && workload.isPresent() && !targets.facts().hasBudgetFor(workload.get())) {
                m.get("deployment").orElseThrow().problem(value.where() + ": " + targets.stack() + " has no PodDisruptionBudget for "
                        + deployment.get() + ", so no drain of it can be held back: this verdict cannot pass; write expect: fail to"
                        + " show the incident, or pick a stack with a budget");
                return Optional.empty();
            }
            return allPresent(deployment, minReady, drain) ? Optional.of(new VerdictSpec.DrainRespectedBudget(namespace, deployment.get(), minReady.get())) : Optional.empty();
        });
    }

    private Optional<VerdictSpec.Named> recovered(YamlValue value) {
        return value.mapping(List.of("from", "deployment", "within", "maxFailedRequests")).flatMap(m -> {
            Optional<FaultKind> from = m.require("from", "the kind of fault, e.g. from: node-stop").flatMap(this::kind);
            Optional<String> deployment = m.require("deployment", "the Deployment that must be fully ready again").flatMap(targets::deployment);
            Optional<Duration> within = m.require("within", "how soon after each fault ends, e.g. within: 2m")
                    .flatMap(v -> v.positiveDuration("nothing recovers in no time"));
            Optional<Integer> max = m.getOr("maxFailedRequests", 0, v -> v.wholeNumber(0, Integer.MAX_VALUE, "failed requests tolerated"));
            return allPresent(from, deployment, within, max) ? Optional.of(new VerdictSpec.Recovered(namespace, from.get(), deployment.get(), max.get(), within.get())) : Optional.empty();
        });
    }

    private Optional<VerdictSpec.Named> readyAgain(YamlValue value) {
        return value.mapping(List.of("after", "deployment", "within")).flatMap(m -> {
            Optional<FaultKind> after = m.require("after", "the kind of fault, e.g. after: pod-kill").flatMap(this::kind);
            Optional<String> deployment = m.require("deployment", "the Deployment that must be fully ready again").flatMap(targets::deployment);
            Optional<Duration> within = m.require("within", "how soon after each fault ends, e.g. within: 60s")
                    .flatMap(v -> v.positiveDuration("nothing recovers in no time"));
            return allPresent(after, deployment, within) ? Optional.of(new VerdictSpec.ReadyAgain(namespace, after.get(), deployment.get(), within.get())) : Optional.empty();
        });
    }

    private Optional<VerdictSpec.Named> scaledOut(YamlValue value) {
        return value.mapping(List.of("deployment", "hpa", "replicas", "within")).flatMap(m -> {
            Optional<String> deployment = m.require("deployment", "the Deployment the autoscaler scales").flatMap(targets::deployment);
            Optional<Integer> replicas = m.require("replicas", "how many Ready pods it must reach")
                    .flatMap(v -> v.wholeNumber(1, Integer.MAX_VALUE, "Ready pods to reach"));
            Optional<Duration> within = m.require("within", "how soon after the first request, e.g. within: 3m")
                    .flatMap(v -> v.positiveDuration("nothing scales in no time"));
            Optional<String> hpa = deployment.isEmpty() ? Optional.empty() : autoscaler(m, value, deployment.get(), replicas);
            return allPresent(deployment, replicas, within, hpa) ? Optional.of(new VerdictSpec.ScaledOut(namespace, hpa.get(), deployment.get(), replicas.get(), within.get())) : Optional.empty();
        });
    }

    /** The autoscaler's name, checked against the stack: it exists, scales the Deployment and may reach the replicas. */
    private Optional<String> autoscaler(YamlMapping m, YamlValue value, String deployment, Optional<Integer> replicas) {
        if (targets.facts() == null) {
            return m.get("hpa").map(YamlValue::text).orElse(Optional.of(deployment));
        }
        Optional<Autoscaler> declared = targets.facts().autoscalerOf(deployment);
        Optional<YamlValue> named = m.get("hpa");
        if (named.isPresent()) {
            Optional<String> name = named.get().text();
            if (name.isEmpty()) {
                return name;
            }
            if (declared.isEmpty() || !declared.get().name().equals(name.get())) {
                named.get().problem(named.get().where() + ": " + targets.stack() + " has no HorizontalPodAutoscaler '" + name.get()
                        + "' scaling " + deployment + declared.map(a -> " (its autoscaler is " + a.name() + ")").orElse(""));
                return Optional.empty();
            }
        } else if (declared.isEmpty()) {
            m.get("deployment").orElseThrow().problem(value.where() + ": " + targets.stack() + " has no HorizontalPodAutoscaler scaling "
                    + deployment + " (autoscaled: " + targets.facts().autoscalers().stream().map(Autoscaler::deployment)
                    .collect(Collectors.joining(", ")) + ")");
            return Optional.empty();
        }
        Autoscaler hpa = declared.get();
        int current = targets.workload(deployment).map(Workload::replicas).orElse(hpa.minReplicas());
        if (replicas.isPresent() && replicas.get() > hpa.maxReplicas()) {
            m.get("replicas").orElseThrow().problem(value.where() + ".replicas: " + replicas.get() + " is above the "
                    + hpa.maxReplicas() + " replicas HorizontalPodAutoscaler " + hpa.name() + " may scale " + deployment
                    + " to (maxReplicas): it can never be reached");
            return Optional.empty();
        }
        if (replicas.isPresent() && replicas.get() <= Math.max(current, hpa.minReplicas())) {
            m.get("replicas").orElseThrow().problem(value.where() + ".replicas: " + deployment + " already runs "
                    + Math.max(current, hpa.minReplicas()) + " replicas, so " + replicas.get() + " is no scale-out: ask for more"
                    + " (at most " + hpa.maxReplicas() + ")");
            return Optional.empty();
        }
        return Optional.of(hpa.name());
    }

    private Optional<VerdictSpec.Named> latencyP99(YamlValue value) {
        return value.mapping(List.of("below", "margin")).flatMap(m -> {
            Optional<Duration> below = m.require("below", "the p99 budget, e.g. below: 800ms")
                    .flatMap(v -> v.positiveDuration("no request takes no time: a p99 budget of 0 can never hold"));
            Optional<Duration> margin = m.getOr("margin", DEFAULT_MARGIN, YamlValue::duration);
            return allPresent(below, margin) ? Optional.of(new VerdictSpec.LatencyP99(below.get(), margin.get())) : Optional.empty();
        });
    }

    private Optional<VerdictSpec.Named> answeredWithin(YamlValue value) {
        return value.mapping(List.of("budget", "around", "margin")).flatMap(m -> {
            Optional<Duration> budget = m.require("budget", "how soon every request must get a status, any status, e.g. budget: 6s")
                    .flatMap(v -> v.positiveDuration("no request is answered in no time: a budget of 0 can never hold"));
            Optional<FaultKind> around = m.require("around", "the kind of fault, e.g. around: partition").flatMap(this::kind);
            Optional<Duration> margin = m.getOr("margin", Duration.ZERO, YamlValue::duration);
            return allPresent(budget, around, margin) ? Optional.of(new VerdictSpec.AnsweredWithin(budget.get(), around.get(), margin.get())) : Optional.empty();
        });
    }

    private Optional<VerdictSpec.Named> recoveredWithin(YamlValue value) {
        return value.mapping(List.of("within", "after")).flatMap(m -> {
            Optional<Duration> within = m.require("within", "how soon after the last fault ends no request may fail any more, e.g. within: 10s")
                    .flatMap(v -> v.positiveDuration("nothing recovers in no time"));
            Optional<FaultKind> after = m.require("after", "the kind of fault, e.g. after: partition").flatMap(this::kind);
            return allPresent(within, after) ? Optional.of(new VerdictSpec.RecoveredWithin(within.get(), after.get())) : Optional.empty();
        });
    }

    private Optional<VerdictSpec.Named> routedAround(YamlValue value) {
        return value.mapping(List.of("within", "around")).flatMap(m -> {
            Optional<Duration> within = m.require("within", "how soon after a fault begins requests must stop failing, e.g. within: 20s")
                    .flatMap(v -> v.positiveDuration("no pod leaves rotation in no time"));
            Optional<FaultKind> around = m.require("around", "the kind of fault, e.g. around: partition").flatMap(this::kind);
            return allPresent(within, around) ? Optional.of(new VerdictSpec.RoutedAround(within.get(), around.get())) : Optional.empty();
        });
    }

    private Optional<VerdictSpec.Named> gracefulShutdown(YamlValue value) {
        return value.mapping(List.of("margin")).flatMap(m -> {
            Optional<Duration> margin = m.getOr("margin", DEFAULT_MARGIN, YamlValue::duration);
            // A drain journals the requests in flight of each pod it evicts; a delete only when held back by whenInFlight.
            if (!deletesWhenInFlight && !timelineKinds.contains(FaultKind.NODE_DRAIN)) {
                value.problem(value.where() + ": gracefulShutdown judges pods shut down with work in flight, and the timeline"
                        + " shuts none down that way: give a delete whenInFlight, e.g. delete: {target: app=order-service,"
                        + " whenInFlight: 2}, or drain a node while the load keeps work in flight on its pods");
                return Optional.empty();
            }
            return margin.map(VerdictSpec.GracefulShutdown::new);
        });
    }

    /** {@code minReady}: at least 1, at most the replicas the Deployment declares. */
    private Optional<Integer> minReady(YamlMapping m, Optional<String> deployment) {
        Optional<Integer> minReady = m.require("minReady", "the fewest ready replicas allowed")
                .flatMap(v -> v.wholeNumber(1, Integer.MAX_VALUE, "the fewest ready replicas allowed"));
        Optional<Workload> workload = deployment.flatMap(targets::workload);
        if (minReady.isPresent() && workload.isPresent() && minReady.get() > workload.get().replicas()) {
            m.get("minReady").orElseThrow().problem(m.self().where() + ".minReady: " + minReady.get() + " is more than the "
                    + workload.get().replicas() + " replicas " + workload.get().name() + " has in " + targets.stack()
                    + ": it can never hold");
            return Optional.empty();
        }
        return minReady;
    }

    /** A fault kind the timeline has: a verdict about a fault that never happens can only fail. */
    private Optional<FaultKind> kind(YamlValue value) {
        Optional<String> name = value.text();
        if (name.isEmpty()) {
            return Optional.empty();
        }
        Optional<FaultKind> kind = FaultKinds.named(name.get());
        if (kind.isEmpty()) {
            value.problem(value.where() + ": expected a kind of fault (" + String.join(", ", FaultKinds.KEBAB_NAMES)
                    + ", or the timeline key that makes it, like drain), got '" + name.get() + "'"
                    + NearestName.hint(name.get(), FaultKinds.BY_NAME.keySet()));
            return Optional.empty();
        }
        return requireInTimeline(value, kind.get());
    }

    private Optional<FaultKind> requireInTimeline(YamlValue value, FaultKind kind) {
        if (timelineKinds.contains(kind)) {
            return Optional.of(kind);
        }
        value.problem(value.where() + ": no fault of the timeline is a " + FaultKinds.name(kind) + " (the timeline has: "
                + (timelineKinds.isEmpty() ? "no faults" : timelineKinds.stream().map(FaultKinds::name).collect(Collectors.joining(", ")))
                + "); add one under faults, or judge another");
        return Optional.empty();
    }
}
