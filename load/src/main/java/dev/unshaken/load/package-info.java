/**
 * Traffic and its per-request timeline: Gatling (Java DSL) run inside the test JVM while faults run, every
 * request's outcome recorded in the run's {@link dev.unshaken.journal.Journal}.
 *
 * <pre>{@code
 * LoadRun run = load.start(gatewayUrl, Journeys.shopCheckout(), LoadProfile.constantRate(2).during(Duration.ofMinutes(2)));
 * ... faults ...
 * run.awaitEnd();
 * }</pre>
 *
 * <ul>
 *   <li>{@link dev.unshaken.load.Load} starts a run; {@link dev.unshaken.load.LoadExtension} injects one per test.</li>
 *   <li>{@link dev.unshaken.load.Journey} is what one virtual user does (a Gatling chain and its
 *   {@link dev.unshaken.load.Endpoint}s); {@link dev.unshaken.load.Journeys} has a plain GET and the shop's checkout.</li>
 *   <li>{@link dev.unshaken.load.LoadProfile} is the open-model arrival rate over time, as a value.</li>
 *   <li>{@link dev.unshaken.load.LoadRun} is the running load: {@code awaitEnd()}, {@code timeline()}, Gatling's report directory.</li>
 * </ul>
 *
 * The test JVM needs {@code --add-opens=java.base/java.lang=ALL-UNNAMED} (Gatling reads String internals).
 */
package dev.unshaken.load;
