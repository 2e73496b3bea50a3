package dev.lethe.model;

/** A defect in Lethe itself, reported with its cause so it can be fixed. */
public final class InternalException extends LetheException {

    public InternalException(String message) {
        super(message);
    }

    public InternalException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public Kind kind() {
        return Kind.INTERNAL;
    }
}
