package dev.lethe.server.dashboard;

import dev.lethe.server.Principal;
import java.time.Instant;
import java.util.Optional;

/**
 * One browser's session, held in the server's memory only: who signed in (nobody yet for the
 * session the sign-in form is served in), its CSRF token, when it began and when it was last used.
 * The browser holds only the random token that names it.
 */
public final class Session {

    private final Principal principal;
    private final String csrfToken;
    private final Instant started;
    private volatile Instant lastSeen;

    Session(Principal principal, String csrfToken, Instant started) {
        this.principal = principal;
        this.csrfToken = csrfToken;
        this.started = started;
        this.lastSeen = started;
    }

    /** Who signed in, or empty for the anonymous session of the sign-in form. */
    public Optional<Principal> principal() {
        return Optional.ofNullable(principal);
    }

    public String csrfToken() {
        return csrfToken;
    }

    Instant started() {
        return started;
    }

    Instant lastSeen() {
        return lastSeen;
    }

    void seen(Instant at) {
        lastSeen = at;
    }
}
