package dev.lethe.model;

/**
 * A forget request the model refuses: an unknown or already-forgotten record, a request type the
 * family cannot honour, an exhausted budget under a refuse policy. The model is left exactly as it was.
 */
public final class ForgetException extends RefusedException {

    public ForgetException(String message) {
        super(message);
    }
}
