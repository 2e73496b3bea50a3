package dev.lethe.server.auth;

import dev.lethe.server.Authenticator;
import dev.lethe.server.Principal;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * An authenticator that charges every authenticated call to its key's token bucket; a key over its
 * limit gets 429 with {@code Retry-After} before any handler runs. Calls without a key are not
 * limited here (they reach only public routes or get 401).
 */
public final class RateLimitedAuthenticator implements Authenticator {

    private final Authenticator inner;
    private final RateLimiter limiter;

    public RateLimitedAuthenticator(Authenticator inner, RateLimiter limiter) {
        this.inner = inner;
        this.limiter = limiter;
    }

    @Override
    public Optional<Principal> authenticate(Context ctx) {
        Optional<Principal> principal = inner.authenticate(ctx);
        if (principal.isPresent()) {
            long wait = limiter.acquire(principal.get().keyId());
            if (wait > 0) {
                throw new RateLimitExceeded("this key sent more than " + limiter.limit().perSecond()
                        + " requests per second (burst " + limiter.limit().burst() + "); retry after " + wait + " s", wait);
            }
        }
        return principal;
    }
}
