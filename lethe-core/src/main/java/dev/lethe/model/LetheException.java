package dev.lethe.model;

/**
 * The root of Lethe's few domain exceptions: something a user asked for cannot be done, and the
 * message says what and why. Each exception has a {@link Kind}; front ends map the kind to an exit
 * code (the CLI's {@code Main}) or an HTTP status (the server) in exactly one place each, so no
 * caller ever inspects a message or a concrete class to decide how to answer.
 *
 * <p>Messages name the file, line, column, flag or limit at fault and never echo more than
 * {@link #MAX_ECHO} characters of what the user sent: use {@link #quote(String)}.
 */
public abstract class LetheException extends RuntimeException {

    /** The most characters of user input a message repeats. */
    public static final int MAX_ECHO = 100;

    /** What went wrong, in the terms a front end answers with. */
    public enum Kind {
        /** A named thing (request, model, dataset, record, key file) does not exist: exit 2, HTTP 404. */
        NOT_FOUND,
        /** The request clashes with the current state (duplicate ID, a concurrent writer, a lock held): exit 2, HTTP 409. */
        CONFLICT,
        /** The input is malformed or out of range (a file, a flag, a value): exit 2, HTTP 400/422. */
        INVALID_INPUT,
        /** The model or policy cannot honour a well-formed request (budget, unsupported kind): exit 2, HTTP 409/422. */
        REFUSED,
        /** A resource Lethe needs is out of reach (database, disk, executor): exit 2, HTTP 503. */
        UNAVAILABLE,
        /** A defect in Lethe itself: exit 3 with the stack trace, HTTP 500 without it. */
        INTERNAL
    }

    protected LetheException(String message) {
        super(message);
    }

    protected LetheException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The kind of failure, which alone decides the exit code or HTTP status. */
    public abstract Kind kind();

    /** The most names a message lists before it says how many more there are. */
    public static final int MAX_NAMES = 20;

    /**
     * Names (features, columns) as a message may list them: at most {@link #MAX_NAMES}, then how many
     * were left out, so an image's 784 pixel features do not flood a one-line error.
     */
    public static String names(java.util.List<String> names) {
        if (names.size() <= MAX_NAMES) {
            return names.toString();
        }
        return names.subList(0, MAX_NAMES).toString().replaceFirst("]$", ", … (" + names.size() + " in all)]");
    }

    /**
     * User input as a message may repeat it: in single quotes, cut to {@link #MAX_ECHO} characters
     * (with an ellipsis and the full length when longer), control characters shown as '?'.
     */
    public static String quote(String input) {
        if (input == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(Math.min(input.length(), MAX_ECHO) + 24).append('\'');
        int n = Math.min(input.length(), MAX_ECHO);
        for (int i = 0; i < n; i++) {
            char ch = input.charAt(i);
            b.append(Character.isISOControl(ch) ? '?' : ch);
        }
        b.append('\'');
        if (input.length() > MAX_ECHO) {
            b.append("… (").append(input.length()).append(" characters)");
        }
        return b.toString();
    }
}
