package dev.unshaken.reports;

/** A file that is not a {@code summary.json} this version can read; the message names the file and what was expected. */
public final class InvalidSummaryException extends RuntimeException {

    InvalidSummaryException(String message) {
        super(message);
    }

    InvalidSummaryException(String message, Throwable cause) {
        super(message, cause);
    }
}
