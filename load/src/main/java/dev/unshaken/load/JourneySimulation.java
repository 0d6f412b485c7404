package dev.unshaken.load;

import io.gatling.javaapi.core.Simulation;

import static io.gatling.javaapi.core.CoreDsl.exitHereIf;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.core.CoreDsl.stopLoadGeneratorIf;
import static io.gatling.javaapi.http.HttpDsl.http;

/**
 * The one Gatling simulation Unshaken runs: the current {@link LoadPlan}'s journey, injected by its profile
 * against its base URL. Gatling instantiates it by class name on the thread that runs the load
 * ({@link InProcessGatling}), which is how it finds its plan.
 */
public final class JourneySimulation extends Simulation {

    /** Called by Gatling only, on a thread {@link InProcessGatling} set a plan for. */
    public JourneySimulation() {
        LoadPlan plan = InProcessGatling.currentPlan();
        EarlyEnd early = plan.early();
        setUp(scenario(plan.journey().name())
                // An early end (LoadRun.endAfter): from then on no new journey starts, and once the journeys in
                // flight have had time to finish, the next arrival stops Gatling (a clean stop, report included).
                .exec(stopLoadGeneratorIf(EarlyEnd.MESSAGE, session -> early.stopNow()),
                        exitHereIf(session -> early.ended()),
                        plan.journey().chain().get())
                .injectOpen(plan.profile().injectionSteps()))
                .protocols(http.baseUrl(plan.baseUrl())
                        // The default warm-up calls an internet host; the harness runs offline.
                        .disableWarmUp()
                        .acceptHeader("application/json")
                        .userAgentHeader("unshaken-load"));
    }
}
