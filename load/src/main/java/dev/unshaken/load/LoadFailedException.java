package dev.unshaken.load;

/** Gatling could not run the load (the simulation did not start, or crashed); the journal holds what it recorded. */
public final class LoadFailedException extends RuntimeException {
    LoadFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
