package dev.unshaken.journal;

import java.util.List;

/**
 * What one pod shut down by a fault (a delete or an eviction) had to do with the load, by the requests' own
 * responses: which upstream answered each (see {@link ServedRequest}).
 * <ul>
 *   <li>{@code inFlight}: requests the pod answered that were in flight when its deletion began, and how many of them
 *   failed;</li>
 *   <li>{@code receivedAfter}: requests sent after its deletion began that went to it (answered, or tried and passed
 *   on by the gateway), and how many of them failed.</li>
 * </ul>
 * Seen from the client: a request answered by the pod that overlapped the delete may have reached it just after the
 * delete began. Both are exposure to the shutdown, which is what a graceful-shutdown verdict needs.
 *
 * @param pod                 the victim, {@code namespace/pod/name} as the fault's target
 * @param podIp               its IP address, {@code null} when the fault did not journal it
 * @param deletedAtMs         when its deletion began, epoch ms
 * @param attributed          requests of the run whose response named any upstream; 0 means nothing could be attributed
 * @param inFlight            requests it answered that were in flight at {@code deletedAtMs}
 * @param inFlightFailed      of those, how many failed
 * @param receivedAfter       requests sent after {@code deletedAtMs} that went to it
 * @param receivedAfterFailed of those, how many failed
 */
public record ShutdownExposure(String pod, String podIp, long deletedAtMs, int attributed, int inFlight, int inFlightFailed,
                               int receivedAfter, int receivedAfterFailed) {

    /** The exposure of the victim of a {@link FaultKind#POD_DELETE}, {@link FaultKind#POD_KILL} or {@link FaultKind#EVICTION}. */
    public static ShutdownExposure of(FaultEvent shutdown, List<? extends ServedRequest> requests) {
        String target = shutdown.target();
        String podIp = shutdown.detail(FaultEvent.POD_IP);
        long deletedAtMs = shutdown.startMs();
        String name = target == null ? null : target.substring(target.lastIndexOf('/') + 1);
        int attributed = 0;
        int inFlight = 0;
        int inFlightFailed = 0;
        int after = 0;
        int afterFailed = 0;
        for (ServedRequest request : requests) {
            if (request.upstream() == null || request.upstream().isBlank()) {
                continue;
            }
            attributed++;
            if (request.startMs() <= deletedAtMs && request.endMs() >= deletedAtMs && request.answeredBy(podIp, name)) {
                inFlight++;
                inFlightFailed += request.failed() ? 1 : 0;
            } else if (request.startMs() > deletedAtMs && request.wentTo(podIp, name)) {
                after++;
                afterFailed += request.failed() ? 1 : 0;
            }
        }
        return new ShutdownExposure(target, podIp, deletedAtMs, attributed, inFlight, inFlightFailed, after, afterFailed);
    }

    /** Whether requests could be attributed to pods at all: some response named an upstream, and the victim's IP is known. */
    public boolean measured() {
        return attributed > 0 && (podIp != null || exposed());
    }

    /** Whether the responses show the pod had work in flight at its delete, or got requests after it. */
    public boolean exposed() {
        return inFlight > 0 || receivedAfter > 0;
    }

    /**
     * E.g. {@code 3 answered by it in flight at the delete (0 failed), 1 sent to it after the delete began (1 failed)}, or
     * {@code unattributed (...)} with the reason.
     */
    public String describe() {
        if (attributed == 0) {
            return "unattributed (no response named its upstream)";
        }
        if (!measured()) {
            return "unattributed (its IP address was not journaled)";
        }
        return inFlight + " answered by it in flight at the delete (" + inFlightFailed + " failed), " + receivedAfter
                + " sent to it after the delete began (" + receivedAfterFailed + " failed)";
    }
}
