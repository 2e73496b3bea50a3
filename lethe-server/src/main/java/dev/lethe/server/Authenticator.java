package dev.lethe.server;

import io.javalin.http.Context;
import java.util.Optional;

/**
 * Establishes who is calling: from an {@code Authorization} header ({@code Bearer KEY} or HTTP
 * Basic with key ID and secret) or from a dashboard session. An empty answer means "no valid
 * credentials" (401); a present principal whose role the route does not admit gets 403.
 */
@FunctionalInterface
public interface Authenticator {

    /** Refuses everyone: a server without keys still answers its public routes. */
    Authenticator NONE = ctx -> Optional.empty();

    Optional<Principal> authenticate(Context ctx);
}
