package dev.lethe.model;

/** A well-formed request that the model or a policy cannot honour (an exhausted budget, an unsupported kind of request). */
public class RefusedException extends LetheException {

    public RefusedException(String message) {
        super(message);
    }

    public RefusedException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public final Kind kind() {
        return Kind.REFUSED;
    }
}
