package dev.unshaken.load;

import io.gatling.app.RunResult;
import io.gatling.app.RunResultProcessor;
import io.gatling.app.Runner;
import io.gatling.commons.util.DefaultClock;
import io.gatling.core.actor.ActorSystem;
import io.gatling.core.cli.GatlingArgs;
import io.gatling.core.config.GatlingConfiguration;
import io.gatling.core.config.GatlingConfiguration$;
import io.gatling.core.scenario.SimulationParams;
import io.gatling.core.stats.StatsEngine;
import io.gatling.core.stats.writer.RunMessage;
import io.gatling.netty.util.Transports;
import io.netty.channel.EventLoopGroup;
import scala.Option;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Runs Gatling inside this JVM, as {@code io.gatling.app.Gatling.fromArgs} does (configuration, actor system,
 * event loops, {@link Runner}, then the HTML report), with two differences:
 * <ul>
 *   <li>the runner's stats engine is wrapped so every request outcome also reaches the journal
 *   ({@link Runner#newStatsEngine} is the hook Gatling provides for other stats engines);</li>
 *   <li>logging is left alone ({@code fromArgs} stops Logback when it is done, which would silence the rest
 *   of the test run), and there is no version check, which would go to the internet.</li>
 * </ul>
 * Pinned to Gatling 3.15; {@code InProcessGatlingTest} fails when an upgrade changes these internals.
 */
final class InProcessGatling {

    private static final ThreadLocal<LoadPlan> CURRENT = new ThreadLocal<>();

    private InProcessGatling() {
    }

    /** The plan of the run on this thread; {@link JourneySimulation} reads it. */
    static LoadPlan currentPlan() {
        LoadPlan plan = CURRENT.get();
        if (plan == null) {
            throw new IllegalStateException(JourneySimulation.class.getSimpleName() + " runs only inside Load.start(...), "
                    + "not from Gatling's launcher or the Gatling Maven plugin");
        }
        return plan;
    }

    /**
     * Runs the plan to its end on this thread and writes Gatling's HTML report.
     *
     * @return the directory of the run's simulation log and report
     */
    static Path run(LoadPlan plan) {
        requireOpenJavaLang();
        CURRENT.set(plan);
        try {
            GatlingConfiguration configuration = GatlingConfiguration$.MODULE$.load();
            GatlingArgs args = new GatlingArgs(
                    Option.apply(JourneySimulation.class.getName()),
                    Option.apply(plan.description()),
                    false,
                    Option.empty(),
                    Option.apply(plan.resultsDirectory().toAbsolutePath()),
                    Option.apply("unshaken"),
                    Option.empty());
            RunResult result;
            ActorSystem system = new ActorSystem();
            EventLoopGroup eventLoops = Transports.newEventLoopGroup(configuration.netty().useNativeTransport(),
                    configuration.netty().useIoUring(), 0, "gatling");
            try {
                result = new JournalingRunner(system, eventLoops, args, configuration, plan).run();
            } finally {
                system.close();
                eventLoops.shutdownGracefully(0, configuration.core().shutdownTimeout(), TimeUnit.MILLISECONDS).awaitUninterruptibly();
            }
            new RunResultProcessor(args, configuration).processRunResult(result);
            return plan.resultsDirectory().resolve(result.runId());
        } finally {
            CURRENT.remove();
        }
    }

    /** Gatling's simulation-log writer reads String internals by reflection (gatling/gatling#4599). */
    static void requireOpenJavaLang() {
        if (!String.class.getModule().isOpen(String.class.getPackageName(), InProcessGatling.class.getModule())) {
            throw new IllegalStateException("Gatling needs java.lang opened to it: add --add-opens=java.base/java.lang=ALL-UNNAMED "
                    + "to the test JVM (the argLine of maven-surefire-plugin or maven-failsafe-plugin)");
        }
    }

    /** Gatling's runner with the journaling stats engine and without the online version check. */
    private static final class JournalingRunner extends Runner {
        private final LoadPlan plan;

        JournalingRunner(ActorSystem system, EventLoopGroup eventLoops, GatlingArgs args, GatlingConfiguration configuration, LoadPlan plan) {
            super(system, eventLoops, new DefaultClock(), args, configuration);
            this.plan = plan;
        }

        @Override
        public StatsEngine newStatsEngine(SimulationParams simulationParams, RunMessage runMessage) {
            return new OutcomeRecordingStatsEngine(super.newStatsEngine(simulationParams, runMessage), plan.journey(), plan.outcomes(),
                    plan.trafficStarted(), plan.early());
        }

        @Override
        public void displayVersionWarning() {
        }
    }
}
