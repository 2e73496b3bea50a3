package dev.lethe.model;

/**
 * The root of Lethe's few domain exceptions: something a user asked for cannot be done, and the
 * message says what and why. Front ends map each subclass to an exit code or HTTP status in one place.
 */
public abstract class LetheException extends RuntimeException {

    protected LetheException(String message) {
        super(message);
    }

    protected LetheException(String message, Throwable cause) {
        super(message, cause);
    }
}
