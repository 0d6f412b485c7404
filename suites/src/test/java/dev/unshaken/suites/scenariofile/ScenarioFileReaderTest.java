package dev.unshaken.suites.scenariofile;

import dev.unshaken.chaos.AbortCondition;
import dev.unshaken.chaos.DnsFault;
import dev.unshaken.fixtures.stack.Stack;
import dev.unshaken.fixtures.stack.StackVariant;
import dev.unshaken.journal.FaultKind;
import dev.unshaken.load.LoadProfile;
import dev.unshaken.suites.scenariofile.ScenarioFile.TimedFault;
import dev.unshaken.suites.scenariofile.ScenarioFile.Verdict;
import dev.unshaken.suites.verdicts.VerdictSpec;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class ScenarioFileReaderTest {

    private static final Path GOOD = Path.of("src/test/resources/scenario-files/good");

    @Test
    void everyKeyBecomesWhatItSays() {
        ScenarioFile scenario = ScenarioFileReader.read(GOOD.resolve("every-key.yaml"));

        assertThat(scenario.name()).isEqualTo("every-key");
        assertThat(scenario.description()).isEqualTo("All of it.");
        assertThat(scenario.seed()).isEqualTo(7);
        assertThat(scenario.cluster()).isEqualTo(new ClusterSpec.K3s(3, "v1.34.4+k3s1"));
        assertThat(scenario.stack()).isEqualTo(new StackSpec.Shop(StackVariant.NO_READINESS));
        assertThat(scenario.load().journey()).isEqualTo("get");
        assertThat(scenario.load().path()).isEqualTo("/healthz");
        assertThat(scenario.load().profile().phases()).containsExactly(
                new LoadProfile.RampedRate(1, 5.5, ofSeconds(30)), new LoadProfile.ConstantRate(5, ofSeconds(270)));
        assertThat(scenario.faults()).extracting(TimedFault::at, TimedFault::step).containsExactly(
                tuple(ofSeconds(10), new FaultStep.Drain("agent-3", ofMinutes(2), ofSeconds(2), false)),
                tuple(ofSeconds(20), new FaultStep.Uncordon("agent-3")),
                tuple(ofSeconds(30), new FaultStep.DeletePods(Map.of("app", "user-service"), 1, false)),
                tuple(ofSeconds(40), new FaultStep.DeletePods(Map.of("app", "order-service"), 2, true)),
                tuple(ofSeconds(45), new FaultStep.DeletePods(Map.of("app", "payment-service"), 1, false)),
                tuple(ofSeconds(50), new FaultStep.NodeDown("agent-1", ofSeconds(30), false)),
                tuple(ofSeconds(90), new FaultStep.NodeDown("agent-2", ofSeconds(20), true)),
                tuple(ofSeconds(110), new FaultStep.RollOut("order-service", "unshaken/order-service:1.1.0", null, null, ofMinutes(2), false)),
                tuple(ofSeconds(130), new FaultStep.RollOut("user-service", null, "FEATURE_X", "on", ofMinutes(5), true)),
                tuple(ofSeconds(150), new FaultStep.RollBack("order-service", ofSeconds(90))),
                tuple(ofSeconds(170), new FaultStep.ScaleTo("payment-service", 3, ofMinutes(3))),
                tuple(ofSeconds(190), new FaultStep.Partition(Map.of("app", "order-service"),
                        new DestinationSpec.ToService("payment-service", 8083), ofSeconds(20), true)),
                tuple(ofSeconds(215), new FaultStep.PacketLoss(Map.of("app", "order-service"),
                        new DestinationSpec.ToPods(Map.of("app", "postgres"), 5432), 30, ofSeconds(10))),
                tuple(ofSeconds(230), new FaultStep.Partition(Map.of("app", "user-service"),
                        new DestinationSpec.ToCidr("10.42.0.0/16", 0), ofSeconds(5), false, true)),
                tuple(ofSeconds(240), new FaultStep.PacketLoss(Map.of("app", "api-gateway"), new DestinationSpec.ClusterDns(), 100, ofSeconds(5))));
        assertThat(scenario.faults()).extracting(TimedFault::line).startsWith(19, 21, 23);
        assertThat(scenario.verdicts()).extracting(Verdict::check, Verdict::expectFailure).containsExactly(
                tuple(new VerdictSpec.NoFailedRequests(null, ofSeconds(5)), false),
                tuple(new VerdictSpec.NoFailedRequests(FaultKind.ROLLOUT, ofSeconds(2)), false),
                tuple(new VerdictSpec.FailedRequestsAtMost(10, FaultKind.POD_KILL, ofSeconds(5)), false),
                tuple(new VerdictSpec.ReadyReplicasKept(Stack.NAMESPACE, "order-service", 1, FaultKind.POD_KILL), true),
                tuple(new VerdictSpec.DrainRespectedBudget(Stack.NAMESPACE, "user-service", 2), false),
                tuple(new VerdictSpec.Recovered(Stack.NAMESPACE, FaultKind.NODE_STOP, "order-service", 50, ofMinutes(2)), false),
                tuple(new VerdictSpec.ReadyAgain(Stack.NAMESPACE, FaultKind.NODE_PAUSE, "api-gateway", ofSeconds(60)), false),
                tuple(new VerdictSpec.ScaledOut(Stack.NAMESPACE, "user-service", "user-service", 5, ofMinutes(3)), false),
                tuple(new VerdictSpec.LatencyP99(Duration.ofMillis(800), ofSeconds(10)), false),
                tuple(new VerdictSpec.AnsweredWithin(ofSeconds(6), FaultKind.NETWORK_PARTITION, ofSeconds(1)), false),
                tuple(new VerdictSpec.RecoveredWithin(ofSeconds(10), FaultKind.PACKET_LOSS), false),
                tuple(new VerdictSpec.RoutedAround(ofSeconds(20), FaultKind.NETWORK_PARTITION), false));
    }

    @Test
    void defaultsAreATwoAgentClusterTheReferenceShopAndTheFileName() {
        ScenarioFile scenario = ScenarioFileReader.read(Path.of("replay-of-tuesday.yaml"), """
                load:
                  journey: checkout
                  rates:
                    - constant: 2
                      for: 60s
                verdicts:
                  - noFailedRequests:
                """);

        assertThat(scenario.name()).isEqualTo("replay-of-tuesday");
        assertThat(scenario.cluster()).isEqualTo(new ClusterSpec.K3s(2, ScenarioFileReader.defaultK3sVersion()));
        assertThat(scenario.stack()).isEqualTo(new StackSpec.Shop(StackVariant.REFERENCE));
        assertThat(scenario.faults()).isEmpty();
        assertThat(scenario.seed()).isEqualTo(1);
    }

    @Test
    void ownManifestsGiveTheirNamespaceDeploymentsLabelsAndNodePort() {
        ScenarioFile scenario = ScenarioFileReader.read(GOOD.resolve("own-manifests.yaml"));

        var stack = (StackSpec.OwnManifests) scenario.stack();
        assertThat(stack.directory()).isEqualTo(GOOD.resolveSibling("own-stack").toAbsolutePath().normalize());
        assertThat(stack.images()).containsExactly("acme/web:2.3");
        assertThat(stack.namespace()).isEqualTo("web-team");
        assertThat(stack.nodePort()).isEqualTo(30081);
        assertThat(stack.readyPath()).isEqualTo("/healthz");
        assertThat(scenario.faults()).extracting(TimedFault::step)
                .contains(new FaultStep.DeletePods(Map.of("app", "web"), 3, true));
    }

    @Test
    void anExistingClusterIsReachedThroughItsKubeconfigAndAnyNodeNameMayBeDrained() {
        ScenarioFile scenario = ScenarioFileReader.read(GOOD.resolve("existing-cluster.yaml"));

        assertThat(scenario.cluster()).isEqualTo(new ClusterSpec.Kubeconfig(
                GOOD.resolveSibling("kubeconfig").toAbsolutePath().normalize(), "staging"));
        assertThat(scenario.faults()).extracting(TimedFault::step)
                .containsExactly(new FaultStep.Drain("some-node-of-staging", ofMinutes(3), ofSeconds(5), true));
        assertThat(scenario.verdicts()).extracting(Verdict::check)
                .containsExactly(new VerdictSpec.NoFailedRequests(FaultKind.NODE_DRAIN, ofSeconds(5)));
    }

    @Test
    void theLoadIsBoundedUnlessTheFileRaisesTheBound() {
        String file = """
                %s
                load:
                  journey: get
                  rates:
                    - constant: 800
                      for: 150m
                verdicts:
                  - noFailedRequests:
                """;

        assertThatThrownBy(() -> ScenarioFileReader.read(Path.of("peak.yaml"), file.formatted("")))
                .isInstanceOf(ScenarioFileException.class)
                .hasMessageContaining("peak.yaml:5:5: load.rates: expected a load of at most 2h in all")
                .hasMessageContaining("peak.yaml:5:17: load.rates[1].constant: expected at most 500 journeys per second");
        assertThat(ScenarioFileReader.read(Path.of("peak.yaml"), file.formatted("limits: {maxRate: 1000, maxDuration: 3h}"))
                .load().profile().phases()).containsExactly(new LoadProfile.ConstantRate(800, ofMinutes(150)));
    }

    @Test
    void anAbortConditionStopsTheFaultsAtAShareOfFailedRequestsAndNamesTheLineOfABadOne() {
        String file = """
                abort: %s
                load:
                  journey: get
                  rates:
                    - constant: 10
                      for: 60s
                verdicts:
                  - noFailedRequests:
                """;

        assertThat(ScenarioFileReader.read(Path.of("guarded.yaml"), file.formatted("{failedPercent: 50}")).abort())
                .isEqualTo(AbortCondition.errorRateAbove(0.5, ofSeconds(10)));
        assertThat(ScenarioFileReader.read(Path.of("guarded.yaml"), file.formatted("{failedPercent: 20, window: 30s, minRequests: 50}"))
                .abort()).isEqualTo(new AbortCondition(0.2, ofSeconds(30), 50));
        assertThat(ScenarioFileReader.read(Path.of("guarded.yaml"), file.formatted("{failedPercent: 20}").replace("abort: {failedPercent: 20}\n", ""))
                .abort()).as("no abort key: the faults run their course").isNull();
        assertThatThrownBy(() -> ScenarioFileReader.read(Path.of("guarded.yaml"), file.formatted("{failedPercent: 150, window: 200ms}")))
                .isInstanceOf(ScenarioFileException.class)
                .hasMessageContaining("guarded.yaml:1:24: abort.failedPercent: expected a whole number from 1 to 99")
                .hasMessageContaining("guarded.yaml:1:37: abort.window: expected at least 1s");
        assertThatThrownBy(() -> ScenarioFileReader.read(Path.of("guarded.yaml"), file.formatted("{window: 10s}")))
                .hasMessageContaining("guarded.yaml:1:8: abort: ")
                .hasMessageContaining("failedPercent");
    }

    @Test
    void aMissingFileIsAProblemOfItsOwn() {
        assertThatThrownBy(() -> ScenarioFileReader.read(Path.of("no/such/scenario.yaml")))
                .isInstanceOf(ScenarioFileException.class)
                .hasMessageStartingWith("scenario file no/such/scenario.yaml is invalid (1 problem); nothing was started:\n")
                .hasMessageContaining("no/such/scenario.yaml:1:1: no such file (looked at ");
    }

    @Test
    void aKillWithSigtermIsAGracefulDeleteAndVerdictsMustJudgeItAsOne() {
        String file = """
                load:
                  journey: checkout
                  rates:
                    - constant: 2
                      for: 60s
                faults:
                  - at: 10s
                    kill: {target: app=order-service, signal: SIGTERM}
                verdicts:
                  - noFailedRequests: {around: %s}
                """;

        assertThat(ScenarioFileReader.read(Path.of("sigterm.yaml"), file.formatted("pod-delete")).faults())
                .extracting(TimedFault::step).containsExactly(new FaultStep.DeletePods(Map.of("app", "order-service"), 1, false));
        assertThatThrownBy(() -> ScenarioFileReader.read(Path.of("sigterm.yaml"), file.formatted("kill")))
                .hasMessageContaining("sigterm.yaml:10:32: verdicts[1].noFailedRequests.around: no fault of the timeline is a pod-kill"
                        + " (the timeline has: pod-delete)");
    }

    @Test
    void slowOrdersAndDeletesThatWaitForWorkInFlightFeedTheGracefulShutdownVerdict() {
        ScenarioFile scenario = ScenarioFileReader.read(Path.of("orders-in-flight.yaml"), """
                load:
                  journey: checkout
                  orderDelay: 2s
                  rates:
                    - constant: 3
                      for: 90s
                faults:
                  - at: 20s
                    delete: {target: app=order-service, count: 2, whenInFlight: 2}
                verdicts:
                  - gracefulShutdown: {}
                """);

        assertThat(scenario.load().orderDelay()).isEqualTo(ofSeconds(2));
        assertThat(scenario.load().toJourney().name()).isEqualTo("slow-checkout");
        assertThat(scenario.faults()).extracting(TimedFault::step)
                .containsExactly(new FaultStep.DeletePods(Map.of("app", "order-service"), 2, false, 2));
        assertThat(scenario.faults().getFirst().step().toFault("shop").describe())
                .contains("graceful delete of a pod labelled app=order-service in shop once it has 2 or more requests in flight");
        assertThat(scenario.verdicts()).extracting(v -> v.check()).containsExactly(new VerdictSpec.GracefulShutdown(ofSeconds(5)));
    }

    @Test
    void gracefulShutdownNeedsPodsShutDownWithWorkInFlightAndADrainMeasuresThem() {
        String file = """
                load:
                  journey: checkout
                  orderDelay: 2s
                  rates:
                    - constant: 3
                      for: 90s
                faults:
                  - at: 20s
                    %s
                verdicts:
                  - gracefulShutdown: {}
                """;

        assertThatThrownBy(() -> ScenarioFileReader.read(Path.of("shutdown.yaml"), file.formatted("delete: {target: app=order-service}")))
                .isInstanceOf(ScenarioFileException.class)
                .hasMessageContaining("shutdown.yaml:11:")
                .hasMessageContaining("the timeline shuts none down that way: give a delete whenInFlight");
        assertThat(ScenarioFileReader.read(Path.of("shutdown.yaml"), file.formatted("drain: agent-1")).verdicts())
                .extracting(Verdict::check).containsExactly(new VerdictSpec.GracefulShutdown(ofSeconds(5)));
    }

    @Test
    void aPartitionDropsByDefaultAndItsVerdictsJudgeItWithNoMargin() {
        ScenarioFile scenario = ScenarioFileReader.read(Path.of("order-service-loses-payments.yaml"), """
                load:
                  journey: checkout
                  rates:
                    - constant: 2
                      for: 90s
                faults:
                  - at: 20s
                    partition: {from: app=order-service, to: {service: payment-service}, for: 20s}
                  - at: 50s
                    packetLoss: {from: app=order-service, to: {pods: app=postgres}, percent: 30, for: 40s}
                verdicts:
                  - answeredWithin: {budget: 6s, around: partition}
                  - recoveredWithin: {within: 10s, after: network-partition}
                """);

        var partition = new FaultStep.Partition(Map.of("app", "order-service"), new DestinationSpec.ToService("payment-service", 0),
                ofSeconds(20), false);
        var loss = new FaultStep.PacketLoss(Map.of("app", "order-service"), new DestinationSpec.ToPods(Map.of("app", "postgres"), 0),
                30, ofSeconds(40));
        assertThat(scenario.faults()).extracting(TimedFault::at, TimedFault::step)
                .containsExactly(tuple(ofSeconds(20), partition), tuple(ofSeconds(50), loss));
        assertThat(scenario.verdicts()).extracting(Verdict::check).containsExactly(
                new VerdictSpec.AnsweredWithin(ofSeconds(6), FaultKind.NETWORK_PARTITION, Duration.ZERO),
                new VerdictSpec.RecoveredWithin(ofSeconds(10), FaultKind.NETWORK_PARTITION));
        assertThat(scenario.verdicts()).extracting(v -> v.check().describe()).containsExactly(
                "answeredWithin 6 s around network-partition ± 0 s", "recoveredWithin 10 s after network-partition");
        assertThat(partition.kinds()).containsExactly(FaultKind.NETWORK_PARTITION);
        assertThat(loss.kinds()).containsExactly(FaultKind.PACKET_LOSS);
    }

    @Test
    void latencyAndDnsFaultsAreReadWithTheirDefaultsAndCheckedLikeTheOthers() {
        String file = """
                load:
                  journey: checkout
                  rates:
                    - constant: 2
                      for: 90s
                faults:
                  - at: 20s
                    latency: {from: app=order-service, to: {service: payment-service}, delay: %s, for: 20s}
                  - at: 50s
                    dnsFault: {from: app=api-gateway, names: [%s], for: 15s}
                verdicts:
                  - recoveredWithin: {within: 10s, after: dnsFault}
                  - answeredWithin: {budget: 6s, around: network-latency}
                """;
        ScenarioFile scenario = ScenarioFileReader.read(Path.of("slow.yaml"), file.formatted("8s, jitter: 500ms", "order-service-pods.shop.svc.cluster.local"));

        assertThat(scenario.faults()).extracting(TimedFault::step).containsExactly(
                new FaultStep.Latency(Map.of("app", "order-service"), new DestinationSpec.ToService("payment-service", 0), ofSeconds(8),
                        Duration.ofMillis(500), ofSeconds(20)),
                new FaultStep.DnsFailure(Map.of("app", "api-gateway"), List.of("order-service-pods.shop.svc.cluster.local"),
                        DnsFault.Answer.NXDOMAIN, ofSeconds(15)));
        assertThat(scenario.verdicts()).extracting(Verdict::check).containsExactly(
                new VerdictSpec.RecoveredWithin(ofSeconds(10), FaultKind.DNS_FAULT),
                new VerdictSpec.AnsweredWithin(ofSeconds(6), FaultKind.NETWORK_LATENCY, Duration.ZERO));
        assertThat(scenario.faults().get(0).step().toFault("shop").describe())
                .isEqualTo("8000 ms ± 500 ms latency from the pods labelled app=order-service in shop to service shop/payment-service for 20 s");

        assertThatThrownBy(() -> ScenarioFileReader.read(Path.of("slow.yaml"), file.formatted("2s, jitter: 3s", "order-service-pods!")))
                .isInstanceOf(ScenarioFileException.class)
                .hasMessageContaining("slow.yaml:8:")
                .hasMessageContaining("expected at most the delay (2 s), got 3 s")
                .hasMessageContaining("slow.yaml:10:")
                .hasMessageContaining("expected a DNS name like order-service-pods.shop.svc.cluster.local, got order-service-pods!");
        assertThatThrownBy(() -> ScenarioFileReader.read(Path.of("slow.yaml"), file.formatted("2m", "a").replace("for: 15s}", "answer: refused, for: 15s}")))
                .hasMessageContaining("latency.delay: expected at most")
                .hasMessageContaining("expected nxdomain (the default: no such name), servfail (the resolver fails) or timeout (no answer), got refused");
    }

    @Test
    void aNodeCutOffFromTheControlPlaneIsANodeFailureOfItsOwnKind() {
        String file = """
                load:
                  journey: checkout
                  rates:
                    - constant: 2
                      for: 120s
                faults:
                  - at: 20s
                    nodeCutOff: {node: %s, for: %s}
                verdicts:
                  - recoveredWithin: {within: 60s, after: nodeCutOff}
                """;
        ScenarioFile scenario = ScenarioFileReader.read(Path.of("cut.yaml"), file.formatted("agent-1", "45s"));

        var cut = new FaultStep.NodeDown("agent-1", ofSeconds(45), "nodeCutOff");
        assertThat(scenario.faults()).extracting(TimedFault::step).containsExactly(cut);
        assertThat(cut.kinds()).containsExactly(FaultKind.NODE_CUT_OFF);
        assertThat(cut.toFault("shop").describe()).isEqualTo("cut-off from the control plane of node agent-1 for 45 s");
        assertThat(scenario.verdicts()).extracting(Verdict::check).containsExactly(new VerdictSpec.RecoveredWithin(ofSeconds(60), FaultKind.NODE_CUT_OFF));
        assertThatThrownBy(() -> ScenarioFileReader.read(Path.of("cut.yaml"), file.formatted("server", "10s")))
                .isInstanceOf(ScenarioFileException.class)
                .hasMessageContaining("cut.yaml:8:")
                .hasMessageContaining("expected at least 15 s, got 10 s");
    }

    @Test
    void aPartitionBothWaysIsAskedForByItsDirectionAndAnUnknownOneNamesItsLine() {
        String file = """
                load:
                  journey: checkout
                  rates:
                    - constant: 2
                      for: 90s
                faults:
                  - at: 20s
                    partition: {from: app=user-service, to: {service: postgres}, for: 30s, mode: reject, direction: %s}
                verdicts:
                  - recoveredWithin: {within: 10s, after: partition}
                """;
        ScenarioFile scenario = ScenarioFileReader.read(Path.of("cut.yaml"), file.formatted("both"));

        var both = new FaultStep.Partition(Map.of("app", "user-service"), new DestinationSpec.ToService("postgres", 0), ofSeconds(30),
                true, false, true);
        assertThat(scenario.faults()).extracting(TimedFault::step).containsExactly(both);
        assertThat(both.toFault("shop").describe()).startsWith("partition (packets rejected, both ways) of the pods labelled app=user-service");
        assertThat(ScenarioFileReader.read(Path.of("cut.yaml"), file.formatted("outgoing")).faults()).extracting(TimedFault::step)
                .containsExactly(new FaultStep.Partition(Map.of("app", "user-service"), new DestinationSpec.ToService("postgres", 0),
                        ofSeconds(30), true));
        assertThatThrownBy(() -> ScenarioFileReader.read(Path.of("cut.yaml"), file.formatted("inbound")))
                .isInstanceOf(ScenarioFileException.class)
                .hasMessageContaining("cut.yaml:8:101: faults[1].partition.direction: expected outgoing")
                .hasMessageContaining("or both (what the destination sends them is stopped too)");
    }

    @Test
    void aBandwidthLimitTakesARateInKbitOrMbitAndNamesTheLineOfABadOne() {
        String file = """
                load:
                  journey: checkout
                  rates:
                    - constant: 2
                      for: 90s
                faults:
                  - at: 20s
                    bandwidth: {from: app=order-service, to: {service: postgres}, rate: %s, for: 30s}
                verdicts:
                  - answeredWithin: {budget: 6s, around: bandwidth}
                """;
        ScenarioFile scenario = ScenarioFileReader.read(Path.of("thin.yaml"), file.formatted("2mbit"));

        assertThat(scenario.faults()).extracting(TimedFault::step).containsExactly(
                new FaultStep.Bandwidth(Map.of("app", "order-service"), new DestinationSpec.ToService("postgres", 0), 2000, ofSeconds(30)));
        assertThat(scenario.verdicts()).extracting(Verdict::check).containsExactly(
                new VerdictSpec.AnsweredWithin(ofSeconds(6), FaultKind.BANDWIDTH_LIMIT, Duration.ZERO));
        assertThat(scenario.faults().getFirst().step().toFault("shop").describe())
                .isEqualTo("bandwidth limit of 2.0 Mbit/s from the pods labelled app=order-service in shop to service shop/postgres for 30 s");
        assertThat(((FaultStep.Bandwidth) ScenarioFileReader.read(Path.of("thin.yaml"), file.formatted("256 kbit")).faults().getFirst().step())
                .rateKbit()).isEqualTo(256);

        for (String bad : List.of("2", "4kbit", "5gbit", "fast")) {
            assertThatThrownBy(() -> ScenarioFileReader.read(Path.of("thin.yaml"), file.formatted(bad)))
                    .isInstanceOf(ScenarioFileException.class)
                    .hasMessageContaining("thin.yaml:8:")
                    .hasMessageContaining("expected a rate from 8kbit to 1000mbit (a whole number, then kbit or mbit: bits per second), got " + bad);
        }
    }

    @Test
    void anHttpFaultTakesExactlyOneEffectAndItsProbesAreExcludedByPath() {
        String file = """
                load:
                  journey: checkout
                  rates:
                    - constant: 3
                      for: 90s
                faults:
                  - at: 15s
                    httpFault: {target: app=product-service, port: 8081, %s, percent: 30, exclude: [/healthz, /readyz], for: 20s}
                verdicts:
                  - recoveredWithin: {within: 10s, after: httpFault}
                """;
        ScenarioFile scenario = ScenarioFileReader.read(Path.of("errors.yaml"), file.formatted("status: 503"));

        var step = new FaultStep.HttpDisruption(Map.of("app", "product-service"), 8081, new FaultStep.HttpDisruption.Effect(503, Duration.ZERO, false),
                30, List.of("/healthz", "/readyz"), "/", ofSeconds(20));
        assertThat(scenario.faults()).extracting(TimedFault::step).containsExactly(step);
        assertThat(step.kinds()).containsExactly(FaultKind.HTTP_FAULT);
        assertThat(step.toFault("shop").describe()).isEqualTo("30 % of the HTTP requests to the pods labelled app=product-service in shop"
                + " on port 8081 answered 503 for 20 s (except /healthz, /readyz)");
        assertThat(ScenarioFileReader.read(Path.of("errors.yaml"), file.formatted("delay: 2s")).faults().getFirst().step().toFault("shop")
                .describe()).contains("held 2000 ms");

        assertThatThrownBy(() -> ScenarioFileReader.read(Path.of("errors.yaml"), file.formatted("status: 503, reset: true")))
                .isInstanceOf(ScenarioFileException.class)
                .hasMessageContaining("errors.yaml:8:")
                .hasMessageContaining("expected exactly one of status (e.g. status: 503), delay (e.g. delay: 2s) and reset (reset: true),"
                        + " found status and reset");
        assertThatThrownBy(() -> ScenarioFileReader.read(Path.of("errors.yaml"), file.formatted("status: 200")))
                .hasMessageContaining("httpFault.status");
    }

    @Test
    void networkFaultsReachTheirDestinationsInTheStacksNamespace() {
        Map<String, String> orders = Map.of("app", "order-service");
        assertThat(new FaultStep.Partition(orders, new DestinationSpec.ToService("payment-service", 0), ofSeconds(20), false)
                .toFault("shop").describe())
                .isEqualTo("partition (packets dropped) of the pods labelled app=order-service in shop from service shop/payment-service"
                        + " for 20 s");
        assertThat(new FaultStep.Partition(orders, new DestinationSpec.ToService("payment-service", 8083), ofSeconds(5), true)
                .toFault("shop").describe())
                .isEqualTo("partition (packets rejected) of the pods labelled app=order-service in shop from service"
                        + " shop/payment-service port 8083 for 5 s");
        assertThat(new FaultStep.PacketLoss(orders, new DestinationSpec.ToPods(Map.of("app", "postgres"), 5432), 30, ofSeconds(10))
                .toFault("team").describe())
                .isEqualTo("30 % packet loss from the pods labelled app=order-service in team to pods labelled app=postgres in team"
                        + " port 5432 for 10 s");
        assertThat(new FaultStep.PacketLoss(orders, new DestinationSpec.ToCidr("10.42.0.0/16", 0), 100, ofSeconds(10))
                .toFault("shop").describe()).contains(" to 10.42.0.0/16 for 10 s");
        assertThat(new FaultStep.Partition(orders, new DestinationSpec.ClusterDns(), ofSeconds(5), false).toFault("shop").describe())
                .contains(" from the cluster DNS (kube-system/kube-dns) for 5 s");
    }

    @Test
    void faultsBecomeTheChaosFaultsTheyName() {
        assertThat(new FaultStep.DeletePods(Map.of("app", "order-service"), 2, true).toFault("shop").describe())
                .isEqualTo("SIGKILL (grace 0) of a pod labelled app=order-service in shop, then SIGKILL (grace 0) of a pod labelled"
                        + " app=order-service in shop");
        assertThat(new FaultStep.Drain("agent-1", ofMinutes(3), ofSeconds(5), true).toFault("shop").describe())
                .isEqualTo("drain of node agent-1, then uncordon of node agent-1");
        assertThat(new FaultStep.NodeDown("agent-2", ofSeconds(30), true).toFault("shop").describe())
                .isEqualTo("freeze of node agent-2 for 30 s");
        assertThat(new FaultStep.RollOut("web", null, "MODE", "slow", ofMinutes(1), false).toFault("team").describe())
                .isEqualTo("rollout of team/web to env MODE=***");
        assertThat(new FaultStep.RollOut("web", "web:2", null, null, ofMinutes(1), true).toFault("team").describe())
                .isEqualTo("rollout of team/web to image=web:2, expecting it to stall");
        assertThat(new FaultStep.Drain("agent-1", ofMinutes(3), ofSeconds(5), true).kinds())
                .containsExactlyInAnyOrder(FaultKind.NODE_DRAIN, FaultKind.NODE_UNCORDON);
        assertThat(new FaultStep.ScaleTo("web", 0, ofMinutes(1)).toFault("team").describe()).isEqualTo("scale of team/web to 0");
    }
}
