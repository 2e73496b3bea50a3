package dev.lethe.model;

/** The request clashes with the current state: a duplicate ID, a concurrent writer, a lock held by another process. */
public class ConflictException extends LetheException {

    public ConflictException(String message) {
        super(message);
    }

    public ConflictException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public Kind kind() {
        return Kind.CONFLICT;
    }
}
