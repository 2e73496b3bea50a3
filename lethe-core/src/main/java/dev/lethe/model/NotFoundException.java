package dev.lethe.model;

/** A named thing (request, model, dataset, record, key file) does not exist. */
public class NotFoundException extends LetheException {

    public NotFoundException(String message) {
        super(message);
    }

    public NotFoundException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public Kind kind() {
        return Kind.NOT_FOUND;
    }
}
