package dev.lethe.store;

import dev.lethe.model.LetheException;

/**
 * The registry cannot do what was asked. Its {@link Kind} says why: an unknown request, dataset or
 * model ({@code NOT_FOUND}), a conflicting ID or a concurrent worker ({@code CONFLICT}), a value the
 * registry cannot hold ({@code INVALID_INPUT}), a database out of reach ({@code UNAVAILABLE}), or
 * stored data that fails its checks ({@code INTERNAL}). JDBC failures get their kind in {@code SqlErrors}.
 */
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
