package dev.unshaken.suites.verdicts;

import dev.unshaken.journal.FaultEvent;
import dev.unshaken.journal.FaultKind;
import dev.unshaken.journal.RequestOutcome;
import dev.unshaken.journal.ShutdownExposure;
import dev.unshaken.journal.Verdict;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.unshaken.suites.verdicts.JournalFacts.inconclusive;
import static dev.unshaken.suites.verdicts.RunClock.seconds;

/** The verdict on graceful shutdown: pods deleted or evicted with work in flight answered it. */
final class GracefulShutdownVerdict {

    private GracefulShutdownVerdict() {
    }

    /** The verdict of {@link JournalAssert#shutDownGracefully(Duration)}. */
    static Judgement judge(JournalFacts j, Duration margin) {
        String name = "no failed requests within " + seconds(margin)
                + " of pod deletes or evictions with requests in flight (graceful shutdown)";
        return j.check(name, Verdict.Limit.AT_MOST, 0, "requests", check -> {
            List<Shutdown> shutdowns = shutdowns(j);
            if (shutdowns.isEmpty()) {
                inconclusive("the journal holds no POD_DELETE and no EVICTION, so no pod was shut down (faults recorded: "
                        + j.journal().faults().stream().map(f -> f.kind().name()).distinct().toList() + ")");
            }
            List<RequestOutcome> requests = j.journal().requests();
            // Each victim's requests by the responses, counted once over the journal's requests.
            Map<Shutdown, ShutdownExposure> exposures = new HashMap<>();
            shutdowns.forEach(sd -> exposures.put(sd, ShutdownExposure.of(sd.fault(), requests)));
            List<Shutdown> busy = shutdowns.stream().filter(sd -> sd.exposed(exposures.get(sd))).toList();
            if (busy.isEmpty()) {
                inconclusive("no deleted or evicted pod had a request in flight when its deletion began (" + shutdowns.stream()
                        .map(sd -> sd.inFlightShown() + ", by the responses " + exposures.get(sd).describe())
                        .collect(Collectors.joining("; ")) + "): nothing was exposed to the shutdown,"
                        + " so whether it is graceful cannot be told; hold the deletes back with PodDelete.whenInFlight (scenario"
                        + " files: whenInFlight), or drain under a load that keeps work in flight on the node's pods");
            }
            TimeWindow window = new TimeWindow(shutdowns.stream().mapToLong(sd -> sd.window().fromMs()).min().orElseThrow(),
                    shutdowns.stream().mapToLong(sd -> sd.window().toMs()).max().orElseThrow());
            RunClock clock = j.clock();
            String what = shutdowns.size() + " pod " + (shutdowns.size() == 1 ? "shutdown" : "shutdowns") + " (" + clock.span(window) + ")";
            j.requireLoadCovers(window, what);
            String victims = busy.stream().map(sd -> {
                TimeWindow around = sd.window().widenedBy(margin);
                List<RequestOutcome> near = j.journal().requests().stream().filter(r -> around.overlaps(r.startMs(), r.endMs())).toList();
                long failedNear = near.stream().filter(RequestOutcome::failed).count();
                return sd.fault().target() + " (" + sd.verb() + " at " + clock.at(sd.fault().startMs()) + " with "
                        + sd.inFlightByGauge() + " in flight by its gauge; by the responses: "
                        + exposures.get(sd).describe() + "; " + failedNear + " of " + near.size()
                        + " requests around it failed)";
            }).collect(Collectors.joining(", "));
            TimeWindow widened = window.widenedBy(margin);
            List<RequestOutcome> inWindow = j.journal().requests().stream().filter(r -> widened.overlaps(r.startMs(), r.endMs())).toList();
            List<RequestOutcome> failed = inWindow.stream().filter(RequestOutcome::failed).toList();
            check.measured(failed.size());
            if (!failed.isEmpty()) {
                j.fail("Expected requests in flight on pods being deleted to be answered, but " + failed.size() + " of the "
                        + inWindow.size() + " requests within " + seconds(margin) + " of " + what + " failed. Victims: " + victims
                        + "." + FailedRequests.describe(failed, clock, TerminatingPods.of(j.journal())) + j.journalHint());
            }
            return "0 of the " + inWindow.size() + " requests within " + seconds(margin) + " of the " + what
                    + " failed; victims with work in flight: " + victims;
        });
    }

    /**
     * A pod shut down by a fault: a {@link FaultKind#POD_DELETE} (until the pod is gone) or an {@link FaultKind#EVICTION}
     * by a drain (until the drain is done: it waits for its evicted pods to be gone).
     */
    private record Shutdown(FaultEvent fault, TimeWindow window) {

        /** Whether the pod had work at its delete: by its gauge, or by the responses that name it as their upstream. */
        boolean exposed(ShutdownExposure byTheResponses) {
            return inFlightAtDelete(fault) > 0 || byTheResponses.exposed();
        }

        String inFlightByGauge() {
            return fault.details().containsKey(FaultEvent.IN_FLIGHT_AT_DELETE) ? fault.detail(FaultEvent.IN_FLIGHT_AT_DELETE) : "unmeasured";
        }

        String verb() {
            return fault.kind() == FaultKind.EVICTION ? "evicted" : "deleted";
        }

        String inFlightShown() {
            return fault.target() + ": " + (fault.details().containsKey(FaultEvent.IN_FLIGHT_AT_DELETE)
                    ? fault.detail(FaultEvent.IN_FLIGHT_AT_DELETE) + " in flight" : fault.details().getOrDefault("outcome", "not measured"));
        }
    }

    private static List<Shutdown> shutdowns(JournalFacts j) {
        long openEnd = j.lastTimeMs();
        List<FaultEvent> drains = j.journal().faults().stream().filter(f -> f.kind() == FaultKind.NODE_DRAIN).toList();
        List<Shutdown> shutdowns = new ArrayList<>();
        for (FaultEvent f : j.journal().faults()) {
            if (f.kind() == FaultKind.POD_DELETE) {
                shutdowns.add(new Shutdown(f, TimeWindow.of(f, openEnd)));
            } else if (f.kind() == FaultKind.EVICTION) {
                long until = drains.stream().filter(d -> d.startMs() <= f.startMs() && d.endOr(openEnd) >= f.startMs())
                        .mapToLong(d -> d.endOr(openEnd)).max().orElse(f.startMs());
                shutdowns.add(new Shutdown(f, new TimeWindow(f.startMs(), until)));
            }
        }
        return shutdowns;
    }

    private static long inFlightAtDelete(FaultEvent fault) {
        try {
            return Long.parseLong(fault.details().getOrDefault(FaultEvent.IN_FLIGHT_AT_DELETE, "0"));
        } catch (NumberFormatException unreadable) {
            return 0;
        }
    }
}
