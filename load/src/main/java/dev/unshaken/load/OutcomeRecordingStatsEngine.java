package dev.unshaken.load;

import dev.unshaken.journal.FailureKind;
import dev.unshaken.journal.RequestOutcome;
import io.gatling.commons.stats.OK$;
import io.gatling.commons.stats.Status;
import io.gatling.core.actor.ActorRef;
import io.gatling.core.controller.Controller;
import io.gatling.core.session.GroupBlock;
import io.gatling.core.stats.StatsEngine;
import io.netty.channel.ChannelHandler;
import scala.Option;
import scala.collection.immutable.List;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Gatling's own stats engine (which writes the simulation log its HTML report is made from), plus every
 * request outcome handed to the journal as it happens. Requests that never got a response, and requests
 * Gatling could not even build, are outcomes too: nothing is dropped.
 */
final class OutcomeRecordingStatsEngine implements StatsEngine {

    private final StatsEngine gatling;
    private final Journey journey;
    private final Consumer<RequestOutcome> outcomes;
    private final Runnable firstUserStarted;
    private final EarlyEnd early;
    private final AtomicBoolean started = new AtomicBoolean();

    OutcomeRecordingStatsEngine(StatsEngine gatling, Journey journey, Consumer<RequestOutcome> outcomes, Runnable firstUserStarted,
                                EarlyEnd early) {
        this.gatling = gatling;
        this.journey = journey;
        this.outcomes = outcomes;
        this.firstUserStarted = firstUserStarted;
        this.early = early;
    }

    @Override
    public void logResponse(String scenario, List<String> groups, String requestName, long startTimestamp, long endTimestamp,
                            Status status, Option<String> responseCode, Option<String> message) {
        gatling.logResponse(scenario, groups, requestName, startTimestamp, endTimestamp, status, responseCode, message);
        Integer code = FailureKinds.statusCode(responseCode.getOrElse(() -> null));
        String error = message.getOrElse(() -> null);
        FailureKind failure = FailureKinds.classify(code, status == OK$.MODULE$, error);
        record(scenario, requestName, startTimestamp, endTimestamp, code, failure, failure == FailureKind.NONE ? null : error,
                Upstreams.take(requestName, startTimestamp, endTimestamp));
    }

    @Override
    public void logRequestCrash(String scenario, List<String> groups, String requestName, String error) {
        gatling.logRequestCrash(scenario, groups, requestName, error);
        long now = System.currentTimeMillis();
        record(scenario, requestName, now, now, null, FailureKind.OTHER, "request not sent: " + error, null);
    }

    private void record(String scenario, String requestName, long start, long end, Integer status, FailureKind failure, String detail,
                        String upstream) {
        var endpoint = journey.endpoint(requestName);
        outcomes.accept(new RequestOutcome(start, end, scenario, requestName,
                endpoint.map(Endpoint::method).orElse(null), endpoint.map(Endpoint::route).orElse(null), status, failure, detail,
                upstream));
    }

    // Everything else goes to Gatling's engine unchanged.

    @Override
    public void start() {
        gatling.start();
    }

    @Override
    public void stop(ActorRef<Controller.Command> controller, Option<Exception> exception) {
        gatling.stop(controller, exception);
    }

    @Override
    public void logUserStart(String scenario) {
        gatling.logUserStart(scenario);
        early.userStarted();
        if (started.compareAndSet(false, true)) {
            firstUserStarted.run();
        }
    }

    @Override
    public void logUserEnd(String scenario) {
        gatling.logUserEnd(scenario);
        early.userEnded();
    }

    @Override
    public void logGroupEnd(String scenario, GroupBlock groupBlock, long exitTimestamp) {
        gatling.logGroupEnd(scenario, groupBlock, exitTimestamp);
    }

    @Override
    public ChannelHandler statsChannelHandler(String name) {
        return gatling.statsChannelHandler(name);
    }

    @Override
    public void logTcpConnectAttempt(InetSocketAddress address) {
        gatling.logTcpConnectAttempt(address);
    }

    @Override
    public void logTcpConnect(String host, long start, long end, Option<String> error) {
        gatling.logTcpConnect(host, start, end, error);
    }

    @Override
    public void logTlsHandshake(String host, long start, long end, Option<String> error) {
        gatling.logTlsHandshake(host, start, end, error);
    }
}
