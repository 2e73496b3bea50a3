package dev.lethe.data;

import dev.lethe.model.LetheException;

/** Malformed or unusable input data; the message names the file, line and column where known. */
public final class DataException extends LetheException {

    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
