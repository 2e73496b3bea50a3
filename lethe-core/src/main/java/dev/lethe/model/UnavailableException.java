package dev.lethe.model;

/** A resource Lethe needs is out of reach: the database, the disk, an executor. Retrying later may succeed. */
public class UnavailableException extends LetheException {

    public UnavailableException(String message) {
        super(message);
    }

    public UnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public Kind kind() {
        return Kind.UNAVAILABLE;
    }
}
