package dev.lethe.server.auth;

/** Thrown before a handler runs when a key is over its rate; answered 429 with {@code Retry-After} by {@code Problems}. */
public final class RateLimitExceeded extends RuntimeException {

    private final long retryAfterSeconds;

    public RateLimitExceeded(String message, long retryAfterSeconds) {
        super(message, null, false, false);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
