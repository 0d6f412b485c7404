package dev.unshaken.load;

import dev.unshaken.journal.FailureKind;

import java.util.Locale;

/** Tells from Gatling's status and error message how a request failed. */
final class FailureKinds {

    private FailureKinds() {
    }

    /**
     * @param status     the HTTP status code, {@code null} when no response came
     * @param accepted   whether Gatling's checks passed (status OK)
     * @param message    Gatling's error message, {@code null} when none
     */
    static FailureKind classify(Integer status, boolean accepted, String message) {
        if (status != null && status >= 500) {
            return FailureKind.HTTP_5XX;
        }
        if (status != null) {
            return accepted ? FailureKind.NONE : FailureKind.OTHER;
        }
        String text = message == null ? "" : message.toLowerCase(Locale.ROOT);
        // Netty/JDK wording: "Connection refused", "finishConnect(..) failed: Connection refused".
        if (text.contains("connection refused")) {
            return FailureKind.REFUSED;
        }
        // "Request timeout to localhost/127.0.0.1:8080 after 10000 ms", "connection timed out", ConnectTimeoutException.
        if (text.contains("timeout") || text.contains("timed out")) {
            return FailureKind.TIMEOUT;
        }
        // "Connection reset by peer", "Connection reset", PrematureCloseException, "Connection closed", "Broken pipe".
        if (text.contains("reset") || text.contains("premature") || text.contains("closed") || text.contains("broken pipe")) {
            return FailureKind.RESET;
        }
        return FailureKind.OTHER;
    }

    /** The status code Gatling reported ("200"), or {@code null} when there is none or it is not a number. */
    static Integer statusCode(String responseCode) {
        if (responseCode == null) {
            return null;
        }
        try {
            return Integer.valueOf(responseCode.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
