package dev.unshaken.chaos;

/** A fault could not be carried out (e.g. no pod matched, a node did not come back); the journal holds how far it got. */
public final class FaultFailedException extends RuntimeException {
    public FaultFailedException(String message) {
        super(message);
    }

    public FaultFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
