package dev.unshaken.load;

import io.gatling.javaapi.core.Simulation;

import static io.gatling.javaapi.core.CoreDsl.scenario;
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
        setUp(scenario(plan.journey().name())
                .exec(plan.journey().chain().get())
                .injectOpen(plan.profile().injectionSteps()))
                .protocols(http.baseUrl(plan.baseUrl())
                        // The default warm-up calls an internet host; the harness runs offline.
                        .disableWarmUp()
                        .acceptHeader("application/json")
                        .userAgentHeader("unshaken-load"));
    }
}
