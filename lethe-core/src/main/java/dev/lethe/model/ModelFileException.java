package dev.lethe.model;

/** A model file that cannot be used: missing, truncated, corrupted, or of an unknown family or version. */
public final class ModelFileException extends InvalidInputException {

    public ModelFileException(String message) {
        super(message);
    }

    public ModelFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
