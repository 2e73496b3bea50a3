package dev.lethe.data;

import dev.lethe.model.InvalidInputException;

/** Malformed or unusable input data; the message names the file, line and column where known. */
public final class DataException extends InvalidInputException {

    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
