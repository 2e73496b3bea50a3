package dev.lethe.model;

/** The input is malformed or out of range; the message names the file, line, column, flag or limit. */
public class InvalidInputException extends LetheException {

    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public final Kind kind() {
        return Kind.INVALID_INPUT;
    }
}
