package dev.lethe.model;

/** An invalid or conflicting setting: an unknown key, a value out of range, a wrong type. */
public final class OptionsException extends InvalidInputException {

    public OptionsException(String message) {
        super(message);
    }
}
