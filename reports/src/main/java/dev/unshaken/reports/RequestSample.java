package dev.unshaken.reports;

import dev.unshaken.journal.ServedRequest;

import java.util.Objects;

/**
 * One request of the load as the report shows it (a journal {@code request} line).
 *
 * @param startMs     when it was sent, epoch ms
 * @param endMs       when it ended, epoch ms
 * @param journey     the Gatling scenario (journey) that sent it, may be {@code null}
 * @param name        the request's name in the journey, may be {@code null}
 * @param method      HTTP method, may be {@code null}
 * @param route       route template, may be {@code null}
 * @param status      HTTP status, {@code null} when no response came
 * @param failure     how it failed: {@code NONE} when it did not, else e.g. {@code HTTP_5XX}, {@code REFUSED},
 *                    {@code RESET}, {@code TIMEOUT}, {@code OTHER} (kept as text so new kinds read fine)
 * @param detail      the client's error message, may be {@code null}
 * @param upstream    the upstreams its response named (see {@link ServedRequest}), may be {@code null}
 */
public record RequestSample(long startMs, long endMs, String journey, String name, String method, String route,
                            Integer status, String failure, String detail, String upstream) implements ServedRequest {

    /** A request whose response named no upstream. */
    public RequestSample(long startMs, long endMs, String journey, String name, String method, String route,
                         Integer status, String failure, String detail) {
        this(startMs, endMs, journey, name, method, route, status, failure, detail, null);
    }

    /** The failure kind of a request that did not fail. */
    public static final String NO_FAILURE = "NONE";

    public RequestSample {
        Objects.requireNonNull(failure, "failure");
    }

    /** An OK request, for tests and callers that build reports by hand. */
    public static RequestSample ok(long startMs, long endMs, String name, int status) {
        return new RequestSample(startMs, endMs, null, name, null, null, status, NO_FAILURE, null);
    }

    /** A failed request, for tests and callers that build reports by hand. */
    public static RequestSample failed(long startMs, long endMs, String name, Integer status, String failure, String detail) {
        return new RequestSample(startMs, endMs, null, name, null, null, status, failure, detail);
    }

    /** Whether it failed. */
    @Override
    public boolean failed() {
        return !NO_FAILURE.equals(failure);
    }

    /** How long it took, ms. */
    public long durationMs() {
        return endMs - startMs;
    }

    RequestSample redacted(Redactor redactor) {
        return new RequestSample(startMs, endMs, redactor.redact(journey), redactor.redact(name), method,
                redactor.redact(route), status, failure, redactor.redact(detail), upstream);
    }
}
