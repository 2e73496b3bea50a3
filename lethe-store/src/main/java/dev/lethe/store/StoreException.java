package dev.lethe.store;

import dev.lethe.model.LetheException;

/** The registry cannot do what was asked: an unknown name, a conflicting request ID, or a database failure. */
public final class StoreException extends LetheException {

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
