package dev.lethe.store;

import dev.lethe.model.LetheException;

/** The registry cannot do what was asked: an unknown name, a conflicting request ID, or a database failure. */
public final class StoreException extends LetheException {

    private final Kind kind;

    /** A failure of the database or its connection: {@link Kind#UNAVAILABLE}. */
    public StoreException(String message) {
        this(Kind.UNAVAILABLE, message, null);
    }

    /** A failure of the database or its connection: {@link Kind#UNAVAILABLE}. */
    public StoreException(String message, Throwable cause) {
        this(Kind.UNAVAILABLE, message, cause);
    }

    public StoreException(Kind kind, String message) {
        this(kind, message, null);
    }

    public StoreException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    @Override
    public Kind kind() {
        return kind;
    }
}
